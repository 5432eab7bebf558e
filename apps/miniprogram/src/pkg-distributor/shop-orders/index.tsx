import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Tag } from '@nutui/nutui-react-taro';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { formatDateTime } from '../../utils/format';
import { orderStatusText } from '../../utils/orderStatus';
import { COMMISSION_STATUS_TEXT, commissionTagType } from './commission';
import './index.scss';

/**
 * Orders placed through my shop, newest first: what sold, to whom (masked by the API), the amount and my
 * commission with where it stands. Fulfilment is the merchant's; this page only reports.
 */
export default function ShopOrdersPage() {
  const list = usePaged((page) => api.shops.myOrders({ page, pageSize: 20 }), []);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  return (
    <View className="ss-page shop-orders-page">
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText="还没有通过你的小店下的订单，快去分享吧"
      >
        <Text className="ss-muted shop-orders-page__total">共 {list.total} 单</Text>
        {list.items.map((r) => (
          <View className="shop-order" key={r.orderId}>
            <View className="ss-row">
              <Text className="shop-order__buyer">买家 {r.buyerNickname}</Text>
              <Text className="shop-order__status">{r.status ? orderStatusText(r.status) : ''}</Text>
            </View>
            <Text className="shop-order__title">
              {r.title} ×{r.quantity}
            </Text>
            <Text className="ss-muted">
              {formatDateTime(r.paidAt)} · 订单号 {r.orderNo ?? r.orderId}
            </Text>
            <View className="ss-row shop-order__money">
              <View className="shop-order__paid">
                <Text className="ss-muted">实付</Text>
                <Price fen={r.paidAmount} size="small" />
                {r.refundedAmount ? (
                  <>
                    <Text className="ss-muted">已退</Text>
                    <Price fen={r.refundedAmount} size="small" />
                  </>
                ) : null}
              </View>
              <View className="shop-order__commission">
                <Text className="ss-muted">我的佣金</Text>
                <Price fen={r.commission} size="small" />
                <Tag type={commissionTagType(r.commissionStatus)}>{COMMISSION_STATUS_TEXT[r.commissionStatus]}</Tag>
              </View>
            </View>
          </View>
        ))}
        {list.items.length ? <Text className="ss-muted shop-orders-page__end">{list.hasMore ? '上拉加载更多' : '没有更多了'}</Text> : null}
      </PageState>
    </View>
  );
}
