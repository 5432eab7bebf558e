import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BigIntColumn } from '../database/money.js';

@Entity('platform_setting')
export class PlatformSetting {
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'jsonb' }) value: unknown;
  @BigIntColumn({ name: 'updated_by', nullable: true }) updatedBy: number | null;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
