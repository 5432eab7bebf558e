import { useMemo, useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup, Input, TextArea } from '@nutui/nutui-react-taro';
import { api, type Address } from '../../api';
import { Field } from '../../components/Field';
import { LineItem } from '../../components/LineItem';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';
import { useAuth } from '../../hooks/useAuth';
import { platform } from '../../platform';
import { go, idParam, routes, withQuery } from '../../routes';
import { cart, computeTotals, type CartLine } from '../../store/cart';
import { taroStorage } from '../../store/storage';
import { useEntry } from '../../store/entry';
import { errorMessage } from '../../utils/errors';
import { newIdempotencyKey } from '../../utils/id';
import { skuLine } from '../../utils/skuLine';
import { freightRows } from './freight';
import './index.scss';

const ADDRESS_KEY = 'shareshop.address.v1';
const EMPTY_ADDRESS: Address = { name: '', phone: '', province: '', city: '', district: '', detail: '' };
const ADDRESS_FIELDS: [keyof Address, string, string][] = [
  ['name', '收货人', '姓名'],
  ['phone', '手机号', '11 位手机号'],
  ['province', '省份', '如：广东省'],
  ['city', '城市', '如：深圳市'],
  ['district', '区县', '如：南山区'],
  ['detail', '详细地址', '街道、门牌号'],
];

function addressProblem(a: Address): string | null {
  for (const [key, label] of ADDRESS_FIELDS) if (key !== 'district' && !String(a[key] ?? '').trim()) return `请填写${label}`;
  if (!/^1\d{10}$/.test(a.phone.trim())) return '手机号格式不正确';
  return null;
}

export default function CheckoutPage() {
  const { params } = useRouter();
  const shopId = idParam(params.shopId) ?? 0;
  const skuId = idParam(params.skuId);
  const productId = idParam(params.productId);
  const buyNow = !!skuId;
  const ref = useEntry()?.ref ?? undefined;
  const { ensure, loggedIn } = useAuth();
  const [address, setAddress] = useState<Address>(() => ({ ...EMPTY_ADDRESS, ...taroStorage.get<Address>(ADDRESS_KEY) }));
  const [remark, setRemark] = useState('');
  const [submitting, setSubmitting] = useState(false);
  // One key per checkout: a retried submit (timeout, double tap) never creates a second order.
  const idempotencyKey = useRef(newIdempotencyKey());

  const buyNowProduct = useAsync(() => api.products.get(productId!), [productId], { enabled: buyNow && !!productId });
  const lines: CartLine[] = useMemo(() => {
    if (!buyNow) return cart.selectedLines(shopId);
    const p = buyNowProduct.data;
    const sku = p?.skus.find((s) => s.id === skuId);
    if (!p || !sku) return [];
    return [{ ...skuLine(shopId, p, sku), quantity: Math.max(1, Math.min(Number(params.quantity) || 1, sku.stock)), selected: true }];
  }, [buyNow, buyNowProduct.data, shopId, skuId, params.quantity]);
  const totals = computeTotals(lines);
  // 运费 and 实付 come from the server (POST /orders/quote, priced like the order itself); signed out, or
  // while it loads, the goods amount is shown and the freight is settled when the order is placed
  const itemsKey = lines.map((l) => `${l.skuId}x${l.quantity}`).join(',');
  const quote = useAsync(() => api.orders.quote({ shopId, items: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })) }), [shopId, itemsKey], {
    enabled: loggedIn && !!shopId && lines.length > 0,
  });
  const quoted = quote.data && !quote.loading ? quote.data : undefined;
  const rows = quoted ? freightRows(quoted.orders) : [];

  const submit = async () => {
    const problem = addressProblem(address);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    if (!(await ensure())) return;
    setSubmitting(true);
    try {
      taroStorage.set(ADDRESS_KEY, address);
      const { orders } = await api.orders.create({
        shopId,
        items: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
        address,
        remark: remark.trim(),
        idempotencyKey: idempotencyKey.current,
        ...(ref ? { ref } : {}),
      });
      const order = orders[0];
      if (!order) throw new Error('下单失败，请重试');
      if (!buyNow)
        cart.removeOrdered(
          shopId,
          lines.map((l) => l.skuId),
        );
      const payParams = await api.orders.pay(order.id);
      const outcome = await platform.pay(payParams.requestPayment, { returnPath: withQuery(routes.orderDetail, { id: order.id, paid: 1 }) });
      if (outcome !== 'redirected') go(routes.orderDetail, { id: order.id, paid: outcome === 'paid' ? 1 : undefined }, { replace: true });
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="ss-page checkout-page">
      <PageState
        loading={buyNow && buyNowProduct.loading}
        error={buyNowProduct.error}
        onRetry={buyNowProduct.reload}
        empty={!shopId || !lines.length}
        emptyText="没有要结算的商品"
      >
        <CellGroup title="收货地址">
          {ADDRESS_FIELDS.map(([key, label, placeholder]) => (
            <Field key={key} label={label}>
              <Input
                value={String(address[key] ?? '')}
                placeholder={placeholder}
                type={key === 'phone' ? 'tel' : 'text'}
                onChange={(v) => setAddress((a) => ({ ...a, [key]: v }))}
              />
            </Field>
          ))}
        </CellGroup>

        <View className="ss-card">
          {lines.map((l) => (
            <LineItem key={l.skuId} className="checkout-line" line={l} quantity={<Text className="ss-muted">×{l.quantity}</Text>} />
          ))}
        </View>

        <CellGroup>
          <Cell title="商品金额" extra={<Price fen={quoted ? quoted.itemsTotal : totals.totalFen} size="small" />} />
          {rows.length ? (
            rows.map((r) => <Cell key={r.merchantId} className="checkout-page__freight" title={r.title} description={r.hint ?? undefined} extra={r.fee} />)
          ) : (
            <Cell title="运费" extra={quote.error ? errorMessage(quote.error) : loggedIn && quote.loading ? '计算中…' : '提交订单时计算'} />
          )}
          <Field label="备注">
            <TextArea value={remark} maxLength={100} rows={2} placeholder="选填，给商家留言" onChange={setRemark} />
          </Field>
        </CellGroup>

        <View className="ss-bottom-bar">
          <View className="checkout-page__total">
            <Text>共 {totals.count} 件，合计：</Text>
            <Price fen={quoted ? quoted.payable : totals.totalFen} />
          </View>
          <Button type="primary" loading={submitting} disabled={!lines.length} onClick={submit}>
            提交订单
          </Button>
        </View>
      </PageState>
    </View>
  );
}
