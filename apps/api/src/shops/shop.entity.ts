import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn } from '../database/money.js';

@Entity('shop')
export class Shop {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ type: 'text' }) kind: 'merchant' | 'distributor';
  @BigIntColumn({ name: 'owner_user_id' }) ownerUserId: number;
  @BigIntColumn({ name: 'merchant_id', nullable: true }) merchantId: number | null;
  @Column({ type: 'text' }) name: string;
  @Column({ name: 'avatar_url', type: 'text', nullable: true }) avatarUrl: string | null;
  @Column({ name: 'banner_url', type: 'text', nullable: true }) bannerUrl: string | null;
  @Column({ type: 'text', default: 'red' }) theme: string;
  @BigIntColumn({ name: 'cloned_from_shop_id', nullable: true }) clonedFromShopId: number | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('shop_product')
export class ShopProduct {
  @BigIntColumn({ name: 'shop_id', primary: true }) shopId: number;
  @BigIntColumn({ name: 'product_id', primary: true }) productId: number;
  @Column({ type: 'integer', default: 0 }) position: number;
  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' }) addedAt: Date;
}
