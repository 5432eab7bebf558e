/**
 * TypeORM entities of payment, wechat_pay_notification. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('payment_amount_check', `(amount > 0)`)
@Check('payment_outcome_check', `outcome IN ('applied', 'refunded')`)
@Check('payment_source_check', `source IN ('notify', 'query')`)
@Index('payment_order', ['orderId'])
@Entity('payment')
export class Payment {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text', name: 'transaction_id', unique: true }) transactionId: string;
  @ForeignKey('order', { name: 'payment_order_id_fkey' })
  @BigIntColumn({ name: 'order_id' })
  orderId: number;
  @Column({ type: 'text', name: 'out_trade_no' }) outTradeNo: string;
  @MoneyColumn() amount: number;
  @Column({ type: 'text', name: 'payer_openid', nullable: true }) payerOpenid: string | null;
  @Column({ type: 'timestamptz', name: 'success_time', nullable: true }) successTime: Date | null;
  @Column({ type: 'text' }) source: 'notify' | 'query';
  @Column({ type: 'text' }) outcome: 'applied' | 'refunded';
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@MigrationIndex('wechat_pay_notification_pending', ['seq'], `(seq) WHERE (result = 'received')`)
@Entity('wechat_pay_notification')
export class WechatPayNotification {
  @PrimaryColumn({ type: 'text', name: 'notify_id' }) notifyId: string;
  @Column({ type: 'text', name: 'event_type' }) eventType: string;
  @Column({ type: 'text', name: 'out_trade_no', nullable: true }) outTradeNo: string | null;
  @Column({ type: 'text', name: 'out_refund_no', nullable: true }) outRefundNo: string | null;
  @Column({ type: 'jsonb' }) resource: unknown;
  @Column({ type: 'text' }) result: string;
  @Column({ type: 'integer', default: 1 }) deliveries: number;
  @Column({ type: 'timestamptz', name: 'received_at', default: () => 'now()' }) receivedAt: Date;
  @Column({ type: 'timestamptz', name: 'last_seen_at', default: () => 'now()' }) lastSeenAt: Date;
  // numbered by PostgreSQL (GENERATED ALWAYS AS IDENTITY); never written by the application
  @BigIntColumn({ generated: 'identity', generatedIdentity: 'ALWAYS', insert: false, update: false }) seq: number;
  @Column({ type: 'integer', default: 0 }) attempts: number;
}
