import { z } from 'zod';
import { BodyId, PageFields, text } from './schema-kit.js';
import { pageSchema } from './ids.js';

/** An Asia/Shanghai business day, YYYY-MM-DD. */
export const BusinessDate = z
  .string({ error: '必须是 YYYY-MM-DD 日期' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, '必须是 YYYY-MM-DD 日期')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), '不是有效日期');

export const SettlementBatchStatus = z.enum(['pending', 'downloaded', 'reconciled', 'stated', 'finished']);
export type SettlementBatchStatus = z.infer<typeof SettlementBatchStatus>;
export const StatementStatus = z.enum(['held', 'payable', 'nothing_due', 'paid']);
export const PayoutStatus = z.enum(['created', 'processing', 'awaiting_manual', 'succeeded', 'failed']);
export const ReconciliationKind = z.enum(['missing_in_ledger', 'missing_in_bill', 'amount_mismatch']);
/** Statement line categories; amounts are the signed effect on what the merchant is owed. */
export const StatementCategory = z.enum(['sales', 'refunds', 'refunds_of_earlier_days', 'commission', 'fee', 'late_entries', 'other', 'carried_in']);

export const RunSettlementBody = z.strictObject({ businessDate: BusinessDate });
export type RunSettlementBody = z.infer<typeof RunSettlementBody>;

export const SettlementBatchView = z.object({
  id: z.number().int(),
  businessDate: z.string(),
  status: SettlementBatchStatus,
  billRows: z.number().int().nullable(),
  statements: z.number().int().nullable(),
  openItems: z.number().int().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  triggeredBy: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type SettlementBatchView = z.infer<typeof SettlementBatchView>;

export const RunSettlementResult = z.object({ outcome: z.enum(['ran', 'busy', 'waiting_for_bill']), batch: SettlementBatchView.nullable() });
export type RunSettlementResult = z.infer<typeof RunSettlementResult>;

export const StatementLineView = z.object({ category: StatementCategory, entries: z.number().int(), amount: z.number().int() });
export const PayoutView = z.object({
  id: z.number().int(),
  method: z.enum(['profit_sharing', 'manual']),
  amount: z.number().int(),
  manualAmount: z.number().int(),
  status: PayoutStatus,
  paidReference: z.string().nullable(),
  succeededAt: z.string().nullable(),
});
export const StatementView = z.object({
  id: z.number().int(),
  merchantId: z.number().int(),
  businessDate: z.string(),
  sales: z.number().int(),
  refunds: z.number().int(),
  commission: z.number().int(),
  fee: z.number().int(),
  adjustments: z.number().int(),
  carriedIn: z.number().int(),
  netPayable: z.number().int(),
  carryOut: z.number().int(),
  status: StatementStatus,
  payout: PayoutView.nullable(),
});
export type StatementView = z.infer<typeof StatementView>;
export const StatementDetailView = StatementView.extend({ lines: z.array(StatementLineView) });
export type StatementDetailView = z.infer<typeof StatementDetailView>;

export const StatementListQuery = z.strictObject({ from: BusinessDate.optional(), to: BusinessDate.optional(), ...PageFields });
export type StatementListQuery = z.infer<typeof StatementListQuery>;
export const StatementPage = pageSchema(StatementView);

export const BatchListQuery = z.strictObject({ ...PageFields });
export type BatchListQuery = z.infer<typeof BatchListQuery>;
export const BatchPage = pageSchema(SettlementBatchView);

export const ReconciliationItemView = z.object({
  id: z.number().int(),
  businessDate: z.string(),
  kind: ReconciliationKind,
  rowKind: z.enum(['payment', 'refund']),
  extId: z.string(),
  merchantId: z.number().int().nullable(),
  outTradeNo: z.string().nullable(),
  billAmount: z.number().int().nullable(),
  ledgerAmount: z.number().int().nullable(),
  status: z.enum(['open', 'resolved']),
  note: z.string().nullable(),
});
export type ReconciliationItemView = z.infer<typeof ReconciliationItemView>;
export const ReconciliationQuery = z.strictObject({ businessDate: BusinessDate.optional(), status: z.enum(['open', 'resolved']).optional(), ...PageFields });
export type ReconciliationQuery = z.infer<typeof ReconciliationQuery>;
export const ReconciliationPage = pageSchema(ReconciliationItemView);
export const ResolveItemBody = z.strictObject({ note: text(200, 1) });
export type ResolveItemBody = z.infer<typeof ResolveItemBody>;

export const MerchantStatusQuery = z.strictObject({ businessDate: BusinessDate, ...PageFields });
export type MerchantStatusQuery = z.infer<typeof MerchantStatusQuery>;
export const MerchantStatusPage = pageSchema(StatementView.extend({ merchantName: z.string(), openItems: z.number().int() }));

export const MarkPaidBody = z.strictObject({ reference: text(64, 1) });
export type MarkPaidBody = z.infer<typeof MarkPaidBody>;

export const SettlementSettingsBody = z.strictObject({
  platformFeeBps: z.number({ error: '必须是整数（基点）' }).int('必须是整数（基点）').min(0, '不能为负数').max(3000, '不能超过 3000（30%）'),
});
export type SettlementSettingsBody = z.infer<typeof SettlementSettingsBody>;

export const SettlementReceiverBody = z.strictObject({
  merchantId: BodyId,
  receiverType: z.enum(['MERCHANT_ID', 'PERSONAL_OPENID']),
  account: text(64, 1),
});
export type SettlementReceiverBody = z.infer<typeof SettlementReceiverBody>;
