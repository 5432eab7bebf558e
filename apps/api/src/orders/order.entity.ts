/**
 * TypeORM entities of order, order_item. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Unique('order_buyer_user_id_idempotency_key_merchant_id_key', ['buyerUserId', 'idempotencyKey', 'merchantId'])
@Check('order_check', `((refunded_total >= 0) AND (refunded_total <= paid_total))`)
@Check('order_check1', `(paid_total = ((items_total - discount_total) + shipping_fee))`)
@Check('order_discount_total_check', `(discount_total >= 0)`)
@Check('order_items_total_check', `(items_total >= 0)`)
@Check('order_out_trade_no_check', `((length(out_trade_no) >= 6) AND (length(out_trade_no) <= 32))`)
@Check('order_paid_total_check', `(paid_total > 0)`)
@Check('order_shipping_fee_check', `(shipping_fee >= 0)`)
@Check('order_status_check', `status IN ('created', 'paid', 'shipped', 'received', 'completed', 'cancelled', 'closed', 'refunded')`)
@MigrationIndex('order_buyer', ['buyerUserId', 'id'], '(buyer_user_id, id DESC)')
@MigrationIndex('order_buyer_unpaid', ['buyerUserId'], `(buyer_user_id) WHERE (status = 'created')`)
@MigrationIndex('order_distributor', ['distributorUserId'], '(distributor_user_id) WHERE (distributor_user_id IS NOT NULL)')
@MigrationIndex('order_merchant', ['merchantId', 'id'], '(merchant_id, id DESC)')
@MigrationIndex('order_merchant_paid', ['merchantId', 'paidAt'], '(merchant_id, paid_at) WHERE (paid_at IS NOT NULL)')
@Index('order_merchant_status', ['merchantId', 'status'])
@MigrationIndex('order_received', ['receivedAt'], `(received_at) WHERE (status = 'received')`)
@MigrationIndex('order_shipped', ['shippedAt'], `(shipped_at) WHERE (status = 'shipped')`)
@MigrationIndex('order_shop', ['shopId', 'id'], '(shop_id, id DESC)')
@MigrationIndex('order_unpaid_expiry', ['expiresAt'], `(expires_at) WHERE ((status = 'created') AND (expires_at IS NOT NULL))`)
@Entity('order')
export class Order {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text', name: 'out_trade_no', unique: true }) outTradeNo: string;
  @ForeignKey('app_user', { name: 'order_buyer_user_id_fkey' })
  @BigIntColumn({ name: 'buyer_user_id' })
  buyerUserId: number;
  @ForeignKey('merchant', { name: 'order_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @ForeignKey('shop', { name: 'order_shop_id_fkey' })
  @BigIntColumn({ name: 'shop_id' })
  shopId: number;
  @ForeignKey('app_user', { name: 'order_distributor_user_id_fkey' })
  @BigIntColumn({ name: 'distributor_user_id', nullable: true })
  distributorUserId: number | null;
  @Column({ type: 'text', default: 'created' }) status: 'created' | 'paid' | 'shipped' | 'received' | 'completed' | 'cancelled' | 'closed' | 'refunded';
  @Column({ type: 'text', name: 'idempotency_key' }) idempotencyKey: string;
  @MoneyColumn({ name: 'items_total' }) itemsTotal: number;
  @MoneyColumn({ name: 'discount_total', default: 0 }) discountTotal: number;
  @MoneyColumn({ name: 'shipping_fee', default: 0 }) shippingFee: number;
  @MoneyColumn({ name: 'paid_total' }) paidTotal: number;
  @MoneyColumn({ name: 'refunded_total', default: 0 }) refundedTotal: number;
  @Column({ type: 'jsonb' }) address: unknown;
  @Column({ type: 'text', default: '' }) remark: string;
  @Column({ type: 'text', nullable: true }) carrier: string | null;
  @Column({ type: 'text', name: 'tracking_no', nullable: true }) trackingNo: string | null;
  @Column({ type: 'text', name: 'prepay_id', nullable: true }) prepayId: string | null;
  @Column({ type: 'timestamptz', name: 'prepay_at', nullable: true }) prepayAt: Date | null;
  @Column({ type: 'text', name: 'transaction_id', nullable: true, unique: true }) transactionId: string | null;
  @Column({ type: 'text', name: 'payer_openid', nullable: true }) payerOpenid: string | null;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column({ type: 'timestamptz', name: 'paid_at', nullable: true }) paidAt: Date | null;
  @Column({ type: 'timestamptz', name: 'shipped_at', nullable: true }) shippedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'received_at', nullable: true }) receivedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true }) completedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'refunded_at', nullable: true }) refundedAt: Date | null;
  @Column({ type: 'text', name: 'request_hash', nullable: true }) requestHash: string | null;
}

@Check('order_item_check', `(items_amount = (unit_price * quantity))`)
@Check('order_item_check1', `(paid_amount = (items_amount - discount_amount))`)
@Check('order_item_check2', `((refunded_quantity >= 0) AND (refunded_quantity <= quantity))`)
@Check('order_item_check3', `((refunded_amount >= 0) AND (refunded_amount <= paid_amount))`)
@Check('order_item_discount_amount_check', `(discount_amount >= 0)`)
@Check('order_item_quantity_check', `((quantity >= 1) AND (quantity <= 999))`)
@Check('order_item_unit_price_check', `(unit_price > 0)`)
@Index('order_item_order', ['orderId'])
@Index('order_item_sku', ['skuId'])
@Entity('order_item')
export class OrderItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('order', { name: 'order_item_order_id_fkey' })
  @BigIntColumn({ name: 'order_id' })
  orderId: number;
  @ForeignKey('product', { name: 'order_item_product_id_fkey' })
  @BigIntColumn({ name: 'product_id' })
  productId: number;
  @ForeignKey('sku', { name: 'order_item_sku_id_fkey' })
  @BigIntColumn({ name: 'sku_id' })
  skuId: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'jsonb', name: 'spec_values', default: () => "'[]'" }) specValues: string[];
  @Column({ type: 'text', nullable: true }) image: string | null;
  @MoneyColumn({ name: 'unit_price' }) unitPrice: number;
  @Column({ type: 'integer' }) quantity: number;
  @MoneyColumn({ name: 'items_amount' }) itemsAmount: number;
  @MoneyColumn({ name: 'discount_amount', default: 0 }) discountAmount: number;
  @MoneyColumn({ name: 'paid_amount' }) paidAmount: number;
  @Column({ type: 'integer', name: 'refunded_quantity', default: 0 }) refundedQuantity: number;
  @MoneyColumn({ name: 'refunded_amount', default: 0 }) refundedAmount: number;
}
