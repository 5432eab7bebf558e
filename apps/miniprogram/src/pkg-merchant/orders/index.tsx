import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { Button, TabPane, Tabs } from '@nutui/nutui-react-taro'
import { api, type OrderStatus } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { usePaged } from '../../hooks/usePaged'
import { errorMessage } from '../../utils/errors'
import { formatDateTime } from '../../utils/format'
import { orderStatusText } from '../../utils/orderStatus'
import { ShipForm } from './ShipForm'
import './index.scss'

const TABS: (OrderStatus | 'all')[] = ['all', 'paid', 'shipped', 'received', 'completed', 'refunded']

export default function MerchantOrdersPage() {
  const { params } = useRouter()
  const [tab, setTab] = useState<string>(params.status || 'all')
  const status = tab === 'all' ? undefined : (tab as OrderStatus)
  const list = usePaged((page) => api.merchant.orders({ page, pageSize: 20, status }), [tab])
  useReachBottom(() => void list.loadMore())

  // In-page shipping form (Taro.showModal's editable input is WeChat-only): one order at a time.
  const [shippingId, setShippingId] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const ship = async (orderId: number, body: { carrier: string; trackingNo: string }) => {
    setBusy(true)
    try {
      const updated = await api.merchant.ship(orderId, body)
      list.setItems((items) => items.map((o) => (o.id === updated.id ? updated : o)))
      setShippingId(null)
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
          <View className='ss-card merchant-order' key={o.id}>
            <View className='ss-row'>
              <Text className='ss-muted'>{o.outTradeNo}</Text>
              <Text className='merchant-order__status'>{orderStatusText(o.status)}</Text>
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
              {o.status === 'paid' && shippingId !== o.id ? (
                <Button size='small' type='primary' onClick={() => setShippingId(o.id)}>
                  发货
                </Button>
              ) : null}
            </View>
            {shippingId === o.id ? (
              <ShipForm
                busy={busy}
                onCancel={() => setShippingId(null)}
                onSubmit={(body) => void ship(o.id, body)}
                onProblem={(message) => void Taro.showToast({ title: message, icon: 'none' })}
              />
            ) : null}
          </View>
        ))}
      </PageState>
    </View>
  )
}
