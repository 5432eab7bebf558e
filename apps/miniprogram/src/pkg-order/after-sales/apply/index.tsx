import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { AFTER_SALE_REASON_LABELS, AFTER_SALE_TYPE_LABELS, type AfterSaleReason, type AfterSaleType, formatFen } from '@shareshop/common';
import { api, assetUrl } from '../../../api';
import { type AfterSaleQuote, afterSalesApi } from '../../../api/afterSales';
import { PageState } from '../../../components/PageState';
import { Price } from '../../../components/Price';
import { useAsync } from '../../../hooks/useAsync';
import { go, idParam, routes } from '../../../routes';
import { errorMessage } from '../../../utils/errors';
import { PhotoPicker } from '../PhotoPicker';
import '../after-sale.scss';

const REASONS = Object.entries(AFTER_SALE_REASON_LABELS) as Array<[AfterSaleReason, string]>;

/**
 * 申请售后: pick lines and quantities, the type (仅退款 before shipping; 退货退款 too once shipped), a reason,
 * a description and up to 3 photos. The amount comes from the server's quote for exactly these lines.
 */
export default function AfterSaleApplyPage() {
  const { params } = useRouter();
  const orderId = idParam(params.orderId) ?? 0;
  const start = useAsync(
    async () => {
      const [order, quote] = await Promise.all([api.orders.get(orderId), afterSalesApi.quote(orderId, {})]);
      return { order, quote };
    },
    [orderId],
    { enabled: !!orderId },
  );

  const [chosen, setChosen] = useState<Record<number, number>>({});
  const [type, setType] = useState<AfterSaleType>('refund_only');
  const [reason, setReason] = useState<AfterSaleReason | ''>('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<string[]>([]);
  const [quote, setQuote] = useState<AfterSaleQuote | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');

  // everything still refundable is chosen at first
  useEffect(() => {
    if (!start.data) return;
    setChosen(Object.fromEntries(start.data.quote.lines.map((l) => [l.orderItemId, l.refundableQuantity])));
    setQuote(start.data.quote);
  }, [start.data]);

  const items = Object.entries(chosen)
    .filter(([, q]) => q > 0)
    .map(([id, quantity]) => ({ orderItemId: Number(id), quantity }));
  const key = JSON.stringify(items);
  useEffect(() => {
    if (!start.data) return;
    if (!items.length) return setQuote(null);
    let live = true;
    afterSalesApi
      .quote(orderId, { items })
      .then((q) => live && setQuote(q))
      .catch((err) => live && setProblem(errorMessage(err)));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const submit = async () => {
    if (!items.length) return setProblem('请选择要售后的商品');
    if (!reason) return setProblem('请选择售后原因');
    setProblem('');
    setBusy(true);
    try {
      const created = await afterSalesApi.create(orderId, { type, reason, description: description.trim(), photos, items });
      void Taro.showToast({ title: '已提交申请', icon: 'success' });
      void go(routes.afterSaleDetail, { id: created.id }, { replace: true });
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const data = start.data;
  const refundable = new Map((data?.quote.lines ?? []).map((l) => [l.orderItemId, l.refundableQuantity]));
  const setQty = (id: number, q: number) => setChosen((c) => ({ ...c, [id]: Math.max(0, Math.min(refundable.get(id) ?? 0, q)) }));

  return (
    <View className="ss-page after-sale-apply">
      <PageState loading={start.loading && !data} error={data ? undefined : start.error} onRetry={start.reload} empty={!orderId} emptyText="订单不存在">
        {data ? (
          <>
            <View className="ss-card">
              <Text className="after-sale__card-title">选择商品</Text>
              {data.order.items
                .filter((it) => refundable.has(it.id))
                .map((it) => {
                  const q = chosen[it.id] ?? 0;
                  const max = refundable.get(it.id) ?? 0;
                  return (
                    <View className="apply-line" key={it.id}>
                      <View className={`apply-line__check${q > 0 ? ' is-on' : ''}`} onClick={() => setQty(it.id, q > 0 ? 0 : max)}>
                        {q > 0 ? '✓' : ''}
                      </View>
                      {it.image ? (
                        <Image className="after-sale__item-image" src={assetUrl(it.image)} mode="aspectFill" />
                      ) : (
                        <View className="after-sale__item-image" />
                      )}
                      <View className="after-sale__item-body">
                        <Text className="after-sale__item-title">{it.title}</Text>
                        <Text className="ss-muted">
                          {it.specValues.join(' / ')} · 可退 {max} 件
                        </Text>
                        <View className="ss-row">
                          <Price fen={it.paidAmount} size="small" />
                          <View className="apply-line__stepper">
                            <Text className={`apply-line__step${q <= 0 ? ' is-off' : ''}`} onClick={() => setQty(it.id, q - 1)}>
                              −
                            </Text>
                            <Text className="apply-line__qty">{q}</Text>
                            <Text className={`apply-line__step${q >= max ? ' is-off' : ''}`} onClick={() => setQty(it.id, q + 1)}>
                              +
                            </Text>
                          </View>
                        </View>
                      </View>
                    </View>
                  );
                })}
            </View>
            <View className="ss-card">
              <Text className="after-sale__card-title">售后类型</Text>
              <View className="after-sale__chips">
                {(['refund_only', 'return_refund'] as const).map((t) => {
                  const allowed = data.quote.allowedTypes.includes(t);
                  return (
                    <Text
                      key={t}
                      className={`after-sale__chip${type === t ? ' is-active' : ''}${allowed ? '' : ' is-disabled'}`}
                      onClick={() => allowed && setType(t)}
                    >
                      {AFTER_SALE_TYPE_LABELS[t]}
                    </Text>
                  );
                })}
              </View>
              <Text className="ss-muted">
                {data.quote.allowedTypes.includes('return_refund') ? '退货退款：商家同意后寄回商品，商家确认收货后退款。' : '订单尚未发货，只能申请仅退款。'}
              </Text>
            </View>
            <View className="ss-card">
              <Text className="after-sale__card-title">售后原因</Text>
              <View className="after-sale__chips">
                {REASONS.map(([value, label]) => (
                  <Text key={value} className={`after-sale__chip${reason === value ? ' is-active' : ''}`} onClick={() => setReason(value)}>
                    {label}
                  </Text>
                ))}
              </View>
              <TextArea placeholder="补充描述（选填，最多 500 字）" maxLength={500} value={description} onChange={setDescription} />
            </View>
            <View className="ss-card">
              <Text className="after-sale__card-title">上传凭证</Text>
              <PhotoPicker photos={photos} onChange={setPhotos} />
            </View>
            {problem ? <Text className="after-sale__problem ss-note">{problem}</Text> : null}
            <View className="ss-bottom-bar">
              <View className="after-sale-apply__total">
                <Text className="ss-muted">退款金额 </Text>
                {quote ? <Price fen={quote.amount} /> : <Text className="ss-muted">—</Text>}
                {quote?.shippingAmount ? <Text className="ss-muted">（含运费 {formatFen(quote.shippingAmount)}）</Text> : null}
              </View>
              <Button type="primary" loading={busy} disabled={busy || !items.length} onClick={submit}>
                提交申请
              </Button>
            </View>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
