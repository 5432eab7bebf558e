/**
 * TypeORM entities of after_sale. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn } from '../database/money.js';

@Check('after_sale_check', `((type = 'return_refund'::text) OR (return_address IS NULL))`)
@Check(
  'after_sale_status_check',
  `status IN ('pending', 'awaiting_return', 'returning', 'refunding', 'completed', 'rejected', 'cancelled', 'closed', 'refund_failed')`,
)
@Check('after_sale_type_check', `type IN ('refund_only', 'return_refund')`)
@MigrationIndex('after_sale_buyer', ['buyerUserId', 'id'], '(buyer_user_id, id DESC)')
@MigrationIndex('after_sale_merchant_status', ['merchantId', 'status', 'id'], '(merchant_id, status, id DESC)')
@Index('after_sale_order', ['orderId'])
@MigrationIndex('after_sale_receive_due', ['receiveDueAt'], `(receive_due_at) WHERE (status = 'returning')`)
@MigrationIndex('after_sale_reply_due', ['replyDueAt'], `(reply_due_at) WHERE (status = 'pending')`)
@MigrationIndex('after_sale_return_due', ['returnDueAt'], `(return_due_at) WHERE (status = 'awaiting_return')`)
@Entity('after_sale')
export class AfterSale {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('refund', { name: 'after_sale_refund_id_fkey' })
  @BigIntColumn({ name: 'refund_id', unique: true })
  refundId: number;
  @ForeignKey('order', { name: 'after_sale_order_id_fkey' })
  @BigIntColumn({ name: 'order_id' })
  orderId: number;
  @ForeignKey('merchant', { name: 'after_sale_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @ForeignKey('app_user', { name: 'after_sale_buyer_user_id_fkey' })
  @BigIntColumn({ name: 'buyer_user_id' })
  buyerUserId: number;
  @Column({ type: 'text' }) type: 'refund_only' | 'return_refund';
  @Column({ type: 'text' }) status:
    'pending' | 'awaiting_return' | 'returning' | 'refunding' | 'completed' | 'rejected' | 'cancelled' | 'closed' | 'refund_failed';
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) photos: string[];
  @Column({ type: 'text', name: 'reject_reason', nullable: true }) rejectReason: string | null;
  @Column({ type: 'jsonb', name: 'return_address', nullable: true }) returnAddress: unknown;
  @Column({ type: 'text', name: 'return_carrier', nullable: true }) returnCarrier: string | null;
  @Column({ type: 'text', name: 'return_tracking_no', nullable: true }) returnTrackingNo: string | null;
  @Column({ type: 'timestamptz', name: 'reply_due_at', nullable: true }) replyDueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'return_due_at', nullable: true }) returnDueAt: Date | null;
  @Column({ type: 'timestamptz', name: 'receive_due_at', nullable: true }) receiveDueAt: Date | null;
  @ForeignKey('app_user', { name: 'after_sale_decided_by_fkey' })
  @BigIntColumn({ name: 'decided_by', nullable: true })
  decidedBy: number | null;
  @ForeignKey('app_user', { name: 'after_sale_received_by_fkey' })
  @BigIntColumn({ name: 'received_by', nullable: true })
  receivedBy: number | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'return_shipped_at', nullable: true }) returnShippedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'return_received_at', nullable: true }) returnReceivedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'refund_failed_at', nullable: true }) refundFailedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'return_rejected_at', nullable: true }) returnRejectedAt: Date | null;
}
