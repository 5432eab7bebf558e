import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Tag } from '@nutui/nutui-react-taro';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { usePaged } from '../../hooks/usePaged';
import { go, routes } from '../../routes';
import { formatDateTime } from '../../utils/format';
import { BATCH_STATUS } from './labels';
import './index.scss';

/** Platform operators: one settlement batch per finished business day (T+1), newest first. */
export default function AdminSettlementsPage() {
  const list = usePaged((page) => api.admin.batches({ page, pageSize: 20 }), []);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });
  return (
    <View className="ss-page admin-batches">
      <Text className="ss-muted ss-note">每个营业日（北京时间）次日 10:00 后下载微信账单、对账并生成商家结算单。</Text>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText="还没有结算批次：营业日结束后的次日自动生成"
      >
        {list.items.map((b) => {
          const [text, tag] = BATCH_STATUS[b.status] ?? [b.status, 'default'];
          return (
            <View key={b.id} className="admin-batches__card" onClick={() => go(routes.adminSettlementDetail, { day: b.businessDate })}>
              <View className="ss-row">
                <Text className="admin-batches__day">结算日 {b.businessDate}</Text>
                <Tag type={tag}>{text}</Tag>
              </View>
              <View className="admin-batches__figures">
                <View className="admin-batches__figure">
                  <Text className="admin-batches__value">{b.billRows ?? '—'}</Text>
                  <Text className="admin-batches__label">账单笔数</Text>
                </View>
                <View className="admin-batches__figure">
                  <Text className="admin-batches__value">{b.statements ?? '—'}</Text>
                  <Text className="admin-batches__label">结算单</Text>
                </View>
                <View className="admin-batches__figure">
                  <Text className={`admin-batches__value${b.openItems ? ' is-alert' : ''}`}>{b.openItems ?? '—'}</Text>
                  <Text className="admin-batches__label">对账差异</Text>
                </View>
              </View>
              {b.lastError ? (
                <Text className="admin-batches__error">
                  第 {b.attempts} 次运行出错：{b.lastError}
                </Text>
              ) : null}
              <View className="ss-row admin-batches__foot">
                <Text className="ss-muted">{b.finishedAt ? `完成于 ${formatDateTime(b.finishedAt)}` : `开始于 ${formatDateTime(b.createdAt)}`}</Text>
                <Text className="admin-batches__more">查看结算单 ›</Text>
              </View>
            </View>
          );
        })}
        {list.items.length && !list.hasMore ? <Text className="ss-muted admin-batches__end">没有更多了</Text> : null}
      </PageState>
    </View>
  );
}
