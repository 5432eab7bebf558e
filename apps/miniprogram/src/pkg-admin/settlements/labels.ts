/** Chinese names of the settlement states the operator pages show (states: @shareshop/common settlement.ts). */
import { api } from '../../api';
import type { MerchantDayStatement } from '../../api/types';

export const BATCH_STATUS: Record<string, [text: string, tag: 'success' | 'warning' | 'default']> = {
  pending: ['待下载账单', 'warning'],
  downloaded: ['已下载账单', 'warning'],
  reconciled: ['已对账', 'warning'],
  stated: ['已出结算单', 'warning'],
  finished: ['已完成', 'success'],
};

export const RECONCILIATION_KIND: Record<string, { title: string; hint: string }> = {
  missing_in_ledger: { title: '微信有款，账本缺失', hint: '微信账单有这笔交易，平台账本没有记录（例如支付通知未送达）' },
  missing_in_bill: { title: '账本有款，微信缺失', hint: '平台账本记了这笔款项，微信账单里没有' },
  amount_mismatch: { title: '金额不一致', hint: '微信账单与平台账本的金额不同' },
};

/** Payouts an operator has to act on: paid by hand (manual mode, or what profit sharing could not carry), or failed. */
export const NEEDS_ACTION = new Set(['awaiting_manual', 'failed']);
/** Payouts WeChat is still working on: 刷新状态 follows them now. */
export const IN_FLIGHT = new Set(['created', 'processing']);

export interface PayoutRow extends MerchantDayStatement {
  payout: NonNullable<MerchantDayStatement['payout']>;
}

/**
 * The payouts of the most recent settlement days. There is no cross-day payout list in the API, so this
 * reads each recent day's statements (a day has one statement per merchant with sales).
 */
export async function recentPayouts(days = 14): Promise<PayoutRow[]> {
  const batches = await api.admin.batches({ pageSize: days });
  const perDay = await Promise.all(batches.items.map((b) => api.admin.dayStatements(b.businessDate, { pageSize: 100 })));
  return perDay.flatMap((p) => p.items).filter((s): s is PayoutRow => s.payout !== null);
}
