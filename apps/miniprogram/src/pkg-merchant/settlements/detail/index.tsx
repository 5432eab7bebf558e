import { Text, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Cell, CellGroup, Tag } from '@nutui/nutui-react-taro';
import { api } from '../../../api';
import { PageState } from '../../../components/PageState';
import { Price } from '../../../components/Price';
import { useAsync } from '../../../hooks/useAsync';
import { formatDateTime } from '../../../utils/format';
import { PAYOUT_METHOD_TEXT, PAYOUT_STATUS_TEXT, STATUS_TEXT, lineText, rowsAddUp, summaryRows } from '../statement';
import './index.scss';

/** One business day's statement (`?day=YYYY-MM-DD`): the figures, the ledger lines behind them, and the payout. */
export default function MerchantSettlementDetailPage() {
  const { params } = useRouter();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.day ?? '') ? params.day! : '';
  const statement = useAsync(() => api.merchant.settlement(day), [day], { enabled: !!day });
  const s = statement.data;
  return (
    <View className="ss-page settlement-detail">
      <PageState loading={statement.loading} error={day ? statement.error : new Error('缺少结算日期')} onRetry={statement.reload}>
        {s ? (
          <>
            <View className="settlement-detail__head">
              <Text className="settlement-detail__day">结算日 {s.businessDate}（北京时间）</Text>
              <Text className="settlement-detail__label">应结金额</Text>
              <Price fen={s.netPayable} size="large" className="settlement-detail__net" />
              <Tag type={STATUS_TEXT[s.status][1]}>{STATUS_TEXT[s.status][0]}</Tag>
            </View>
            <CellGroup title="结算明细">
              {summaryRows(s).map((r) => (
                <Cell key={r.label} title={r.label} extra={<Price fen={r.fen} size="small" />} />
              ))}
              <Cell className="settlement-detail__total" title="应结金额" extra={<Price fen={s.netPayable} size="small" />} />
              {s.carryOut ? <Cell title="结转下期（本期为负，从下期扣回）" extra={<Price fen={s.carryOut} size="small" />} /> : null}
              {rowsAddUp(s) ? null : <Text className="settlement-detail__warn">明细合计与应结金额不一致，请联系平台核对</Text>}
            </CellGroup>
            <CellGroup title="账目来源">
              {s.lines.length ? (
                s.lines.map((l) => <Cell key={l.category} title={lineText(l)} description={`${l.entries} 笔`} extra={<Price fen={l.amount} size="small" />} />)
              ) : (
                <Cell title="当日无账目" />
              )}
            </CellGroup>
            <CellGroup title="打款">
              {s.payout ? (
                <>
                  <Cell title="打款方式" extra={PAYOUT_METHOD_TEXT[s.payout.method] ?? s.payout.method} />
                  <Cell title="打款金额" extra={<Price fen={s.payout.amount} size="small" />} />
                  <Cell
                    title="状态"
                    extra={<Text className={`settlement-detail__payout is-${s.payout.status}`}>{PAYOUT_STATUS_TEXT[s.payout.status] ?? s.payout.status}</Text>}
                  />
                  {s.payout.succeededAt ? <Cell title="到账时间" extra={formatDateTime(s.payout.succeededAt)} /> : null}
                  {s.payout.paidReference ? <Cell title="打款凭证" extra={s.payout.paidReference} /> : null}
                </>
              ) : (
                <Cell title="状态" extra={s.status === 'nothing_due' ? '本期无需打款' : s.status === 'held' ? '对账完成后打款' : '等待平台打款'} />
              )}
            </CellGroup>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
