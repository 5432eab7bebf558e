import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { api, type MyMerchantsView } from '../../api';
import { afterSalesApi } from '../../api/afterSales';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';
import { go, routes } from '../../routes';
import { currentMerchant, pickMerchant } from '../../store/merchant';
import { dashboardFigures } from './figures';
import './index.scss';

/**
 * Dashboard: today's paid orders and sales and a 7-day chart (one API sum, no page limit), work queues.
 * First the merchant to work in (X-Merchant-Id on every /merchant/* call): the stored one, else the first.
 */
async function loadDashboard() {
  const memberships = (await api.merchant.mine()).items;
  const current = pickMerchant(memberships, currentMerchant.getId());
  currentMerchant.select(current?.merchantId ?? null);
  const [merchant, summary, toShip, refunds, lowStock] = await Promise.all([
    api.merchant.settings(),
    api.merchant.salesSummary(7),
    api.merchant.orders({ status: 'paid', page: 1, pageSize: 1 }),
    afterSalesApi.merchant.list({ status: 'pending', pageSize: 1 }),
    api.merchant.lowStock(10),
  ]);
  return {
    memberships,
    current,
    merchant,
    figures: dashboardFigures(summary),
    toShip: toShip.total,
    afterSales: afterSalesToDo(refunds.counts),
    lowStock: lowStock.items.length,
  };
}

/** 待处理售后: requests waiting for the merchant's answer, and returned parcels waiting for confirmation. */
const afterSalesToDo = (counts: { pending: number; returning: number }) => counts.pending + counts.returning;

const ROLE_LABEL = { owner: '主账号', staff: '店员' } as const;

/** For people in several merchants (owner of one, staff of another): which one the pages act for. */
async function switchMerchant(memberships: MyMerchantsView['items'], currentId: number | undefined, reload: () => Promise<void>) {
  const choices = memberships.filter((m) => m.status === 'approved');
  try {
    const { tapIndex } = await Taro.showActionSheet({ itemList: choices.map((m) => `${m.name}（${ROLE_LABEL[m.role]}）`) });
    const picked = choices[tapIndex];
    if (!picked || picked.merchantId === currentId) return;
    currentMerchant.select(picked.merchantId);
    await reload();
  } catch {
    // sheet dismissed
  }
}

export default function MerchantDashboardPage() {
  const dash = useAsync(loadDashboard, []);
  usePullDownRefresh(async () => {
    await dash.reload();
    Taro.stopPullDownRefresh();
  });
  useDidShow(() => {
    if (dash.data) void dash.reload();
  });
  const d = dash.data;
  const f = d?.figures;
  return (
    <View className="ss-page merchant-dashboard">
      <PageState loading={dash.loading && !d} error={d ? undefined : dash.error} onRetry={dash.reload}>
        {d && d.memberships.filter((m) => m.status === 'approved').length > 1 ? (
          <View className="merchant-switcher" onClick={() => void switchMerchant(d.memberships, d.current?.merchantId, dash.reload)}>
            <Text className="merchant-switcher__label">当前商家</Text>
            <Text className="merchant-switcher__name">{d.merchant.name}</Text>
            {d.current ? <Text className={`merchant-switcher__role is-${d.current.role}`}>{ROLE_LABEL[d.current.role]}</Text> : null}
            <Text className="merchant-switcher__action">切换 ›</Text>
          </View>
        ) : null}
        {d && f ? (
          <View className="ss-card">
            <Text className="merchant-dashboard__name">{d.merchant.name}</Text>
            <Text className="ss-muted merchant-dashboard__label">今日成交</Text>
            <Price className="merchant-dashboard__sales" fen={f.todaySales} size="large" />
            <View className="ss-stat-grid">
              <View className="ss-stat-grid__item merchant-dashboard__today-orders">
                <Text className="ss-stat-grid__value">{f.todayOrders}</Text>
                <Text className="ss-stat-grid__label">今日订单</Text>
              </View>
              <View className="ss-stat-grid__item" onClick={() => go(routes.merchantOrders, { status: 'paid' })}>
                <Text className="ss-stat-grid__value">{d.toShip}</Text>
                <Text className="ss-stat-grid__label">待发货</Text>
              </View>
              <View className="ss-stat-grid__item" onClick={() => go(routes.merchantAfterSales)}>
                <Text className="ss-stat-grid__value">{d.afterSales}</Text>
                <Text className="ss-stat-grid__label">待处理售后</Text>
              </View>
            </View>
            <View className="merchant-chart__head">
              <Text className="merchant-chart__title">近 7 日成交</Text>
              <View className="merchant-chart__sum">
                <Text className="ss-muted">{f.weekOrders} 单 · 合计</Text>
                <Price fen={f.weekSales} size="small" />
              </View>
            </View>
            <View className={`merchant-chart${f.empty ? ' merchant-chart--empty' : ''}`}>
              {f.bars.map((b) => (
                <View className={`merchant-chart__col${b.today ? ' merchant-chart__col--today' : ''}`} key={b.day}>
                  <View className="merchant-chart__track">
                    <View className="merchant-chart__bar" style={{ height: `${b.percent}%` }}>
                      {b.amount ? <Text className="merchant-chart__amount">{b.amount}</Text> : null}
                    </View>
                  </View>
                  <Text className="merchant-chart__label">{b.label}</Text>
                </View>
              ))}
              {f.empty ? <Text className="merchant-chart__placeholder">近 7 日暂无成交，分享商品给分销员试试</Text> : null}
            </View>
          </View>
        ) : null}
        <CellGroup>
          <Cell title="商品管理" extra="›" clickable onClick={() => go(routes.merchantProducts)} />
          <Cell title="发布商品" extra="›" clickable onClick={() => go(routes.merchantProductEdit)} />
          <Cell title="库存" extra={d?.lowStock ? `${d.lowStock} 个 SKU 库存不足 ›` : '›'} clickable onClick={() => go(routes.merchantStock)} />
          <Cell title="订单" extra="›" clickable onClick={() => go(routes.merchantOrders)} />
          <Cell title="售后" extra={d?.afterSales ? `${d.afterSales} 个待处理 ›` : '›'} clickable onClick={() => go(routes.merchantAfterSales)} />
          <Cell title="佣金与运费设置" extra="›" clickable onClick={() => go(routes.merchantCommission)} />
          <Cell title="结算单（T+1）" extra="›" clickable onClick={() => go(routes.merchantSettlements)} />
          <Cell title="员工管理" extra="›" clickable onClick={() => go(routes.merchantStaff)} />
        </CellGroup>
      </PageState>
    </View>
  );
}
