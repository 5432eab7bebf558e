import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { api, assetUrl, type OrderView as Order } from '../../api';
import { LineItem } from '../../components/LineItem';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';
import { platform } from '../../platform';
import { go, idParam, withQuery, routes } from '../../routes';
import { errorMessage } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import { orderStatusText } from '../../utils/orderStatus';
import { type PayResult, payNotice, payResultOf } from './payState';
import { OrderTimeline } from './Timeline';
import './index.scss';

/** 售后中 while a request is being decided or the goods travel back, 退款中 once the money is on its way. */
function afterSaleBadge(o: Order): string | null {
  if (o.refunds.some((r) => r.status === 'processing')) return '退款中';
  if (o.refunds.some((r) => r.status === 'requested')) return '售后中';
  return null;
}

export default function OrderDetailPage() {
  const { params } = useRouter();
  const orderId = idParam(params.id) ?? 0;
  const order = useAsync(() => api.orders.get(orderId), [orderId], { enabled: !!orderId });
  const [busy, setBusy] = useState<string | null>(null);
  // Back from the cashier (or another page): the payment notify may have landed meanwhile.
  useDidShow(() => {
    if (order.data) void order.reload();
  });

  // How the last payment attempt went: WeChat tells us directly, the browser cashier in the return URL.
  const [localResult, setLocalResult] = useState<PayResult | null>(null);
  const result = localResult ?? payResultOf(params);
  const notice = order.data ? payNotice(order.data.status, result) : null;

  // The server learns of a payment by notify (or its query fallback): poll a little while it is on its way.
  useEffect(() => {
    if (!notice?.poll) return;
    let n = 0;
    const t = setInterval(() => {
      if (++n > 20) return clearInterval(t);
      void api.orders
        .get(orderId)
        .then((o) => o.status !== 'created' && order.setData(o))
        .catch(() => undefined);
    }, 1500);
    return () => clearInterval(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [notice?.poll, orderId]);

  const act = async (name: string, fn: () => Promise<Order | void>, confirm?: string) => {
    if (confirm) {
      const { confirm: ok } = await Taro.showModal({ title: '提示', content: confirm });
      if (!ok) return;
    }
    setBusy(name);
    try {
      const updated = await fn();
      if (updated) order.setData(updated);
      else await order.reload();
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setBusy(null);
    }
  };

  const pay = () =>
    act('pay', async () => {
      const params = await api.orders.pay(orderId);
      try {
        const outcome = await platform.pay(params.requestPayment, { returnPath: withQuery(routes.orderDetail, { id: orderId, paid: 1 }) });
        if (outcome === 'cancelled') setLocalResult('cancel');
        if (outcome === 'paid') setLocalResult('success');
      } catch (err) {
        setLocalResult('fail');
        throw err;
      }
    });

  const o = order.data;
  return (
    <View className="ss-page order-detail-page">
      <PageState loading={order.loading && !o} error={o ? undefined : order.error} onRetry={order.reload} empty={!orderId} emptyText="订单不存在">
        {o ? (
          <>
            <View className="order-status">
              <Text className="order-status__text">
                {orderStatusText(o.status)}
                {afterSaleBadge(o) ? <Text className="order-status__badge">{afterSaleBadge(o)}</Text> : null}
              </Text>
              {o.status === 'created' && o.expiresAt ? (
                <Text className="order-status__hint">请在 {formatDateTime(o.expiresAt)} 前完成支付，超时订单将自动关闭</Text>
              ) : null}
              {notice ? (
                <Text className={`order-status__hint order-status__notice${notice.tone === 'warn' ? ' order-status__hint--warn' : ''}`}>{notice.text}</Text>
              ) : null}
            </View>
            <OrderTimeline entries={o.timeline} />
            <View className="ss-card">
              <Text className="order-address__name">
                {o.address.name} {o.address.phone}
              </Text>
              <Text className="ss-muted">
                {o.address.province}
                {o.address.city}
                {o.address.district}
                {o.address.detail}
              </Text>
            </View>
            <View className="ss-card">
              {o.items.map((it) => (
                <LineItem
                  key={it.skuId}
                  className="order-item"
                  line={{ title: it.title, specText: it.specValues.join(' / '), priceFen: it.unitPrice, imageUrl: it.image ? assetUrl(it.image) : null }}
                  quantity={<Text className="ss-muted">×{it.quantity}</Text>}
                />
              ))}
            </View>
            <CellGroup>
              <Cell title="商品金额" extra={<Price fen={o.itemsTotal} size="small" />} />
              <Cell title="运费" extra={<Price fen={o.shippingFee} size="small" />} />
              {o.discountTotal ? <Cell title="优惠" extra={<Price fen={-o.discountTotal} size="small" />} /> : null}
              <Cell title={o.paidAt ? '实付款' : '应付款'} extra={<Price fen={o.paidTotal} />} />
              {o.refundedTotal ? <Cell title="已退款" extra={<Price fen={o.refundedTotal} size="small" />} /> : null}
            </CellGroup>
            <CellGroup>
              <Cell title="商家" extra={o.merchantName} />
              <Cell title="订单号" extra={o.outTradeNo} />
              <Cell title="下单时间" extra={formatDateTime(o.createdAt)} />
              {o.carrier ? <Cell title="物流" extra={`${o.carrier} ${o.trackingNo ?? ''}`} /> : null}
              {o.remark ? <Cell title="备注" extra={o.remark} /> : null}
            </CellGroup>
            <View className="ss-bottom-bar order-actions">
              <View />
              <View className="order-actions__buttons">
                {o.status === 'created' ? (
                  <>
                    <Button loading={busy === 'cancel'} disabled={!!busy} onClick={() => act('cancel', () => api.orders.cancel(orderId), '确定取消订单吗？')}>
                      取消订单
                    </Button>
                    <Button type="primary" loading={busy === 'pay'} disabled={!!busy} onClick={pay}>
                      去支付
                    </Button>
                  </>
                ) : null}
                {o.status === 'shipped' ? (
                  <Button
                    type="primary"
                    loading={busy === 'confirm'}
                    disabled={!!busy}
                    onClick={() => act('confirm', () => api.orders.confirmReceipt(orderId), '确认已收到商品？')}
                  >
                    确认收货
                  </Button>
                ) : null}
                {o.refunds.some((r) => r.kind === 'buyer') ? <Button onClick={() => go(routes.afterSales, { orderId })}>查看售后</Button> : null}
                {['paid', 'shipped', 'received'].includes(o.status) && !afterSaleBadge(o) ? (
                  <Button onClick={() => go(routes.afterSaleApply, { orderId })}>申请售后</Button>
                ) : null}
              </View>
            </View>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
