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

const TABS: (OrderStatus | 'all')[] = ['all', 'paid', 'shipped', 'completed', 'refunding']

export default function MerchantOrdersPage() {
  const { params } = useRouter()
  const [tab, setTab] = useState<string>(params.status || 'all')
  const status = tab === 'all' ? undefined : (tab as OrderStatus)
  const list = usePaged((page) => api.merchant.orders({ page, pageSize: 20, status }), [tab])
  useReachBottom(() => void list.loadMore())

  const ship = async (orderId: number) => {
    // Taro.showModal's editable input is WeChat-only; a proper form lands with the shipping issue.
    const res: any = await Taro.showModal({ title: '发货', content: '', editable: true, placeholderText: '快递公司 运单号' } as any)
    if (!res.confirm) return
    const [carrier, trackingNo] = String(res.content ?? '').trim().split(/\s+/)
    if (!carrier || !trackingNo) return void Taro.showToast({ title: '请输入“快递公司 运单号”', icon: 'none' })
    try {
      const updated = await api.merchant.ship(orderId, { carrier, trackingNo })
      list.setItems((items) => items.map((o) => (o.id === orderId ? updated : o)))
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
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
              <Text className='ss-muted'>{o.orderNo}</Text>
              <Text>{orderStatusText(o.status)}</Text>
            </View>
            <Text className='ss-muted'>
              {formatDateTime(o.createdAt)} · {o.buyerNickname ?? ''} · {o.items.reduce((n, i) => n + i.quantity, 0)} 件
            </Text>
            <View className='ss-row'>
              <Price fen={o.payableFen} size='small' />
              {o.status === 'paid' ? (
                <Button size='small' type='primary' onClick={() => ship(o.id)}>
                  发货
                </Button>
              ) : null}
            </View>
          </View>
        ))}
      </PageState>
    </View>
  )
}
