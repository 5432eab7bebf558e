import { Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { Cell, CellGroup, Tag } from '@nutui/nutui-react-taro';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { go, routes } from '../../routes';
import { PAYOUT_STATUS_TEXT, STATUS_TEXT as STATUS, summaryRows } from './statement';
import './index.scss';

export default function MerchantSettlementsPage() {
  const list = usePaged((page) => api.merchant.settlements({ page, pageSize: 20 }), []);
  useReachBottom(() => void list.loadMore());
  return (
    <View className="ss-page merchant-settlements">
      <Text className="ss-muted ss-note">每个营业日（北京时间）次日生成结算单：销售额 − 退款 − 佣金 − 平台费 ± 调整 = 应结金额</Text>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText="暂无结算单"
      >
        {list.items.map((s) => (
          <CellGroup key={s.id} title={`结算日 ${s.businessDate}`} description={undefined}>
            {summaryRows(s).map((r) => (
              <Cell key={r.label} title={r.label} extra={<Price fen={r.fen} size="small" />} />
            ))}
            <Cell
              className="merchant-settlements__net"
              title={
                <View className="merchant-settlements__net-title">
                  <Text>应结金额</Text>
                  <Tag type={STATUS[s.status][1]}>{STATUS[s.status][0]}</Tag>
                </View>
              }
              extra={<Price fen={s.netPayable} />}
            />
            <Cell
              className="merchant-settlements__more"
              title={s.payout ? `打款：${PAYOUT_STATUS_TEXT[s.payout.status] ?? s.payout.status}` : '查看明细与打款'}
              clickable
              onClick={() => go(routes.merchantSettlementDetail, { day: s.businessDate })}
              extra="详情 ›"
            />
          </CellGroup>
        ))}
      </PageState>
    </View>
  );
}
