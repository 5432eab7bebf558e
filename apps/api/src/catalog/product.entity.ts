import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

export type ProductStatus = 'draft' | 'on_sale' | 'off_sale';

@Entity('product')
export class Product {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @BigIntColumn({ name: 'merchant_id' }) merchantId: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', default: '' }) subtitle: string;
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ type: 'jsonb', default: [] }) images: string[];
  @Column({ type: 'text', default: '' }) category: string;
  @Column({ name: 'spec_names', type: 'jsonb', default: [] }) specNames: string[];
  @Column({ type: 'text', default: 'draft' }) status: ProductStatus;
  @Column({ name: 'commission_l1_bps', type: 'integer', nullable: true }) commissionL1Bps: number | null;
  @Column({ name: 'commission_l2_bps', type: 'integer', nullable: true }) commissionL2Bps: number | null;
  @Column({ name: 'commission_l3_bps', type: 'integer', nullable: true }) commissionL3Bps: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

@Entity('sku')
export class Sku {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @BigIntColumn({ name: 'product_id' }) productId: number;
  @BigIntColumn({ name: 'merchant_id' }) merchantId: number;
  @Column({ name: 'spec_values', type: 'jsonb', default: [] }) specValues: string[];
  @MoneyColumn() price: number;
  @MoneyColumn({ name: 'list_price', nullable: true }) listPrice: number | null;
  @Column({ type: 'integer', default: 0 }) stock: number;
  @Column({ type: 'integer', default: 0 }) sold: number;
  @Column({ type: 'text', default: '' }) code: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('stock_adjustment')
export class StockAdjustment {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @BigIntColumn({ name: 'sku_id' }) skuId: number;
  @BigIntColumn({ name: 'merchant_id' }) merchantId: number;
  @Column({ type: 'integer' }) delta: number;
  @Column({ name: 'stock_after', type: 'integer' }) stockAfter: number;
  @Column({ type: 'text' }) reason: string;
  @BigIntColumn({ name: 'actor_user_id', nullable: true }) actorUserId: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
