import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { TabPane, Tabs, Tag } from '@nutui/nutui-react-taro';
import { api, type CommissionStatus } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { formatDateTime } from '../../utils/format';
import './index.scss';

const STATUS_TEXT: Record<CommissionStatus, string> = {
  pending: '待结算',
  available: '可提现',
  reversed: '已冲回',
};
const TABS: (CommissionStatus | 'all')[] = ['all', 'pending', 'available', 'reversed'];

export default function CommissionsPage() {
  const [tab, setTab] = useState<string>('all');
  const status = tab === 'all' ? undefined : (tab as CommissionStatus);
  const list = usePaged((page) => api.distributor.commissions({ page, pageSize: 20, status }), [tab]);
  useReachBottom(() => void list.loadMore());

  return (
    <View className="ss-page">
      <Tabs value={tab} onChange={(v) => setTab(String(v))}>
        {TABS.map((t) => (
          <TabPane key={t} value={t} title={t === 'all' ? '全部' : STATUS_TEXT[t]} />
        ))}
      </Tabs>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText="暂无佣金记录"
      >
        {list.items.map((c) => (
          <View className="commission-row" key={c.id}>
            <View className="commission-row__main">
              <Text>订单 {c.orderId ?? c.orderId}</Text>
              <Text className="ss-muted">
                {formatDateTime(c.createdAt)} · 计佣金额 <Price fen={c.baseAmount} size="small" />
              </Text>
            </View>
            <View className="commission-row__side">
              <Price fen={c.status === 'reversed' ? -c.amount : c.amount} />
              <Tag type={c.status === 'available' ? 'success' : c.status === 'reversed' ? 'danger' : c.status === 'pending' ? 'warning' : 'default'}>
                {STATUS_TEXT[c.status]}
              </Tag>
            </View>
          </View>
        ))}
      </PageState>
    </View>
  );
}
