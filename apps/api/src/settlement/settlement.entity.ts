/**
 * TypeORM entities of settlement_batch, settlement_bill_row, reconciliation_item, settlement_statement, settlement_statement_line and settlement_bill_stage (no entity, see below). The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('settlement_batch_status_check', `status IN ('pending', 'downloaded', 'reconciled', 'stated', 'finished')`)
@Entity('settlement_batch')
export class SettlementBatch {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'date', name: 'business_date', unique: true }) businessDate: string;
  @Column({ type: 'text', default: 'pending' }) status: 'pending' | 'downloaded' | 'reconciled' | 'stated' | 'finished';
  @Column({ type: 'integer', name: 'bill_rows', nullable: true }) billRows: number | null;
  @BigIntColumn({ name: 'entry_watermark', nullable: true }) entryWatermark: number | null;
  @Column({ type: 'integer', nullable: true }) statements: number | null;
  @Column({ type: 'integer', name: 'open_items', nullable: true }) openItems: number | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'text', name: 'triggered_by', default: 'scheduler' }) triggeredBy: string;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'downloaded_at', nullable: true }) downloadedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'reconciled_at', nullable: true }) reconciledAt: Date | null;
  @Column({ type: 'timestamptz', name: 'stated_at', nullable: true }) statedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true }) finishedAt: Date | null;
}

/**
 * settlement_bill_stage has no entity, the one table without: TypeORM requires a primary key, and the stage has
 * none on purpose (a day's partition is COPY-loaded FREEZE with no index to maintain, then attached; see
 * SettlementStreaming1763800500000). Rows are read with hand-written SQL typed by this interface;
 * test/schema-drift.test.ts checks these columns against the table instead of TypeORM's diff.
 */
export const settlementBillStageColumns = {
  business_date: 'date',
  row_kind: 'text',
  ext_id: 'text',
  transaction_id: 'text',
  out_trade_no: 'text',
  refund_id: 'text NULL',
  amount: 'bigint',
  trade_time: 'text',
} as const;

export interface SettlementBillStageRow {
  business_date: string;
  row_kind: string;
  ext_id: string;
  transaction_id: string;
  out_trade_no: string;
  refund_id: string | null;
  /** fen */
  amount: number;
  trade_time: string;
}

@Check('settlement_bill_row_amount_check', `(amount >= 0)`)
@Check('settlement_bill_row_row_kind_check', `row_kind IN ('payment', 'refund')`)
@Index('settlement_bill_row_day', ['businessDate'])
@Entity('settlement_bill_row')
export class SettlementBillRow {
  @PrimaryColumn({ type: 'text', name: 'row_kind' }) rowKind: 'payment' | 'refund';
  @PrimaryColumn({ type: 'text', name: 'ext_id' }) extId: string;
  @Column({ type: 'date', name: 'business_date' }) businessDate: string;
  @Column({ type: 'text', name: 'transaction_id' }) transactionId: string;
  @Column({ type: 'text', name: 'out_trade_no' }) outTradeNo: string;
  @Column({ type: 'text', name: 'refund_id', nullable: true }) refundId: string | null;
  @MoneyColumn() amount: number;
  @Column({ type: 'text', name: 'trade_time' }) tradeTime: string;
}

@Unique('reconciliation_item_business_date_row_kind_ext_id_key', ['businessDate', 'rowKind', 'extId'])
@Check('reconciliation_item_kind_check', `kind IN ('missing_in_ledger', 'missing_in_bill', 'amount_mismatch')`)
@Check('reconciliation_item_row_kind_check', `row_kind IN ('payment', 'refund')`)
@Check('reconciliation_item_status_check', `status IN ('open', 'resolved')`)
@MigrationIndex('reconciliation_item_open', ['businessDate', 'merchantId'], `(business_date, merchant_id) WHERE (status = 'open')`)
@Entity('reconciliation_item')
export class ReconciliationItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'date', name: 'business_date' }) businessDate: string;
  @Column({ type: 'text' }) kind: 'missing_in_ledger' | 'missing_in_bill' | 'amount_mismatch';
  @Column({ type: 'text', name: 'row_kind' }) rowKind: 'payment' | 'refund';
  @Column({ type: 'text', name: 'ext_id' }) extId: string;
  @BigIntColumn({ name: 'merchant_id', nullable: true }) merchantId: number | null;
  @Column({ type: 'text', name: 'out_trade_no', nullable: true }) outTradeNo: string | null;
  @MoneyColumn({ name: 'bill_amount', nullable: true }) billAmount: number | null;
  @MoneyColumn({ name: 'ledger_amount', nullable: true }) ledgerAmount: number | null;
  @BigIntColumn({ name: 'posting_id', nullable: true }) postingId: number | null;
  @Column({ type: 'text', default: 'open' }) status: 'open' | 'resolved';
  @ForeignKey('app_user', { name: 'reconciliation_item_resolved_by_fkey' })
  @BigIntColumn({ name: 'resolved_by', nullable: true })
  resolvedBy: number | null;
  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Unique('settlement_statement_merchant_id_business_date_key', ['merchantId', 'businessDate'])
@Check('settlement_statement_check', `(net_payable = (((((sales + refunds) + commission) + fee) + adjustments) + carried_in))`)
@Check('settlement_statement_status_check', `status IN ('held', 'payable', 'nothing_due', 'paid')`)
@Index('settlement_statement_batch', ['batchId'])
@Entity('settlement_statement')
export class SettlementStatement {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('settlement_batch', { name: 'settlement_statement_batch_id_fkey' })
  @BigIntColumn({ name: 'batch_id' })
  batchId: number;
  @ForeignKey('merchant', { name: 'settlement_statement_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @Column({ type: 'date', name: 'business_date' }) businessDate: string;
  @MoneyColumn() sales: number;
  @MoneyColumn() refunds: number;
  @MoneyColumn() commission: number;
  @MoneyColumn() fee: number;
  @MoneyColumn() adjustments: number;
  @MoneyColumn({ name: 'carried_in' }) carriedIn: number;
  @MoneyColumn({ name: 'net_payable' }) netPayable: number;
  @MoneyColumn({ name: 'carry_out' }) carryOut: number;
  @Column({ type: 'text' }) status: 'held' | 'payable' | 'nothing_due' | 'paid';
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

@Entity('settlement_statement_line')
export class SettlementStatementLine {
  @ForeignKey('settlement_statement', { name: 'settlement_statement_line_statement_id_fkey' })
  @BigIntColumn({ name: 'statement_id', primary: true })
  statementId: number;
  @PrimaryColumn({ type: 'text' }) category: string;
  @Column({ type: 'integer' }) entries: number;
  @MoneyColumn() amount: number;
}
