/**
 * TypeORM entities of withdrawal. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('withdrawal_amount_check', `(amount > 0)`)
@Check('withdrawal_status_check', `status IN ('created', 'wait_user_confirm', 'transferring', 'succeeded', 'failed', 'cancelled')`)
@MigrationIndex('withdrawal_idempotency', ['userId', 'idempotencyKey'], '(user_id, idempotency_key) WHERE (idempotency_key IS NOT NULL)', { unique: true })
@MigrationIndex('withdrawal_open', ['updatedAt'], `(updated_at) WHERE (status = ANY (ARRAY['created', 'wait_user_confirm', 'transferring']))`)
@MigrationIndex('withdrawal_user', ['userId', 'id'], '(user_id, id DESC)')
@Index('withdrawal_user_day', ['userId', 'businessDate'])
@Entity('withdrawal')
export class Withdrawal {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('app_user', { name: 'withdrawal_user_id_fkey' })
  @BigIntColumn({ name: 'user_id' })
  userId: number;
  @MoneyColumn() amount: number;
  @Column({ type: 'text', default: 'created' }) status: 'created' | 'wait_user_confirm' | 'transferring' | 'succeeded' | 'failed' | 'cancelled';
  @Column({ type: 'text', name: 'out_bill_no', unique: true }) outBillNo: string;
  @Column({ type: 'text' }) openid: string;
  @Column({ type: 'date', name: 'business_date' }) businessDate: string;
  @Column({ type: 'text', name: 'transfer_bill_no', nullable: true }) transferBillNo: string | null;
  @Column({ type: 'text', name: 'package_info', nullable: true }) packageInfo: string | null;
  @Column({ type: 'text', name: 'fail_reason', nullable: true }) failReason: string | null;
  @Column({ type: 'text', name: 'last_error', nullable: true }) lastError: string | null;
  @Column({ type: 'integer', default: 0 }) attempts: number;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'settled_at', nullable: true }) settledAt: Date | null;
  @Column({ type: 'text', name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @Column({ type: 'text', name: 'request_hash', nullable: true }) requestHash: string | null;
}
