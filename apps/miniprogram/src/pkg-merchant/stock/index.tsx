import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { usePaged } from '../../hooks/usePaged'
import { errorMessage } from '../../utils/errors'

/** Stock per SKU; changes go through stock adjustments (delta + reason, with history; never below 0). */
export default function MerchantStockPage() {
  const list = usePaged((page) => api.merchant.products({ page, pageSize: 20 }), [])
  const [delta, setDelta] = useState<Record<number, string>>({})
  const [busy, setBusy] = useState<number | null>(null)

  const adjust = async (skuId: number) => {
    const n = Number(delta[skuId])
    if (!Number.isInteger(n) || n === 0) return void Taro.showToast({ title: '请输入非 0 整数（负数为减少）', icon: 'none' })
    setBusy(skuId)
    try {
      const r = await api.merchant.adjustStock(skuId, { delta: n, reason: n > 0 ? '补货' : '盘点减少' })
      list.setItems((items) =>
        items.map((p) => ({ ...p, skus: p.skus.map((s) => (s.id === skuId ? { ...s, stock: r.stockAfter } : s)) })),
      )
      setDelta((d) => ({ ...d, [skuId]: '' }))
      void Taro.showToast({ title: `库存已更新为 ${r.stockAfter}`, icon: 'none' })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setBusy(null)
    }
  }

  return (
    <View className='ss-page'>
      <PageState loading={list.initialLoading} error={list.items.length ? undefined : list.error} onRetry={list.refresh} empty={!list.items.length} emptyText='还没有商品'>
        {list.items.flatMap((p) =>
          p.skus.map((s) => (
            <View className='ss-list-item' key={s.id}>
              <View className='ss-list-item__body'>
                <Text className='ss-list-item__title'>{p.title}</Text>
                <Text className='ss-muted'>
                  {s.specValues.join(' / ') || '默认规格'} · 库存 {s.stock} · 已售 {s.sold}
                </Text>
                <View className='ss-row'>
                  <Input type='number' placeholder='+10 或 -2' value={delta[s.id] ?? ''} onChange={(v) => setDelta((d) => ({ ...d, [s.id]: v }))} />
                  <Button size='small' type='primary' loading={busy === s.id} disabled={busy !== null} onClick={() => adjust(s.id)}>
                    调整
                  </Button>
                </View>
              </View>
            </View>
          )),
        )}
      </PageState>
    </View>
  )
}
