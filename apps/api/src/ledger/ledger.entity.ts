import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Entity('ledger_account')
export class LedgerAccount {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ type: 'text' }) code: string;
  @Column({ type: 'text' }) kind: string;
  @Column({ name: 'owner_type', type: 'text', nullable: true }) ownerType: string | null;
  @BigIntColumn({ name: 'owner_id', nullable: true }) ownerId: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('ledger_posting')
export class LedgerPosting {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ type: 'text' }) kind: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  @Column({ name: 'ref_type', type: 'text', nullable: true }) refType: string | null;
  @BigIntColumn({ name: 'ref_id', nullable: true }) refId: number | null;
  @Column({ name: 'business_date', type: 'date' }) businessDate: string;
  @Column({ type: 'text', default: '' }) memo: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('ledger_entry')
export class LedgerEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @BigIntColumn({ name: 'posting_id' }) postingId: number;
  @BigIntColumn({ name: 'account_id' }) accountId: number;
  @MoneyColumn() amount: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
