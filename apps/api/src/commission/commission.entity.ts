/**
 * TypeORM entities of commission, commission_reversal, distribution_sale. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Unique('commission_order_item_id_level_key', ['orderItemId', 'level'])
@Check('commission_amount_check', `(amount > 0)`)
@Check('commission_base_amount_check', `(base_amount > 0)`)
@Check('commission_check', `((refunded_base >= 0) AND (refunded_base <= base_amount))`)
@Check('commission_check1', `((reversed_amount >= 0) AND (reversed_amount <= amount))`)
@Check('commission_level_check', `((level >= 1) AND (level <= 3))`)
@Check('commission_rate_bps_check', `((rate_bps >= 0) AND (rate_bps <= 5000))`)
@Check('commission_status_check', `status IN ('pending', 'available', 'reversed')`)
@MigrationIndex('commission_beneficiary', ['beneficiaryUserId', 'id'], '(beneficiary_user_id, id DESC)')
@MigrationIndex('commission_due', ['releasableAt'], `(releasable_at) WHERE (status = 'pending')`)
@Index('commission_order', ['orderId'])
@Entity('commission')
export class Commission {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @BigIntColumn({ name: 'order_id' }) orderId: number;
  @BigIntColumn({ name: 'order_item_id' }) orderItemId: number;
  @BigIntColumn({ name: 'merchant_id' }) merchantId: number;
  @BigIntColumn({ name: 'product_id', nullable: true }) productId: number | null;
  @ForeignKey('app_user', { name: 'commission_beneficiary_user_id_fkey' })
  @BigIntColumn({ name: 'beneficiary_user_id' })
  beneficiaryUserId: number;
  @Column({ type: 'smallint' }) level: number;
  @MoneyColumn({ name: 'base_amount' }) baseAmount: number;
  @Column({ type: 'integer', name: 'rate_bps' }) rateBps: number;
  @MoneyColumn() amount: number;
  @MoneyColumn({ name: 'refunded_base', default: 0 }) refundedBase: number;
  @MoneyColumn({ name: 'reversed_amount', default: 0 }) reversedAmount: number;
  @Column({ type: 'text', default: 'pending' }) status: 'pending' | 'available' | 'reversed';
  @Column({ type: 'timestamptz', name: 'releasable_at', nullable: true }) releasableAt: Date | null;
  @Column({ type: 'timestamptz', name: 'released_at', nullable: true }) releasedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

@Check('commission_reversal_amount_check', `(amount >= 0)`)
@Entity('commission_reversal')
export class CommissionReversal {
  @PrimaryColumn({ type: 'text', name: 'refund_key' }) refundKey: string;
  @ForeignKey('commission', { name: 'commission_reversal_commission_id_fkey' })
  @BigIntColumn({ name: 'commission_id', primary: true })
  commissionId: number;
  @MoneyColumn({ name: 'refunded_base' }) refundedBase: number;
  @MoneyColumn() amount: number;
  @Column({ type: 'text', name: 'from_status' }) fromStatus: string;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Check('distribution_sale_check', `((refunded_amount >= 0) AND (refunded_amount <= paid_amount))`)
@Check('distribution_sale_paid_amount_check', `(paid_amount >= 0)`)
@MigrationIndex('distribution_sale_own', ['distributorUserId', 'paidAt'], '(distributor_user_id, paid_at DESC)')
@MigrationIndex('distribution_sale_up1', ['upline1Id', 'paidAt'], '(upline1_id, paid_at) WHERE (upline1_id IS NOT NULL)')
@MigrationIndex('distribution_sale_up2', ['upline2Id', 'paidAt'], '(upline2_id, paid_at) WHERE (upline2_id IS NOT NULL)')
@MigrationIndex('distribution_sale_up3', ['upline3Id', 'paidAt'], '(upline3_id, paid_at) WHERE (upline3_id IS NOT NULL)')
@Entity('distribution_sale')
export class DistributionSale {
  @BigIntColumn({ name: 'order_id', primary: true }) orderId: number;
  @BigIntColumn({ name: 'merchant_id' }) merchantId: number;
  @BigIntColumn({ name: 'shop_id', nullable: true }) shopId: number | null;
  @ForeignKey('app_user', { name: 'distribution_sale_distributor_user_id_fkey' })
  @BigIntColumn({ name: 'distributor_user_id' })
  distributorUserId: number;
  @BigIntColumn({ name: 'buyer_user_id', nullable: true }) buyerUserId: number | null;
  @BigIntColumn({ name: 'upline1_id', nullable: true }) upline1Id: number | null;
  @BigIntColumn({ name: 'upline2_id', nullable: true }) upline2Id: number | null;
  @BigIntColumn({ name: 'upline3_id', nullable: true }) upline3Id: number | null;
  @MoneyColumn({ name: 'paid_amount' }) paidAmount: number;
  @MoneyColumn({ name: 'refunded_amount', default: 0 }) refundedAmount: number;
  @Column({ type: 'timestamptz', name: 'paid_at' }) paidAt: Date;
}
