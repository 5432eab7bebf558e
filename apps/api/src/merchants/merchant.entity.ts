import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn } from '../database/money.js';

export type MerchantStatus = 'pending' | 'approved' | 'rejected' | 'suspended';

@Entity('merchant')
export class Merchant {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'logo_url', type: 'text', nullable: true }) logoUrl: string | null;
  @Column({ type: 'text', default: 'pending' }) status: MerchantStatus;
  @BigIntColumn({ name: 'owner_user_id' }) ownerUserId: number;
  @Column({ name: 'after_sale_days', type: 'integer', default: 7 }) afterSaleDays: number;
  @Column({ name: 'commission_l1_bps', type: 'integer', default: 1000 }) commissionL1Bps: number;
  @Column({ name: 'commission_l2_bps', type: 'integer', default: 0 }) commissionL2Bps: number;
  @Column({ name: 'commission_l3_bps', type: 'integer', default: 0 }) commissionL3Bps: number;
  @Column({ name: 'settlement_mode', type: 'text', default: 'manual' }) settlementMode: 'profit_sharing' | 'manual';
  @Column({ name: 'restock_on_refund', type: 'boolean', default: true }) restockOnRefund: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt: Date | null;
}

@Entity('merchant_member')
export class MerchantMember {
  @BigIntColumn({ name: 'merchant_id', primary: true }) merchantId: number;
  @BigIntColumn({ name: 'user_id', primary: true }) userId: number;
  @Column({ type: 'text' }) role: 'owner' | 'staff';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
