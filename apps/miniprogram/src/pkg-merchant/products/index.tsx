import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro';
import { Button, Switch } from '@nutui/nutui-react-taro';
import { go, routes } from '../../routes';
import { api, assetUrl } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { errorMessage } from '../../utils/errors';
import './index.scss';

export default function MerchantProductsPage() {
  const list = usePaged((page) => api.merchant.products({ page, pageSize: 20 }), []);
  useReachBottom(() => void list.loadMore());
  useDidShow(() => void list.refresh());

  const setOnSale = async (id: number, onSale: boolean) => {
    try {
      const updated = await api.merchant.setStatus(id, onSale ? 'on_sale' : 'off_sale');
      list.setItems((items) => items.map((p) => (p.id === id ? updated : p)));
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    }
  };

  return (
    <View className="ss-page">
      <View className="ss-actions">
        <Button block type="primary" onClick={() => go(routes.merchantProductEdit)}>
          发布商品
        </Button>
      </View>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText="还没有商品"
      >
        {list.items.map((p) => (
          <View className="ss-list-item" key={p.id}>
            {p.images[0] ? <Image className="ss-list-item__image" src={assetUrl(p.images[0])} mode="aspectFill" /> : <View className="ss-list-item__image" />}
            <View className="ss-list-item__body">
              <Text className="ss-list-item__title">{p.title}</Text>
              <Text className="ss-muted">
                {p.status === 'draft' ? '草稿 · ' : ''}库存 {p.skus.reduce((n, k) => n + k.stock, 0)} · 已售 {p.skus.reduce((n, k) => n + k.sold, 0)}{' '}
                {p.skus.length > 1 ? `· 启用 ${p.skus.filter((k) => k.active).length}/${p.skus.length} 个规格` : ''}
              </Text>
              <View className="ss-row">
                <Price fen={p.priceFrom} size="small" />
                <View className="merchant-products__actions">
                  <Button size="small" className="merchant-products__edit" onClick={() => go(routes.merchantProductEdit, { id: p.id })}>
                    编辑
                  </Button>
                  <Switch checked={p.status === 'on_sale'} onChange={(v) => setOnSale(p.id, v)} activeText="在售" inactiveText="下架" />
                </View>
              </View>
            </View>
          </View>
        ))}
      </PageState>
    </View>
  );
}
