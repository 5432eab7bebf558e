/**
 * TypeORM entities of merchant, merchant_member, merchant_invitation. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('merchant_after_sale_days_check', `((after_sale_days >= 0) AND (after_sale_days <= 90))`)
@Check('merchant_commission_l1_bps_check', `((commission_l1_bps >= 0) AND (commission_l1_bps <= 5000))`)
@Check('merchant_commission_l2_bps_check', `((commission_l2_bps >= 0) AND (commission_l2_bps <= 5000))`)
@Check('merchant_commission_l3_bps_check', `((commission_l3_bps >= 0) AND (commission_l3_bps <= 5000))`)
@Check('merchant_free_shipping_above_check', `(free_shipping_above > 0)`)
@Check('merchant_freight_fee_check', `(freight_fee >= 0)`)
@Check('merchant_low_stock_threshold_check', `((low_stock_threshold >= 0) AND (low_stock_threshold <= 100000))`)
@Check('merchant_settlement_mode_check', `settlement_mode IN ('profit_sharing', 'manual')`)
@Check('merchant_status_check', `status IN ('pending', 'approved', 'rejected', 'suspended')`)
@Entity('merchant')
export class Merchant {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', name: 'logo_url', nullable: true }) logoUrl: string | null;
  @Column({ type: 'text', default: 'pending' }) status: 'pending' | 'approved' | 'rejected' | 'suspended';
  @ForeignKey('app_user', { name: 'merchant_owner_user_id_fkey' })
  @BigIntColumn({ name: 'owner_user_id' })
  ownerUserId: number;
  @Column({ type: 'integer', name: 'after_sale_days', default: 7 }) afterSaleDays: number;
  @Column({ type: 'integer', name: 'commission_l1_bps', default: 1000 }) commissionL1Bps: number;
  @Column({ type: 'integer', name: 'commission_l2_bps', default: 0 }) commissionL2Bps: number;
  @Column({ type: 'integer', name: 'commission_l3_bps', default: 0 }) commissionL3Bps: number;
  @Column({ type: 'text', name: 'settlement_mode', default: 'manual' }) settlementMode: 'profit_sharing' | 'manual';
  @Column({ type: 'boolean', name: 'restock_on_refund', default: true }) restockOnRefund: boolean;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column({ type: 'text', name: 'contact_name', nullable: true }) contactName: string | null;
  @Column({ type: 'text', name: 'contact_phone', nullable: true }) contactPhone: string | null;
  @Column({ type: 'text', name: 'business_category', nullable: true }) businessCategory: string | null;
  @Column({ type: 'text', name: 'licence_image_url', nullable: true }) licenceImageUrl: string | null;
  @Column({ type: 'text', name: 'reject_reason', nullable: true }) rejectReason: string | null;
  @Column({ type: 'timestamptz', name: 'rejected_at', nullable: true }) rejectedAt: Date | null;
  @Column({ type: 'integer', name: 'low_stock_threshold', default: 10 }) lowStockThreshold: number;
  @Column({ type: 'jsonb', name: 'return_address', nullable: true }) returnAddress: unknown;
  @MoneyColumn({ name: 'freight_fee', default: 0 }) freightFee: number;
  @MoneyColumn({ name: 'free_shipping_above', nullable: true }) freeShippingAbove: number | null;
}

@Check('merchant_member_role_check', `role IN ('owner', 'staff')`)
@Index('merchant_member_user', ['userId'])
@Entity('merchant_member')
export class MerchantMember {
  @ForeignKey('merchant', { name: 'merchant_member_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id', primary: true })
  merchantId: number;
  @ForeignKey('app_user', { name: 'merchant_member_user_id_fkey' })
  @BigIntColumn({ name: 'user_id', primary: true })
  userId: number;
  @Column({ type: 'text' }) role: 'owner' | 'staff';
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Check('merchant_invitation_check', `((accepted_by IS NULL) = (accepted_at IS NULL))`)
@Check('merchant_invitation_check1', `((accepted_at IS NULL) OR (revoked_at IS NULL))`)
@Check('merchant_invitation_code_check', `(code ~ '^[A-HJ-NP-Z2-9]{8}$'::text)`)
@MigrationIndex('merchant_invitation_pending', ['merchantId', 'createdAt'], '(merchant_id, created_at) WHERE ((accepted_at IS NULL) AND (revoked_at IS NULL))')
@Entity('merchant_invitation')
export class MerchantInvitation {
  @PrimaryColumn({ type: 'text' }) code: string;
  @ForeignKey('merchant', { name: 'merchant_invitation_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @ForeignKey('app_user', { name: 'merchant_invitation_created_by_fkey' })
  @BigIntColumn({ name: 'created_by' })
  createdBy: number;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'expires_at' }) expiresAt: Date;
  @ForeignKey('app_user', { name: 'merchant_invitation_accepted_by_fkey' })
  @BigIntColumn({ name: 'accepted_by', nullable: true })
  acceptedBy: number | null;
  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true }) acceptedAt: Date | null;
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true }) revokedAt: Date | null;
}
