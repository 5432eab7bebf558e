/**
 * TypeORM entities of settlement_receiver, payout, payout_part, settlement_unfreeze. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('settlement_receiver_receiver_type_check', `receiver_type IN ('MERCHANT_ID', 'PERSONAL_OPENID')`)
@Entity('settlement_receiver')
export class SettlementReceiver {
  @ForeignKey('merchant', { name: 'settlement_receiver_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id', primary: true })
  merchantId: number;
  @Column({ type: 'text', name: 'receiver_type' }) receiverType: 'MERCHANT_ID' | 'PERSONAL_OPENID';
  @Column({ type: 'text' }) account: string;
  @Column({ type: 'timestamptz', name: 'added_at', nullable: true }) addedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Check('payout_amount_check', `(amount > 0)`)
@Check('payout_method_check', `method IN ('profit_sharing', 'manual')`)
@Check('payout_status_check', `status IN ('created', 'processing', 'awaiting_manual', 'succeeded', 'failed')`)
@MigrationIndex('payout_open', ['status', 'updatedAt'], `(status, updated_at) WHERE (status = ANY (ARRAY['created', 'processing', 'awaiting_manual']))`)
@Entity('payout')
export class Payout {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('settlement_statement', { name: 'payout_statement_id_fkey' })
  @BigIntColumn({ name: 'statement_id', unique: true })
  statementId: number;
  @ForeignKey('merchant', { name: 'payout_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @Column({ type: 'date', name: 'business_date' }) businessDate: string;
  @Column({ type: 'text' }) method: 'profit_sharing' | 'manual';
  @MoneyColumn() amount: number;
  @MoneyColumn({ name: 'manual_amount', default: 0 }) manualAmount: number;
  @Column({ type: 'text', default: 'created' }) status: 'created' | 'processing' | 'awaiting_manual' | 'succeeded' | 'failed';
  @ForeignKey('app_user', { name: 'payout_paid_by_fkey' })
  @BigIntColumn({ name: 'paid_by', nullable: true })
  paidBy: number | null;
  @Column({ type: 'text', name: 'paid_reference', nullable: true }) paidReference: string | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'succeeded_at', nullable: true }) succeededAt: Date | null;
}

@Check('payout_part_amount_check', `(amount > 0)`)
@Check('payout_part_attempt_check', `(attempt >= 1)`)
@Check('payout_part_status_check', `status IN ('created', 'processing', 'finished', 'retry_wait', 'failed')`)
@Check('payout_part_unfreeze_status_check', `unfreeze_status IN ('accepted', 'refused')`)
@Entity('payout_part')
export class PayoutPart {
  @ForeignKey('payout', { name: 'payout_part_payout_id_fkey' })
  @BigIntColumn({ name: 'payout_id', primary: true })
  payoutId: number;
  @PrimaryColumn({ type: 'integer' }) seq: number;
  @Column({ type: 'text', name: 'transaction_id' }) transactionId: string;
  @Column({ type: 'text', name: 'out_order_no', unique: true }) outOrderNo: string;
  @MoneyColumn() amount: number;
  @Column({ type: 'text', default: 'created' }) status: 'created' | 'processing' | 'finished' | 'retry_wait' | 'failed';
  @Column({ type: 'text', name: 'wechat_order_id', nullable: true }) wechatOrderId: string | null;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column({ type: 'integer', default: 1 }) attempt: number;
  @Column({ type: 'timestamptz', name: 'retry_at', nullable: true }) retryAt: Date | null;
  @Column({ type: 'text', name: 'fail_reason', nullable: true }) failReason: string | null;
  @Column({ type: 'text', name: 'unfreeze_out_order_no', nullable: true, unique: true }) unfreezeOutOrderNo: string | null;
  @Column({ type: 'text', name: 'unfreeze_status', nullable: true }) unfreezeStatus: 'accepted' | 'refused' | null;
}

@Unique('settlement_unfreeze_statement_id_seq_key', ['statementId', 'seq'])
@Check('settlement_unfreeze_amount_check', `(amount >= 0)`)
@Check('settlement_unfreeze_out_order_no_check', `(length(out_order_no) <= 64)`)
@Check('settlement_unfreeze_seq_check', `(seq >= 1)`)
@Check('settlement_unfreeze_status_check', `status IN ('created', 'accepted', 'nothing_left', 'refused')`)
@MigrationIndex('settlement_unfreeze_open', ['updatedAt'], `(updated_at) WHERE (status = 'created')`)
@Entity('settlement_unfreeze')
export class SettlementUnfreeze {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('settlement_statement', { name: 'settlement_unfreeze_statement_id_fkey' })
  @BigIntColumn({ name: 'statement_id' })
  statementId: number;
  @Column({ type: 'integer' }) seq: number;
  @ForeignKey('merchant', { name: 'settlement_unfreeze_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @Column({ type: 'date', name: 'business_date' }) businessDate: string;
  @Column({ type: 'text', name: 'transaction_id', unique: true }) transactionId: string;
  @Column({ type: 'text', name: 'out_order_no', unique: true }) outOrderNo: string;
  @Column({ type: 'text', default: 'created' }) status: 'created' | 'accepted' | 'nothing_left' | 'refused';
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'text', name: 'wechat_order_id', nullable: true }) wechatOrderId: string | null;
  @MoneyColumn({ nullable: true }) amount: number | null;
  @Column({ type: 'text', name: 'fail_code', nullable: true }) failCode: string | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
