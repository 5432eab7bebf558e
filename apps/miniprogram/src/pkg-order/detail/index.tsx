import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { api, assetUrl, type OrderView as Order } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { useAsync } from '../../hooks/useAsync'
import { platform } from '../../platform'
import { idParam, withQuery, routes } from '../../routes'
import { errorMessage } from '../../utils/errors'
import { formatDateTime } from '../../utils/format'
import { orderStatusText } from '../../utils/orderStatus'
import './index.scss'

const refundText: Record<string, string> = { requested: '待商家处理', rejected: '已拒绝', processing: '退款中', succeeded: '已退款', failed: '退款失败' }

export default function OrderDetailPage() {
  const { params } = useRouter()
  const orderId = idParam(params.id) ?? 0
  const order = useAsync(() => api.orders.get(orderId), [orderId], { enabled: !!orderId })
  const [busy, setBusy] = useState<string | null>(null)
  // Back from the cashier (or another page): the payment notify may have landed meanwhile.
  useDidShow(() => {
    if (order.data) void order.reload()
  })

  // Back from the cashier: the server learns of the payment by notify (or its query fallback); poll a bit.
  useEffect(() => {
    if (!params.paid || order.data?.status !== 'created') return
    let n = 0
    const t = setInterval(() => {
      if (++n > 20) return clearInterval(t)
      void api.orders.get(orderId).then((o) => o.status !== 'created' && order.setData(o)).catch(() => undefined)
    }, 1500)
    return () => clearInterval(t)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params.paid, order.data?.status, orderId])

  const act = async (name: string, fn: () => Promise<Order | void>, confirm?: string) => {
    if (confirm) {
      const { confirm: ok } = await Taro.showModal({ title: '提示', content: confirm })
      if (!ok) return
    }
    setBusy(name)
    try {
      const updated = await fn()
      if (updated) order.setData(updated)
      else await order.reload()
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setBusy(null)
    }
  }

  const pay = () =>
    act('pay', async () => {
      const params = await api.orders.pay(orderId)
      const outcome = await platform.pay(params.requestPayment, { returnPath: withQuery(routes.orderDetail, { id: orderId, paid: 1 }) })
      if (outcome === 'cancelled') void Taro.showToast({ title: '已取消支付', icon: 'none' })
    })

  const o = order.data
  return (
    <View className='ss-page order-detail-page'>
      <PageState loading={order.loading && !o} error={o ? undefined : order.error} onRetry={order.reload} empty={!orderId} emptyText='订单不存在'>
        {o ? (
          <>
            <View className='order-status'>
              <Text className='order-status__text'>{orderStatusText(o.status)}</Text>
              {o.status === 'created' && o.expiresAt ? (
                <Text className='order-status__hint'>请在 {formatDateTime(o.expiresAt)} 前完成支付，超时订单将自动关闭</Text>
              ) : null}
              {params.paid && o.status === 'created' ? <Text className='order-status__hint'>支付结果确认中，请稍后刷新</Text> : null}
            </View>
            <View className='ss-card'>
              <Text className='order-address__name'>
                {o.address.name} {o.address.phone}
              </Text>
              <Text className='ss-muted'>
                {o.address.province}
                {o.address.city}
                {o.address.district}
                {o.address.detail}
              </Text>
            </View>
            <View className='ss-card'>
              {o.items.map((it) => (
                <View className='order-item' key={it.skuId}>
                  {it.image ? <Image className='order-item__image' src={assetUrl(it.image)} mode='aspectFill' /> : <View className='order-item__image' />}
                  <View className='order-item__body'>
                    <Text className='order-item__title'>{it.title}</Text>
                    <Text className='ss-muted'>{it.specValues.join(' / ')}</Text>
                    <View className='ss-row'>
                      <Price fen={it.unitPrice} size='small' />
                      <Text className='ss-muted'>×{it.quantity}</Text>
                    </View>
                  </View>
                </View>
              ))}
            </View>
            <CellGroup>
              <Cell title='商品金额' extra={<Price fen={o.itemsTotal} size='small' />} />
              <Cell title='运费' extra={<Price fen={o.shippingFee} size='small' />} />
              {o.discountTotal ? <Cell title='优惠' extra={<Price fen={-o.discountTotal} size='small' />} /> : null}
              <Cell title={o.paidAt ? '实付款' : '应付款'} extra={<Price fen={o.paidTotal} />} />
              {o.refundedTotal ? <Cell title='已退款' extra={<Price fen={o.refundedTotal} size='small' />} /> : null}
            </CellGroup>
            <CellGroup>
              <Cell title='商家' extra={o.merchantName} />
              <Cell title='订单号' extra={o.outTradeNo} />
              <Cell title='下单时间' extra={formatDateTime(o.createdAt)} />
              {o.paidAt ? <Cell title='支付时间' extra={formatDateTime(o.paidAt)} /> : null}
              {o.shippedAt ? <Cell title='发货时间' extra={formatDateTime(o.shippedAt)} /> : null}
              {o.carrier ? <Cell title='物流' extra={`${o.carrier} ${o.trackingNo ?? ''}`} /> : null}
              {o.receivedAt ? <Cell title='收货时间' extra={formatDateTime(o.receivedAt)} /> : null}
              {o.refunds.map((r) => (
                <Cell key={r.id} title='退款' extra={`${refundText[r.status] ?? r.status} ${(r.amount / 100).toFixed(2)}元`} />
              ))}
              {o.remark ? <Cell title='备注' extra={o.remark} /> : null}
            </CellGroup>
            <View className='ss-bottom-bar order-actions'>
              <View />
              <View className='order-actions__buttons'>
                {o.status === 'created' ? (
                  <>
                    <Button loading={busy === 'cancel'} disabled={!!busy} onClick={() => act('cancel', () => api.orders.cancel(orderId), '确定取消订单吗？')}>
                      取消订单
                    </Button>
                    <Button type='primary' loading={busy === 'pay'} disabled={!!busy} onClick={pay}>
                      去支付
                    </Button>
                  </>
                ) : null}
                {o.status === 'shipped' ? (
                  <Button type='primary' loading={busy === 'confirm'} disabled={!!busy} onClick={() => act('confirm', () => api.orders.confirmReceipt(orderId), '确认已收到商品？')}>
                    确认收货
                  </Button>
                ) : null}
                {['paid', 'shipped', 'received'].includes(o.status) && !o.refunds.some((r) => ['requested', 'processing'].includes(r.status)) ? (
                  <Button loading={busy === 'refund'} disabled={!!busy} onClick={() => act('refund', async () => void (await api.orders.refund(orderId, { reason: '买家申请退款' })), '确定申请退款吗？')}>
                    申请退款
                  </Button>
                ) : null}
              </View>
            </View>
          </>
        ) : null}
      </PageState>
    </View>
  )
}
