/**
 * TypeORM entities of shop, shop_product. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn } from '../database/money.js';

@Check('shop_check', `((kind = 'merchant'::text) = (merchant_id IS NOT NULL))`)
@Check('shop_kind_check', `kind IN ('merchant', 'distributor')`)
@MigrationIndex('shop_one_per_distributor', ['ownerUserId'], `(owner_user_id) WHERE (kind = 'distributor')`, { unique: true })
@MigrationIndex('shop_one_per_merchant', ['merchantId'], `(merchant_id) WHERE (kind = 'merchant')`, { unique: true })
@Entity('shop')
export class Shop {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text' }) kind: 'merchant' | 'distributor';
  @ForeignKey('app_user', { name: 'shop_owner_user_id_fkey' })
  @BigIntColumn({ name: 'owner_user_id' })
  ownerUserId: number;
  @ForeignKey('merchant', { name: 'shop_merchant_id_fkey' })
  @BigIntColumn({ name: 'merchant_id', nullable: true })
  merchantId: number | null;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', name: 'avatar_url', nullable: true }) avatarUrl: string | null;
  @Column({ type: 'text', name: 'banner_url', nullable: true }) bannerUrl: string | null;
  @Column({ type: 'text', default: 'red' }) theme: string;
  @ForeignKey('shop', { name: 'shop_cloned_from_shop_id_fkey' })
  @BigIntColumn({ name: 'cloned_from_shop_id', nullable: true })
  clonedFromShopId: number | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Index('shop_product_product', ['productId'])
@Entity('shop_product')
export class ShopProduct {
  @ForeignKey('shop', { name: 'shop_product_shop_id_fkey' })
  @BigIntColumn({ name: 'shop_id', primary: true })
  shopId: number;
  @ForeignKey('product', { name: 'shop_product_product_id_fkey' })
  @BigIntColumn({ name: 'product_id', primary: true })
  productId: number;
  @Column({ type: 'integer', default: 0 }) position: number;
  @Column({ type: 'timestamptz', name: 'added_at', default: () => 'now()' }) addedAt: Date;
}
