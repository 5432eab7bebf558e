import { useState } from 'react';
import { Image, Swiper, SwiperItem, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button, Popup } from '@nutui/nutui-react-taro';
import { sharePath } from '@shareshop/common/rules';
import { api, assetUrl } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { SkuPicker, type SkuChoice } from '../../components/SkuPicker';
import { priceRange } from '../../components/SkuPicker/sku';
import { useAsync } from '../../hooks/useAsync';
import { go, idParam, routes } from '../../routes';
import { cart } from '../../store/cart';
import { useEntry } from '../../store/entry';
import { useSession } from '../../store/session';
import { skuLine } from '../../utils/skuLine';
import './index.scss';

type Intent = 'cart' | 'buy';

export default function ProductDetailPage() {
  const { params } = useRouter();
  const productId = idParam(params.id) ?? 0;
  const entry = useEntry();
  const { user } = useSession();
  const shopId = idParam(params.shopId) ?? entry?.shopId ?? 0;
  const product = useAsync(() => api.products.get(productId), [productId], { enabled: !!productId });
  const [intent, setIntent] = useState<Intent | null>(null);

  useShareAppMessage(() => ({
    title: product.data?.title ?? '分享小店',
    path: sharePath(routes.productDetail, { id: productId, shopId, ref: user?.referralCode ?? entry?.ref }),
  }));

  const onConfirm = ({ sku, quantity }: SkuChoice) => {
    const p = product.data!;
    // An order belongs to a shop (commission attribution): products are bought from one.
    if (!shopId) return void Taro.showToast({ title: '请从店铺进入后购买', icon: 'none' });
    const line = skuLine(shopId, p, sku);
    setIntent(null);
    if (intent === 'buy') {
      go(routes.checkout, { shopId, productId: p.id, skuId: sku.id, quantity });
      return;
    }
    cart.add(line, quantity);
    void Taro.showToast({ title: '已加入购物车', icon: 'success' });
  };

  const p = product.data;
  const range = p ? priceRange(p.skus) : null;
  const soldOut = !!p && (p.status !== 'on_sale' || p.skus.every((s) => !s.active || s.stock <= 0));

  return (
    <View className="ss-page product-page">
      <PageState loading={product.loading} error={product.error} onRetry={product.reload} empty={!productId} emptyText="商品不存在">
        {p ? (
          <>
            <Swiper className="product-page__swiper" indicatorDots circular>
              {(p.images.length ? p.images : ['']).map((src, i) => (
                <SwiperItem key={i}>
                  {src ? <Image className="product-page__image" src={assetUrl(src)} mode="aspectFill" /> : <View className="product-page__image" />}
                </SwiperItem>
              ))}
            </Swiper>
            <View className="ss-card">
              <View className="ss-row">
                {range ? <Price fen={range.min} listFen={p.skus[0]?.listPrice} size="large" /> : <View />}
                {user?.shopId ? (
                  <Button className="product-page__poster" size="small" fill="outline" type="primary" onClick={() => go(routes.poster, { productId: p.id })}>
                    分享海报
                  </Button>
                ) : null}
              </View>
              <Text className="product-page__title">{p.title}</Text>
              {p.subtitle ? <Text className="ss-muted">{p.subtitle}</Text> : null}
              {p.purchaseLimit ? <Text className="ss-muted product-page__limit">每人限购 {p.purchaseLimit} 件</Text> : null}
            </View>
            <View className="ss-card" onClick={() => setIntent('cart')}>
              <View className="ss-row">
                <Text>规格</Text>
                <Text className="ss-muted">请选择规格和数量 ›</Text>
              </View>
            </View>
            {p.description || p.detail?.length ? (
              <View className="ss-card">
                <Text className="ss-section-title product-page__desc-title">商品详情</Text>
                {p.description ? <Text className="product-page__desc">{p.description}</Text> : null}
                {/* 图文详情: the merchant's text and image blocks, in order */}
                {(p.detail ?? []).map((b, i) =>
                  b.type === 'text' ? (
                    <Text key={i} className="product-page__desc product-page__detail-text">
                      {b.text}
                    </Text>
                  ) : (
                    <Image key={i} className="product-page__detail-image" src={assetUrl(b.url)} mode="widthFix" lazyLoad />
                  ),
                )}
              </View>
            ) : null}
            <View className="ss-bottom-bar">
              <Button fill="outline" onClick={() => go(routes.cart)}>
                购物车
              </Button>
              <View className="product-page__actions">
                <Button disabled={soldOut} onClick={() => setIntent('cart')}>
                  加入购物车
                </Button>
                <Button type="primary" disabled={soldOut} onClick={() => setIntent('buy')}>
                  {soldOut ? '已售罄' : '立即购买'}
                </Button>
              </View>
            </View>
            <Popup visible={!!intent} position="bottom" round closeable onClose={() => setIntent(null)}>
              {intent ? <SkuPicker product={p} confirmText={intent === 'buy' ? '立即购买' : '加入购物车'} onConfirm={onConfirm} /> : null}
            </Popup>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
