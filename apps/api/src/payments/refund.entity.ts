/**
 * TypeORM entities of refund, refund_item. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('refund_amount_check', `(amount > 0)`)
@Check('refund_kind_check', `kind IN ('buyer', 'auto')`)
@Check('refund_out_refund_no_check', `((length(out_refund_no) >= 6) AND (length(out_refund_no) <= 64))`)
@Check('refund_status_check', `status IN ('requested', 'rejected', 'processing', 'succeeded', 'failed', 'cancelled')`)
@Index('refund_merchant_status', ['merchantId', 'status'])
@MigrationIndex('refund_one_open_per_order', ['orderId'], `(order_id) WHERE ((kind = 'buyer') AND (status = ANY (ARRAY['requested', 'processing'])))`, {
  unique: true,
})
@Index('refund_order', ['orderId'])
@MigrationIndex('refund_processing', ['submittedAt'], `(submitted_at) WHERE (status = 'processing')`)
@Entity('refund')
export class Refund {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('order', { name: 'refund_order_id_fkey' })
  @BigIntColumn({ name: 'order_id' })
  orderId: number;
  @ForeignKey('merchant', { name: 'refund_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @ForeignKey('app_user', { name: 'refund_buyer_user_id_fkey' })
  @BigIntColumn({ name: 'buyer_user_id' })
  buyerUserId: number;
  @Column({ type: 'text' }) kind: 'buyer' | 'auto';
  @Column({ type: 'text', name: 'out_refund_no', unique: true }) outRefundNo: string;
  @Column({ type: 'text', name: 'transaction_id', nullable: true }) transactionId: string | null;
  @Column({ type: 'text' }) status: 'requested' | 'rejected' | 'processing' | 'succeeded' | 'failed' | 'cancelled';
  @MoneyColumn() amount: number;
  @Column({ type: 'text', default: '' }) reason: string;
  @Column({ type: 'text', name: 'reject_reason', nullable: true }) rejectReason: string | null;
  @Column({ type: 'boolean', default: false }) restock: boolean;
  @Column({ type: 'text', name: 'wechat_refund_id', nullable: true }) wechatRefundId: string | null;
  @Column({ type: 'text', name: 'wechat_status', nullable: true }) wechatStatus: string | null;
  @ForeignKey('app_user', { name: 'refund_decided_by_fkey' })
  @BigIntColumn({ name: 'decided_by', nullable: true })
  decidedBy: number | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'succeeded_at', nullable: true }) succeededAt: Date | null;
  @Column({ type: 'timestamptz', name: 'failed_at', nullable: true }) failedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
}

@Check('refund_item_amount_check', `(amount >= 0)`)
@Check('refund_item_quantity_check', `(quantity > 0)`)
@Entity('refund_item')
export class RefundItem {
  @ForeignKey('refund', { name: 'refund_item_refund_id_fkey' })
  @BigIntColumn({ name: 'refund_id', primary: true })
  refundId: number;
  @ForeignKey('order_item', { name: 'refund_item_order_item_id_fkey' })
  @BigIntColumn({ name: 'order_item_id', primary: true })
  orderItemId: number;
  @Column({ type: 'integer' }) quantity: number;
  @MoneyColumn() amount: number;
}
