import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { useAsync } from '../../hooks/useAsync'
import { platform } from '../../platform'
import { routes, withQuery } from '../../routes'
import { useSession } from '../../store/session'
import { errorMessage } from '../../utils/errors'
import './index.scss'

export default function PosterPage() {
  const { user } = useSession()
  const shopId = user?.shopId ?? 0
  const shop = useAsync(() => api.shops.get(shopId), [shopId], { enabled: !!shopId })
  // GET /shops/mine/code: the PNG 小程序码 whose scene carries s=<shop>&r=<my referral code>.
  const code = useAsync(() => api.shops.downloadMyCode(), [shopId], { enabled: !!shopId })
  const [saving, setSaving] = useState(false)

  useShareAppMessage(() => ({
    title: shop.data ? `${shop.data.name} · 分享小店` : '分享小店',
    path: withQuery(routes.shop, { shopId, ref: user?.referralCode }),
  }))

  const save = async () => {
    if (!code.data) return
    setSaving(true)
    try {
      await platform.saveImageToAlbum(code.data)
      void Taro.showToast({ title: '已保存到相册', icon: 'success' })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='ss-page poster-page'>
      <PageState loading={shop.loading || code.loading} error={shop.error || code.error} onRetry={() => { void shop.reload(); void code.reload() }} empty={!shopId} emptyText='你还没有开店'>
        <View className='poster'>
          <Text className='poster__name'>{shop.data?.name}</Text>
          <Text className='poster__owner'>店主 {user?.nickname}</Text>
          {code.data ? <Image className='poster__code' src={code.data} mode='aspectFit' showMenuByLongpress /> : null}
          <Text className='ss-muted'>微信扫一扫，进店逛逛</Text>
        </View>
        <View className='poster-page__actions'>
          <Button block type='primary' loading={saving} onClick={save}>
            保存到相册
          </Button>
          <Text className='ss-muted poster-page__tip'>也可以点右上角「···」直接分享给好友</Text>
        </View>
      </PageState>
    </View>
  )
}
