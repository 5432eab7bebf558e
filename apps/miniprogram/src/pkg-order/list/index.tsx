import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Button, TabPane, Tabs } from '@nutui/nutui-react-taro';
import { api, assetUrl, type OrderStatus } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { go, routes } from '../../routes';
import { orderStatusText } from '../../utils/orderStatus';
import './index.scss';

const TABS: { title: string; value: OrderStatus | 'all' }[] = [
  { title: '全部', value: 'all' },
  { title: '待付款', value: 'created' },
  { title: '待发货', value: 'paid' },
  { title: '待收货', value: 'shipped' },
  { title: '已完成', value: 'completed' },
];

export default function OrderListPage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<string>(params.status || 'all');
  const status = tab === 'all' ? undefined : (tab as OrderStatus);
  const orders = usePaged((page) => api.orders.list({ page, pageSize: 10, status }), [tab]);
  usePullDownRefresh(async () => {
    await orders.refresh();
    Taro.stopPullDownRefresh();
  });
  useReachBottom(() => void orders.loadMore());

  return (
    <View className="ss-page order-list-page">
      <Tabs value={tab} onChange={(v) => setTab(String(v))}>
        {TABS.map((t) => (
          <TabPane key={t.value} title={t.title} value={t.value} />
        ))}
      </Tabs>
      <PageState
        loading={orders.initialLoading}
        error={orders.items.length ? undefined : orders.error}
        onRetry={orders.refresh}
        empty={!orders.items.length}
        emptyText="还没有相关订单"
        emptyAction={<Button onClick={() => go(routes.shop)}>去逛逛</Button>}
      >
        {orders.items.map((o) => (
          <View className="ss-card order-card" key={o.id} onClick={() => go(routes.orderDetail, { id: o.id })}>
            <View className="ss-row">
              <Text className="ss-muted">{o.merchantName}</Text>
              <Text className="order-card__status">{orderStatusText(o.status)}</Text>
            </View>
            {o.items.slice(0, 3).map((it) => (
              <View className="order-card__item" key={it.skuId}>
                {it.image ? <Image className="order-card__image" src={assetUrl(it.image)} mode="aspectFill" /> : <View className="order-card__image" />}
                <View className="order-card__body">
                  <Text className="order-card__title">{it.title}</Text>
                  <Text className="ss-muted">
                    {it.specValues.join(' / ')} ×{it.quantity}
                  </Text>
                </View>
              </View>
            ))}
            <View className="order-card__foot">
              <Text className="ss-muted">实付</Text>
              <Price fen={o.paidTotal} size="small" />
            </View>
          </View>
        ))}
        <Text className="ss-muted order-list-page__more">{orders.loading ? '加载中…' : orders.hasMore ? '上拉加载更多' : '没有更多了'}</Text>
      </PageState>
    </View>
  );
}
