import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { Button, Input, TabPane, Tabs } from '@nutui/nutui-react-taro'
import { api, type OrderStatus } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { usePaged } from '../../hooks/usePaged'
import { errorMessage } from '../../utils/errors'
import { formatDateTime } from '../../utils/format'
import { orderStatusText } from '../../utils/orderStatus'

const TABS: (OrderStatus | 'all')[] = ['all', 'paid', 'shipped', 'received', 'completed', 'refunded']

export default function MerchantOrdersPage() {
  const { params } = useRouter()
  const [tab, setTab] = useState<string>(params.status || 'all')
  const status = tab === 'all' ? undefined : (tab as OrderStatus)
  const list = usePaged((page) => api.merchant.orders({ page, pageSize: 20, status }), [tab])
  useReachBottom(() => void list.loadMore())

  // Inline shipping form (Taro.showModal's editable input is WeChat-only).
  const [shipping, setShipping] = useState<{ orderId: number; carrier: string; trackingNo: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const ship = async () => {
    if (!shipping) return
    const carrier = shipping.carrier.trim()
    const trackingNo = shipping.trackingNo.trim()
    if (!carrier || !/^[A-Za-z0-9-]{4,40}$/.test(trackingNo)) {
      return void Taro.showToast({ title: '请填写快递公司和 4-40 位运单号', icon: 'none' })
    }
    setBusy(true)
    try {
      const updated = await api.merchant.ship(shipping.orderId, { carrier, trackingNo })
      list.setItems((items) => items.map((o) => (o.id === updated.id ? updated : o)))
      setShipping(null)
      void Taro.showToast({ title: '已发货', icon: 'success' })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='ss-page'>
      <Tabs value={tab} onChange={(v) => setTab(String(v))}>
        {TABS.map((t) => (
          <TabPane key={t} value={t} title={t === 'all' ? '全部' : orderStatusText(t)} />
        ))}
      </Tabs>
      <PageState loading={list.initialLoading} error={list.items.length ? undefined : list.error} onRetry={list.refresh} empty={!list.items.length} emptyText='暂无订单'>
        {list.items.map((o) => (
          <View className='ss-card' key={o.id}>
            <View className='ss-row'>
              <Text className='ss-muted'>{o.outTradeNo}</Text>
              <Text>{orderStatusText(o.status)}</Text>
            </View>
            <Text className='ss-muted'>
              {formatDateTime(o.createdAt)} · {o.items.reduce((n, i) => n + i.quantity, 0)} 件
            </Text>
            {o.items.map((it) => (
              <Text key={it.id} className='merchant-order__item'>
                {it.title} {it.specValues.join(' / ')} ×{it.quantity}
              </Text>
            ))}
            <Text className='ss-muted'>
              收货人 {o.address.name} {o.address.province}{o.address.city}{o.address.district}{o.address.detail}
            </Text>
            {o.carrier ? <Text className='ss-muted'>物流 {o.carrier} {o.trackingNo}</Text> : null}
            <View className='ss-row'>
              <Price fen={o.paidTotal} size='small' />
              {o.status === 'paid' && shipping?.orderId !== o.id ? (
                <Button size='small' type='primary' onClick={() => setShipping({ orderId: o.id, carrier: '', trackingNo: '' })}>
                  发货
                </Button>
              ) : null}
            </View>
            {shipping?.orderId === o.id ? (
              <View className='merchant-ship-form'>
                <Input className='merchant-ship-form__carrier' placeholder='快递公司，如：顺丰速运' value={shipping.carrier} onChange={(v) => setShipping((f) => f && { ...f, carrier: v })} />
                <Input className='merchant-ship-form__no' placeholder='运单号' value={shipping.trackingNo} onChange={(v) => setShipping((f) => f && { ...f, trackingNo: v })} />
                <View className='ss-row'>
                  <Button size='small' disabled={busy} onClick={() => setShipping(null)}>
                    取消
                  </Button>
                  <Button size='small' type='primary' loading={busy} disabled={busy} onClick={ship}>
                    确认发货
                  </Button>
                </View>
              </View>
            ) : null}
          </View>
        ))}
      </PageState>
    </View>
  )
}
