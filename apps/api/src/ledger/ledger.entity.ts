/**
 * TypeORM entities of ledger_account, ledger_posting, ledger_entry. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Index('ledger_account_owner', ['ownerType', 'ownerId'])
@Entity('ledger_account')
export class LedgerAccount {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text', unique: true }) code: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text', name: 'owner_type', nullable: true }) ownerType: string | null;
  @BigIntColumn({ name: 'owner_id', nullable: true }) ownerId: number | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Index('ledger_posting_day', ['businessDate', 'kind'])
@Index('ledger_posting_ref', ['refType', 'refId'])
@Entity('ledger_posting')
export class LedgerPosting {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text' }) kind: string;
  @Column({ type: 'text', name: 'idempotency_key', unique: true }) idempotencyKey: string;
  @Column({ type: 'text', name: 'ref_type', nullable: true }) refType: string | null;
  @BigIntColumn({ name: 'ref_id', nullable: true }) refId: number | null;
  @Column({ type: 'date', name: 'business_date' }) businessDate: string;
  @Column({ type: 'text', default: '' }) memo: string;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Check('ledger_entry_amount_check', `(amount <> 0)`)
@Index('ledger_entry_account', ['accountId', 'id'])
@Index('ledger_entry_posting', ['postingId'])
@Entity('ledger_entry')
export class LedgerEntry {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('ledger_posting', { name: 'ledger_entry_posting_id_fkey' })
  @BigIntColumn({ name: 'posting_id' })
  postingId: number;
  @ForeignKey('ledger_account', { name: 'ledger_entry_account_id_fkey' })
  @BigIntColumn({ name: 'account_id' })
  accountId: number;
  @MoneyColumn() amount: number;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
