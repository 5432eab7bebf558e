import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter, useShareAppMessage } from '@tarojs/taro';
import { Avatar, Button } from '@nutui/nutui-react-taro';
import { sharePath } from '@shareshop/common/rules';
import { api, assetUrl, type ShopView } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { go, routes } from '../../routes';
import { entry, useEntry } from '../../store/entry';
import { useSession } from '../../store/session';
import { entryFromQuery } from '../../utils/scene';
import './index.scss';

export default function ShopPage() {
  const { params } = useRouter();
  const current = useEntry();
  const { user } = useSession();
  const [resolving, setResolving] = useState(false);
  const [resolveError, setResolveError] = useState<unknown>();

  // Share link (?shopId=&ref=) or 小程序码 (?scene=s%3D..%26r%3D..) opening this page.
  const { scene: linkScene, shopId: linkShopId, ref: linkRef } = params as Record<string, string | undefined>;
  useEffect(() => {
    const found = entryFromQuery({ scene: linkScene, shopId: linkShopId, ref: linkRef });
    if (!found) return;
    if ('shopId' in found) return entry.enter(found);
    setResolving(true);
    api.referrals
      .resolve({ scene: found.scene })
      .then((r) => (r.shopId ? entry.enter({ shopId: r.shopId, ref: r.referralCode }) : setResolveError(new Error('二维码已失效'))))
      .catch(setResolveError)
      .finally(() => setResolving(false));
  }, [linkScene, linkShopId, linkRef]);

  // The shop entered through a link/code, else the user's own shop, else the platform's featured shop.
  const shopId = current?.shopId ?? user?.shopId ?? null;
  const [face, setFace] = useState<ShopView>();
  const fetchPage = async (page: number) => {
    const view = shopId ? await api.shops.get(shopId, { page, pageSize: 20 }) : await api.shops.featured({ page, pageSize: 20 });
    if (page === 1) setFace(view);
    return view.products;
  };
  const products = usePaged(fetchPage, [shopId], { enabled: !resolving });
  const faceState = {
    loading: products.initialLoading || (products.loading && !face),
    error: face ? undefined : products.error,
    reload: () => products.refresh(),
  };

  usePullDownRefresh(async () => {
    await products.refresh();
    Taro.stopPullDownRefresh();
  });
  useReachBottom(() => void products.loadMore());
  useShareAppMessage(() => ({
    title: face ? `${face.name} · 分享小店` : '分享小店',
    path: sharePath(routes.shop, { shopId: face?.id ?? shopId, ref: user?.referralCode ?? current?.ref }),
  }));

  const shop = face;
  const themeClass = shop ? ` shop-theme--${shop.theme}` : '';
  return (
    <View className="ss-page shop-page">
      <PageState loading={resolving || faceState.loading} error={resolveError || faceState.error} onRetry={faceState.reload}>
        {shop ? (
          <View className={`shop-face${themeClass}`}>
            {shop.bannerUrl ? <Image className="shop-face__banner" src={assetUrl(shop.bannerUrl)} mode="aspectFill" /> : null}
            <View className="shop-face__info">
              <Avatar size="large" src={assetUrl(shop.avatarUrl || shop.owner.avatarUrl)} />
              <View className="shop-face__text">
                <Text className="shop-face__name">{shop.name}</Text>
                <Text className="shop-face__owner">店主 {shop.owner.nickname}</Text>
              </View>
              {user?.shopId === shop.id ? (
                <Button size="small" onClick={() => go(routes.poster)}>
                  分享店铺
                </Button>
              ) : (
                <Button size="small" type="primary" onClick={() => go(routes.openShop, { fromShopId: shop.id })}>
                  我也要开店
                </Button>
              )}
            </View>
          </View>
        ) : null}

        <Text className="ss-section-title">店铺好物</Text>
        <PageState
          loading={products.initialLoading}
          error={products.items.length || !face ? undefined : products.error}
          empty={!products.items.length}
          emptyText="店主还没有上架商品"
          onRetry={products.refresh}
        >
          <View className="product-grid">
            {products.items.map((p) => (
              <View className="product-card" key={p.id} onClick={() => go(routes.productDetail, { id: p.id, shopId: shop?.id ?? shopId })}>
                {p.image ? <Image className="product-card__image" src={assetUrl(p.image)} mode="aspectFill" /> : <View className="product-card__image" />}
                <Text className="product-card__title">{p.title}</Text>
                <View className="product-card__foot">
                  <Price fen={p.minPrice} listFen={p.listPrice} size="small" />
                  {p.stock === 0 ? <Text className="ss-muted">售罄</Text> : null}
                </View>
              </View>
            ))}
          </View>
          <Text className="ss-muted shop-page__more">{products.loading ? '加载中…' : products.hasMore ? '上拉加载更多' : '没有更多了'}</Text>
        </PageState>
      </PageState>
    </View>
  );
}
