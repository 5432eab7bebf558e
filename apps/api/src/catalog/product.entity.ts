/**
 * TypeORM entities of product, sku, stock_adjustment, sku_stock_slot. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('product_commission_l1_bps_check', `((commission_l1_bps >= 0) AND (commission_l1_bps <= 5000))`)
@Check('product_commission_l2_bps_check', `((commission_l2_bps >= 0) AND (commission_l2_bps <= 5000))`)
@Check('product_commission_l3_bps_check', `((commission_l3_bps >= 0) AND (commission_l3_bps <= 5000))`)
@Check('product_detail_check', `(jsonb_typeof(detail) = 'array'::text)`)
@Check('product_purchase_limit_check', `((purchase_limit >= 1) AND (purchase_limit <= 999))`)
@Check('product_status_check', `status IN ('draft', 'on_sale', 'off_sale')`)
@Index('product_merchant', ['merchantId', 'status'])
@MigrationIndex('product_on_sale', ['id'], `(id) WHERE (status = 'on_sale')`)
@Entity('product')
export class Product {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('merchant', { name: 'product_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', default: '' }) subtitle: string;
  @Column({ type: 'text', default: '' }) description: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) images: string[];
  @Column({ type: 'text', default: '' }) category: string;
  @Column({ type: 'jsonb', name: 'spec_names', default: () => "'[]'" }) specNames: string[];
  @Column({ type: 'text', default: 'draft' }) status: 'draft' | 'on_sale' | 'off_sale';
  @Column({ type: 'integer', name: 'commission_l1_bps', nullable: true }) commissionL1Bps: number | null;
  @Column({ type: 'integer', name: 'commission_l2_bps', nullable: true }) commissionL2Bps: number | null;
  @Column({ type: 'integer', name: 'commission_l3_bps', nullable: true }) commissionL3Bps: number | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column({ type: 'integer', name: 'purchase_limit', nullable: true }) purchaseLimit: number | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) detail: unknown;
}

@Check('sku_list_price_check', `((list_price IS NULL) OR (list_price > 0))`)
@Check('sku_price_check', `(price > 0)`)
@Check('sku_sold_check', `(sold >= 0)`)
@Check('sku_stock_check', `(stock >= 0)`)
@Index('sku_product', ['productId'])
@Entity('sku')
export class Sku {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('product', { name: 'sku_product_id_fkey' })
  @BigIntColumn({ name: 'product_id' })
  productId: number;
  @ForeignKey('merchant', { name: 'sku_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @Column({ type: 'jsonb', name: 'spec_values', default: () => "'[]'" }) specValues: string[];
  @MoneyColumn() price: number;
  @MoneyColumn({ name: 'list_price', nullable: true }) listPrice: number | null;
  @Column({ type: 'integer', default: 0 }) stock: number;
  @Column({ type: 'integer', default: 0 }) sold: number;
  @Column({ type: 'text', default: '' }) code: string;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Check('stock_adjustment_kind_check', `kind IN ('initial', 'adjust', 'set')`)
@MigrationIndex('stock_adjustment_sku', ['skuId', 'createdAt'], '(sku_id, created_at DESC)')
@Entity('stock_adjustment')
export class StockAdjustment {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('sku', { name: 'stock_adjustment_sku_id_fkey' })
  @BigIntColumn({ name: 'sku_id' })
  skuId: number;
  @ForeignKey('merchant', { name: 'stock_adjustment_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id' })
  merchantId: number;
  @Column({ type: 'integer' }) delta: number;
  @Column({ type: 'integer', name: 'stock_after' }) stockAfter: number;
  @Column({ type: 'text' }) reason: string;
  @ForeignKey('app_user', { name: 'stock_adjustment_actor_user_id_fkey' })
  @BigIntColumn({ name: 'actor_user_id', nullable: true })
  actorUserId: number | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'text', default: 'adjust' }) kind: 'initial' | 'adjust' | 'set';
}

@Check('sku_stock_slot_slot_check', `((slot >= 0) AND (slot <= 255))`)
@Check('sku_stock_slot_stock_check', `(stock >= 0)`)
@Entity('sku_stock_slot', { comment: 'Hot-SKU stock shards; available stock = sku.stock + sum(slot stock). See apps/api/docs/hot-stock.md' })
export class SkuStockSlot {
  @ForeignKey('sku', { name: 'sku_stock_slot_sku_id_fkey' })
  @BigIntColumn({ name: 'sku_id', primary: true })
  skuId: number;
  @PrimaryColumn({ type: 'smallint' }) slot: number;
  @Column({ type: 'integer', default: 0 }) stock: number;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
