/**
 * TypeORM entities of category. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn } from '../database/money.js';

@Check('category_name_check', `((length(name) >= 1) AND (length(name) <= 20))`)
@Entity('category')
export class Category {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text', unique: true }) name: string;
  @ForeignKey('category', { name: 'category_parent_id_fkey' })
  @BigIntColumn({ name: 'parent_id', nullable: true })
  parentId: number | null;
  @Column({ type: 'integer', name: 'sort_order', default: 0 }) sortOrder: number;
}
