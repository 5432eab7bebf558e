import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Checkbox } from '@nutui/nutui-react-taro';
import { api, assetUrl } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';
import { usePaged } from '../../hooks/usePaged';
import { useSession } from '../../store/session';
import './index.scss';
import { useAction } from '../../hooks/useAction';

/** Platform default product limit per shop (a platform setting; the server enforces the real one). */

export default function ShopProductsPage() {
  const { user } = useSession();
  const shopId = user?.shopId ?? 0;
  const library = usePaged((page) => api.products.library({ page, pageSize: 20 }), []);
  const mine = useAsync(() => api.shops.mine(), [shopId], { enabled: !!shopId });
  const SHOP_PRODUCT_LIMIT = mine.data?.productLimit ?? 50;
  const [selected, setSelected] = useState<number[]>([]);
  const { busy: saving, run } = useAction();
  useReachBottom(() => void library.loadMore());

  useEffect(() => {
    if (mine.data) setSelected(mine.data.productIds);
  }, [mine.data]);

  const toggle = (id: number, on: boolean) => {
    if (on && selected.length >= SHOP_PRODUCT_LIMIT) {
      return void Taro.showToast({ title: `最多选择 ${SHOP_PRODUCT_LIMIT} 件商品`, icon: 'none' });
    }
    setSelected((s) => (on ? [...s, id] : s.filter((x) => x !== id)));
  };

  const save = () => run(() => api.shops.setMyProducts({ productIds: selected }), { done: '已保存' });

  return (
    <View className="ss-page shop-products-page">
      <PageState
        loading={library.initialLoading || mine.loading}
        error={mine.error || (library.items.length ? undefined : library.error)}
        onRetry={() => {
          void mine.reload();
          void library.refresh();
        }}
        empty={!shopId || !library.items.length}
        emptyText={shopId ? '商品库暂无商品' : '你还没有开店'}
      >
        {library.items.map((p) => (
          <View className="ss-list-item" key={p.id}>
            <Checkbox checked={selected.includes(p.id)} onChange={(on) => toggle(p.id, on)} />
            {p.images[0] ? <Image className="ss-list-item__image" src={assetUrl(p.images[0])} mode="aspectFill" /> : <View className="ss-list-item__image" />}
            <View className="ss-list-item__body">
              <Text className="ss-list-item__title">{p.title}</Text>
              <Price fen={p.priceFrom} size="small" />
            </View>
          </View>
        ))}
        <View className="ss-bottom-bar">
          <Text>
            已选 {selected.length}/{SHOP_PRODUCT_LIMIT}
          </Text>
          <Button type="primary" loading={saving} onClick={save}>
            保存选品
          </Button>
        </View>
      </PageState>
    </View>
  );
}
