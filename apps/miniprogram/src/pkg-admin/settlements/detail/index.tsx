import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro';
import { Tag } from '@nutui/nutui-react-taro';
import { api } from '../../../api';
import { PageState } from '../../../components/PageState';
import { Price } from '../../../components/Price';
import { useAsync } from '../../../hooks/useAsync';
import { usePaged } from '../../../hooks/usePaged';
import { go, routes } from '../../../routes';
import { PAYOUT_METHOD_TEXT, PAYOUT_STATUS_TEXT, STATUS_TEXT, summaryRows } from '../../../pkg-merchant/settlements/statement';
import { BATCH_STATUS } from '../labels';
import './index.scss';

/** One business day: the batch's state and every merchant's statement (signed rows that add up to 应结金额). */
export default function AdminSettlementDetailPage() {
  const day = useRouter().params.day ?? '';
  const batch = useAsync(() => api.admin.batch(day), [day], { enabled: !!day });
  const list = usePaged((page) => api.admin.dayStatements(day, { page, pageSize: 20 }), [day], { enabled: !!day });
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await Promise.all([batch.reload(), list.refresh()]);
    Taro.stopPullDownRefresh();
  });
  const b = batch.data;
  const net = list.items.reduce((n, s) => n + s.netPayable, 0);
  return (
    <View className="ss-page admin-batch">
      <PageState loading={batch.loading && !b} error={b ? undefined : (batch.error ?? (day ? undefined : '缺少结算日'))} onRetry={batch.reload}>
        {b ? (
          <View className="admin-batch__head">
            <View className="ss-row">
              <Text className="admin-batch__day">结算日 {b.businessDate}</Text>
              <Tag type={BATCH_STATUS[b.status]?.[1] ?? 'default'}>{BATCH_STATUS[b.status]?.[0] ?? b.status}</Tag>
            </View>
            <Text className="ss-muted admin-batch__facts">
              账单 {b.billRows ?? '—'} 笔 · 结算单 {b.statements ?? '—'} 份 · 对账差异 {b.openItems ?? 0} 项
            </Text>
            {list.items.length ? (
              <View className="ss-row admin-batch__total">
                <Text>{list.hasMore ? `已加载 ${list.items.length} 家商家应结合计` : '商家应结合计'}</Text>
                <Price fen={net} />
              </View>
            ) : null}
          </View>
        ) : null}
        <View className="ss-section-title">商家结算单</View>
        <PageState
          loading={list.initialLoading}
          error={list.items.length ? undefined : list.error}
          onRetry={list.refresh}
          empty={!list.items.length}
          emptyText="这一天没有商家结算单（无成交）"
        >
          {list.items.map((s) => (
            <View key={s.id} className="admin-batch__card">
              <View className="ss-row">
                <Text className="admin-batch__merchant">{s.merchantName}</Text>
                <Tag type={STATUS_TEXT[s.status][1]}>{STATUS_TEXT[s.status][0]}</Tag>
              </View>
              {summaryRows(s).map((r) => (
                <View key={r.label} className="ss-row admin-batch__line">
                  <Text className="ss-muted">{r.label}</Text>
                  <Price fen={r.fen} size="small" />
                </View>
              ))}
              <View className="ss-row admin-batch__net">
                <Text>应结金额</Text>
                <Price fen={s.netPayable} />
              </View>
              {s.carryOut ? (
                <View className="ss-row admin-batch__line">
                  <Text className="ss-muted">结转下期</Text>
                  <Price fen={s.carryOut} size="small" />
                </View>
              ) : null}
              {s.payout ? (
                <Text className="ss-muted admin-batch__payout">
                  打款：{PAYOUT_METHOD_TEXT[s.payout.method] ?? s.payout.method} · {PAYOUT_STATUS_TEXT[s.payout.status] ?? s.payout.status}
                  {s.payout.paidReference ? ` · 凭证 ${s.payout.paidReference}` : ''}
                </Text>
              ) : null}
              {s.openItems ? (
                <Text className="admin-batch__alert" onClick={() => go(routes.adminReconciliation)}>
                  {s.openItems} 项对账差异未处理，结算单暂缓打款 · 去处理 ›
                </Text>
              ) : null}
            </View>
          ))}
        </PageState>
      </PageState>
    </View>
  );
}
