import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useRef } from 'react';
import { api } from '../../api';
import { useAsync } from '../../hooks/useAsync';
import { go, routes, type Route } from '../../routes';
import { NEEDS_ACTION, recentPayouts } from '../settlements/labels';
import './index.scss';

interface Tile {
  key: string;
  title: string;
  desc: string;
  route: Route;
  /** a count that needs the operator (shown as a badge), or undefined while unknown */
  count?: number;
}

/**
 * Platform operators' home: one tile per job, with what is waiting. Counts that fail to load are left out
 * (the tile still opens its page, which shows the error with a retry).
 */
export default function AdminHomePage() {
  const pending = useAsync(() => api.admin.merchants('pending'), []);
  const open = useAsync(() => api.admin.reconciliationItems({ status: 'open', pageSize: 1 }), []);
  const payouts = useAsync(() => recentPayouts(), []);
  const shown = useRef(false);
  const reload = () => Promise.all([pending.reload(), open.reload(), payouts.reload()]);
  useDidShow(() => {
    // coming back from a job page: the counts may have changed
    if (shown.current) void reload();
    shown.current = true;
  });
  usePullDownRefresh(async () => {
    await reload();
    Taro.stopPullDownRefresh();
  });

  const tiles: Tile[] = [
    { key: 'merchants', title: '商家审核', desc: '入驻申请：通过或驳回', route: routes.adminMerchants, count: pending.data?.items.length },
    { key: 'rules', title: '平台规则', desc: '分佣层级、佣金上限、绑定、提现', route: routes.adminRules },
    { key: 'settlements', title: '结算批次', desc: '每日结算与商家结算单', route: routes.adminSettlements },
    { key: 'reconciliation', title: '对账差异', desc: '微信账单与账本不一致', route: routes.adminReconciliation, count: open.data?.total },
    {
      key: 'payouts',
      title: '打款',
      desc: '需人工打款与状态跟进',
      route: routes.adminPayouts,
      count: payouts.data?.filter((p) => NEEDS_ACTION.has(p.payout.status)).length,
    },
    { key: 'users', title: '用户管理', desc: '查找用户、停用与恢复', route: routes.adminUsers },
  ];
  return (
    <View className="ss-page admin-home">
      <Text className="ss-muted ss-note">平台运营后台：以下操作均记录操作人，请谨慎处理。</Text>
      <View className="admin-home__grid">
        {tiles.map((t) => (
          <View key={t.key} className={`admin-home__tile admin-home__tile--${t.key}`} onClick={() => go(t.route)}>
            <View className="admin-home__tile-head">
              <Text className="admin-home__title">{t.title}</Text>
              {t.count ? <Text className="admin-home__badge">{t.count > 99 ? '99+' : t.count}</Text> : null}
            </View>
            <Text className="admin-home__desc">{t.desc}</Text>
            {t.count !== undefined ? (
              <Text className={`admin-home__status${t.count ? ' is-waiting' : ''}`}>{t.count ? `${t.count} 项待处理` : '暂无待处理'}</Text>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  );
}
