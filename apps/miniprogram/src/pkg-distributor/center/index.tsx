import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';
import { go, routes } from '../../routes';
import './index.scss';

export default function DistributorCenterPage() {
  const earnings = useAsync(() => api.distributor.earnings(), []);
  usePullDownRefresh(async () => {
    await earnings.reload();
    Taro.stopPullDownRefresh();
  });
  const e = earnings.data;

  return (
    <View className="ss-page center-page">
      <PageState loading={earnings.loading && !e} error={e ? undefined : earnings.error} onRetry={earnings.reload}>
        <View className="center-head">
          <Text className="center-head__label">可提现（元）</Text>
          {e ? <Price fen={e.available} size="large" className="center-head__amount" /> : null}
          <View className="center-head__row">
            <Text>待结算 {e ? <Price fen={e.pending} size="small" className="center-head__small" /> : null}</Text>
            <Button size="small" onClick={() => go(routes.withdraw)}>
              提现
            </Button>
          </View>
        </View>
        <CellGroup>
          <Cell title="收益明细" extra="›" clickable onClick={() => go(routes.earnings)} />
          <Cell title="店铺订单" extra="›" clickable onClick={() => go(routes.shopOrders)} />
          <Cell title="佣金记录" extra="›" clickable onClick={() => go(routes.commissions)} />
          <Cell title="我的团队" extra="›" clickable onClick={() => go(routes.team)} />
          <Cell title="选品" extra="›" clickable onClick={() => go(routes.shopProducts)} />
          <Cell title="店铺海报" extra="›" clickable onClick={() => go(routes.poster)} />
        </CellGroup>
        <Text className="ss-muted center-page__note">佣金仅来自小店售出的商品；订单确认收货并过售后期后转为可提现。</Text>
      </PageState>
    </View>
  );
}
