import { Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { InputNumber } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { usePaged } from '../../hooks/usePaged'
import { errorMessage } from '../../utils/errors'

export default function MerchantStockPage() {
  const list = usePaged((page) => api.merchant.stock({ page, pageSize: 30 }), [])
  useReachBottom(() => void list.loadMore())

  const save = async (skuId: number, stock: number) => {
    try {
      const updated = await api.merchant.setStock(skuId, stock)
      list.setItems((items) => items.map((s) => (s.skuId === skuId ? updated : s)))
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
      void list.refresh()
    }
  }

  return (
    <View className='ss-page'>
      <PageState loading={list.initialLoading} error={list.items.length ? undefined : list.error} onRetry={list.refresh} empty={!list.items.length} emptyText='还没有 SKU'>
        {list.items.map((s) => (
          <View className='ss-list-item' key={s.skuId}>
            <View className='ss-list-item__body'>
              <Text className='ss-list-item__title'>{s.title}</Text>
              <Text className='ss-muted'>
                {s.specText}
                {s.reserved ? ` · 已锁定 ${s.reserved}` : ''}
              </Text>
            </View>
            <InputNumber value={s.stock} min={0} max={999999} onChange={(v) => save(s.skuId, Number(v))} />
          </View>
        ))}
      </PageState>
    </View>
  )
}
