/**
 * A daily statement as the merchant reads it. Every figure is the signed effect on what the merchant is
 * owed (refunds, commission and fees are negative), so the rows add up to 应结金额 exactly, to the fen.
 */
import type { StatementDetailView, StatementView } from '../../api/types';

export const STATUS_TEXT = {
  held: ['对账处理中', 'warning'],
  payable: ['待打款', 'warning'],
  nothing_due: ['无需打款', 'default'],
  paid: ['已打款', 'success'],
} as const;

export const LINE_TEXT: Record<string, string> = {
  carried_in: '上期结转',
  sales: '销售额',
  refunds: '当日退款',
  refunds_of_earlier_days: '往日订单退款',
  commission: '分销佣金',
  fee: '平台服务费',
  late_entries: '补记款项',
  other: '其他调整',
};

export const PAYOUT_STATUS_TEXT: Record<string, string> = {
  created: '待发起',
  processing: '打款中',
  awaiting_manual: '待人工打款',
  succeeded: '已到账',
  failed: '打款失败',
};
export const PAYOUT_METHOD_TEXT: Record<string, string> = { profit_sharing: '微信分账', manual: '平台人工打款' };

export interface SummaryRow {
  label: string;
  fen: number;
}

/** 销售额 … 上期结转 in statement order; zero adjustments and carry-ins are left out. */
export function summaryRows(s: StatementView): SummaryRow[] {
  const rows: SummaryRow[] = [
    { label: '销售额', fen: s.sales },
    { label: '退款', fen: s.refunds },
    { label: '分销佣金', fen: s.commission },
    { label: '平台服务费', fen: s.fee },
  ];
  if (s.adjustments) rows.push({ label: '调整', fen: s.adjustments });
  if (s.carriedIn) rows.push({ label: '上期结转', fen: s.carriedIn });
  return rows;
}

/** Whether the rows shown add up to 应结金额 (they always should: a mismatch is worth showing, not hiding). */
export const rowsAddUp = (s: StatementView) => summaryRows(s).reduce((n, r) => n + r.fen, 0) === s.netPayable;

export const lineText = (l: StatementDetailView['lines'][number]) => LINE_TEXT[l.category] ?? l.category;
