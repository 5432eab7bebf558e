import { Text, View } from '@tarojs/components';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';

export default function EarningsPage() {
  const earnings = useAsync(() => api.distributor.earnings(), []);
  const e = earnings.data;
  return (
    <View className="ss-page">
      <PageState loading={earnings.loading} error={earnings.error} onRetry={earnings.reload}>
        {e ? (
          <>
            <CellGroup title="收益概览">
              <Cell title="累计收益" extra={<Price fen={e.pending + e.available + e.withdrawing + e.withdrawn} size="small" />} />
              <Cell title="可提现" description="已过售后期，可随时提现" extra={<Price fen={e.available} size="small" />} />
              <Cell title="待结算" description="订单完成并过售后期（默认 7 天）后可提现" extra={<Price fen={e.pending} size="small" />} />
              <Cell title="已提现" extra={<Price fen={e.withdrawn} size="small" />} />
              {e.withdrawing ? <Cell title="提现中" extra={<Price fen={e.withdrawing} size="small" />} /> : null}
              {e.available < 0 ? (
                <Cell title="待抵扣" description="退款冲回的佣金，将从后续收益中扣除" extra={<Price fen={-e.available} size="small" />} />
              ) : null}
            </CellGroup>
            <Text className="ss-muted ss-note">订单退款时，相应佣金按退款比例冲回。</Text>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
