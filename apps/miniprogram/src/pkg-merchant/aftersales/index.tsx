import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { TabPane, Tabs } from '@nutui/nutui-react-taro';
import { AFTER_SALE_REASON_LABELS, AFTER_SALE_TYPE_LABELS, type AfterSaleStatus } from '@shareshop/common';
import { type MerchantAfterSaleList, afterSalesApi } from '../../api/afterSales';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { go, routes } from '../../routes';
import { formatDateTime } from '../../utils/format';
import { MERCHANT_TABS, merchantStatusText } from './labels';
import './aftersales.scss';

/** 售后管理: requests by state, each tab with its count; pending first. */
export default function MerchantAfterSalesPage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<string>(params.status || 'pending');
  // H5 keeps a visited page alive: a link to another state must still switch the tab
  useEffect(() => {
    if (params.status) setTab(params.status);
  }, [params.status]);
  const status = tab === 'all' ? undefined : (tab as AfterSaleStatus);
  const [counts, setCounts] = useState<MerchantAfterSaleList['counts'] | null>(null);
  const list = usePaged(
    async (page) => {
      const res = await afterSalesApi.merchant.list({ page, pageSize: 20, status });
      setCounts(res.counts);
      return { ...res, page, pageSize: 20 };
    },
    [tab],
  );
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });
  useDidShow(() => {
    if (list.items.length || counts) void list.refresh();
  });
  const countOf = (v: string) => (v === 'all' || !counts ? 0 : (counts[v as AfterSaleStatus] ?? 0));

  return (
    <View className="ss-page merchant-after-sales">
      <Tabs value={tab} onChange={(v) => setTab(String(v))}>
        {MERCHANT_TABS.map((t) => (
          <TabPane key={t.value} value={t.value} title={countOf(t.value) ? `${t.title}(${countOf(t.value)})` : t.title} />
        ))}
      </Tabs>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText="暂无售后申请"
      >
        {list.items.map((a) => (
          <View className="ss-card" key={a.id} onClick={() => go(routes.merchantAfterSaleDetail, { id: a.id })}>
            <View className="ss-row">
              <Text className="ss-muted">订单 {a.outTradeNo}</Text>
              <Text className="m-after-sale__status">{merchantStatusText(a.status)}</Text>
            </View>
            <View className="m-after-sale__line">
              <Text className="m-after-sale__label">
                {AFTER_SALE_TYPE_LABELS[a.type]} · {AFTER_SALE_REASON_LABELS[a.reason]}
              </Text>
              <Price fen={a.amount} size="small" />
            </View>
            {a.items.map((it) => (
              <Text key={it.orderItemId} className="ss-muted m-after-sale__block">
                {it.title} ×{it.quantity}
              </Text>
            ))}
            <Text className="ss-muted m-after-sale__block">申请时间 {formatDateTime(a.createdAt)}</Text>
          </View>
        ))}
      </PageState>
    </View>
  );
}
