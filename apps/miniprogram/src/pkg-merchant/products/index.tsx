import { Image, Text, View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Switch } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { usePaged } from '../../hooks/usePaged'
import { errorMessage } from '../../utils/errors'

export default function MerchantProductsPage() {
  const list = usePaged((page) => api.merchant.products({ page, pageSize: 20 }), [])
  useReachBottom(() => void list.loadMore())

  const setOnSale = async (id: number, onSale: boolean) => {
    try {
      const updated = await api.merchant.setOnSale(id, onSale)
      list.setItems((items) => items.map((p) => (p.id === id ? updated : p)))
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    }
  }

  return (
    <View className='ss-page'>
      <PageState loading={list.initialLoading} error={list.items.length ? undefined : list.error} onRetry={list.refresh} empty={!list.items.length} emptyText='还没有商品'>
        {list.items.map((p) => (
          <View className='ss-list-item' key={p.id}>
            {p.coverUrl ? <Image className='ss-list-item__image' src={p.coverUrl} mode='aspectFill' /> : <View className='ss-list-item__image' />}
            <View className='ss-list-item__body'>
              <Text className='ss-list-item__title'>{p.title}</Text>
              <Text className='ss-muted'>库存 {p.stock}</Text>
              <View className='ss-row'>
                <Price fen={p.priceFen} size='small' />
                <Switch checked={p.onSale} onChange={(v) => setOnSale(p.id, v)} activeText='在售' inactiveText='下架' />
              </View>
            </View>
          </View>
        ))}
      </PageState>
    </View>
  )
}
