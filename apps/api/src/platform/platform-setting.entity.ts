/**
 * TypeORM entities of platform_setting. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { BigIntColumn } from '../database/money.js';

@Entity('platform_setting')
export class PlatformSetting {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'jsonb' }) value: unknown;
  @ForeignKey('app_user', { name: 'platform_setting_updated_by_fkey' })
  @BigIntColumn({ name: 'updated_by', nullable: true })
  updatedBy: number | null;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
