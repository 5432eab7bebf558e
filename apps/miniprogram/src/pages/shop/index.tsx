import { useEffect, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Avatar, Button } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { useAsync } from '../../hooks/useAsync'
import { usePaged } from '../../hooks/usePaged'
import { go, routes, withQuery } from '../../routes'
import { entry, useEntry } from '../../store/entry'
import { useSession } from '../../store/session'
import { entryFromQuery } from '../../utils/scene'
import './index.scss'

export default function ShopPage() {
  const { params } = useRouter()
  const current = useEntry()
  const { user } = useSession()
  const [resolving, setResolving] = useState(false)
  const [resolveError, setResolveError] = useState<unknown>()

  // Share link (?shopId=&ref=) or 小程序码 (?scene=s%3D..%26r%3D..) opening this page.
  useEffect(() => {
    const found = entryFromQuery(params as Record<string, string>)
    if (!found) return
    if ('shopId' in found) return entry.enter(found)
    setResolving(true)
    api.referrals
      .resolve({ scene: found.scene })
      .then((r) => (r.shopId ? entry.enter({ shopId: r.shopId, ref: r.ref }) : setResolveError(new Error('二维码已失效'))))
      .catch(setResolveError)
      .finally(() => setResolving(false))
  }, [params.scene, params.shopId])

  const shopId = current?.shopId ?? user?.shopId ?? null
  const face = useAsync(() => api.shops.get(shopId!), [shopId], { enabled: !!shopId })
  const products = usePaged((page) => api.shops.products(shopId!, { page, pageSize: 20 }), [shopId], { enabled: !!shopId })

  usePullDownRefresh(async () => {
    await Promise.all([face.reload(), products.refresh()])
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void products.loadMore())
  useShareAppMessage(() => ({
    title: face.data ? `${face.data.name} · 分享小店` : '分享小店',
    path: withQuery(routes.shop, { shopId, ref: user?.referralCode ?? current?.ref }),
  }))

  if (!shopId && !resolving) {
    return (
      <View className='ss-page shop-page'>
        <PageState
          error={resolveError}
          empty
          emptyText='还没有进入任何店铺，打开好友分享的店铺链接或扫码即可逛店'
          emptyAction={
            <Button type='primary' onClick={() => go(routes.openShop)}>
              我也要开店
            </Button>
          }
        />
      </View>
    )
  }

  const shop = face.data
  const themeColor = shop?.theme?.primaryColor
  return (
    <View className='ss-page shop-page'>
      <PageState loading={resolving || face.loading} error={face.error} onRetry={face.reload}>
        {shop ? (
          <View className='shop-face' style={themeColor ? { background: themeColor } : undefined}>
            {shop.bannerUrl ? <Image className='shop-face__banner' src={shop.bannerUrl} mode='aspectFill' /> : null}
            <View className='shop-face__info'>
              <Avatar size='large' src={shop.avatarUrl || shop.owner.avatarUrl || ''} />
              <View className='shop-face__text'>
                <Text className='shop-face__name'>{shop.name}</Text>
                <Text className='shop-face__owner'>店主 {shop.owner.nickname}</Text>
              </View>
              {user?.shopId === shop.id ? (
                <Button size='small' onClick={() => go(routes.poster)}>
                  分享店铺
                </Button>
              ) : (
                <Button size='small' type='primary' onClick={() => go(routes.openShop, { fromShopId: shop.id })}>
                  我也要开店
                </Button>
              )}
            </View>
          </View>
        ) : null}

        <Text className='ss-section-title'>店铺好物</Text>
        <PageState
          loading={products.initialLoading}
          error={products.items.length ? undefined : products.error}
          empty={!products.items.length}
          emptyText='店主还没有上架商品'
          onRetry={products.refresh}
        >
          <View className='product-grid'>
            {products.items.map((p) => (
              <View className='product-card' key={p.id} onClick={() => go(routes.productDetail, { id: p.id, shopId })}>
                {p.coverUrl ? <Image className='product-card__image' src={p.coverUrl} mode='aspectFill' /> : <View className='product-card__image' />}
                <Text className='product-card__title'>{p.title}</Text>
                <View className='product-card__foot'>
                  <Price fen={p.priceFen} listFen={p.listPriceFen} size='small' />
                  {p.stock === 0 ? <Text className='ss-muted'>售罄</Text> : null}
                </View>
              </View>
            ))}
          </View>
          <Text className='ss-muted shop-page__more'>{products.loading ? '加载中…' : products.hasMore ? '上拉加载更多' : '没有更多了'}</Text>
        </PageState>
      </PageState>
    </View>
  )
}
