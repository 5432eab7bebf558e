import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { AFTER_SALE_TYPE_LABELS } from '@shareshop/common';
import { assetUrl } from '../../../api';
import { afterSalesApi } from '../../../api/afterSales';
import { PageState } from '../../../components/PageState';
import { Price } from '../../../components/Price';
import { usePaged } from '../../../hooks/usePaged';
import { go, idParam, routes } from '../../../routes';
import { formatDateTime } from '../../../utils/format';
import { afterSaleStatusText } from '../progress';
import '../after-sale.scss';

/** 我的售后: every request, newest first (`?orderId=` narrows to one order's). */
export default function MyAfterSalesPage() {
  const { params } = useRouter();
  const orderId = idParam(params.orderId) ?? undefined;
  const list = usePaged((page) => afterSalesApi.mine({ page, pageSize: 10, orderId }), [orderId]);
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });
  useReachBottom(() => void list.loadMore());
  useDidShow(() => {
    if (list.items.length) void list.refresh();
  });
  return (
    <View className="ss-page after-sale-list">
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText="还没有售后申请"
      >
        {list.items.map((a) => (
          <View className="ss-card after-sale-card" key={a.id} onClick={() => go(routes.afterSaleDetail, { id: a.id })}>
            <View className="ss-row">
              <Text className="ss-muted">
                {a.merchantName} · {AFTER_SALE_TYPE_LABELS[a.type]}
              </Text>
              <Text className="after-sale-card__status">{afterSaleStatusText(a.status)}</Text>
            </View>
            {a.items.slice(0, 3).map((it) => (
              <View className="after-sale__item" key={it.orderItemId}>
                {it.image ? (
                  <Image className="after-sale__item-image" src={assetUrl(it.image)} mode="aspectFill" />
                ) : (
                  <View className="after-sale__item-image" />
                )}
                <View className="after-sale__item-body">
                  <Text className="after-sale__item-title">{it.title}</Text>
                  <Text className="ss-muted">×{it.quantity}</Text>
                </View>
              </View>
            ))}
            <View className="ss-row">
              <Text className="ss-muted">{formatDateTime(a.createdAt)}</Text>
              <View className="ss-row">
                <Text className="ss-muted after-sale-card__amount-label">退款</Text>
                <Price fen={a.amount} size="small" />
              </View>
            </View>
          </View>
        ))}
      </PageState>
    </View>
  );
}
