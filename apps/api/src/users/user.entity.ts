/**
 * TypeORM entities of app_user. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn } from '../database/money.js';

@Check('app_user_token_version_check', `(token_version >= 0)`)
@MigrationIndex('app_user_team1', ['upline1Id', 'boundAt', 'id'], '(upline1_id, bound_at DESC, id DESC) WHERE (upline1_id IS NOT NULL)')
@MigrationIndex('app_user_team2', ['upline2Id', 'boundAt', 'id'], '(upline2_id, bound_at DESC, id DESC) WHERE (upline2_id IS NOT NULL)')
@MigrationIndex('app_user_team3', ['upline3Id', 'boundAt', 'id'], '(upline3_id, bound_at DESC, id DESC) WHERE (upline3_id IS NOT NULL)')
@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @Column({ type: 'text', unique: true }) openid: string;
  @Column({ type: 'text', nullable: true }) unionid: string | null;
  @Column({ type: 'text', default: '微信用户' }) nickname: string;
  @Column({ type: 'text', name: 'avatar_url', nullable: true }) avatarUrl: string | null;
  @Column({ type: 'text', name: 'referral_code', unique: true }) referralCode: string;
  @ForeignKey('app_user', { name: 'app_user_upline1_id_fkey' })
  @BigIntColumn({ name: 'upline1_id', nullable: true })
  upline1Id: number | null;
  @ForeignKey('app_user', { name: 'app_user_upline2_id_fkey' })
  @BigIntColumn({ name: 'upline2_id', nullable: true })
  upline2Id: number | null;
  @ForeignKey('app_user', { name: 'app_user_upline3_id_fkey' })
  @BigIntColumn({ name: 'upline3_id', nullable: true })
  upline3Id: number | null;
  @Column({ type: 'timestamptz', name: 'bound_at', nullable: true }) boundAt: Date | null;
  @Column({ type: 'timestamptz', name: 'bind_expires_at', nullable: true }) bindExpiresAt: Date | null;
  @Column({ type: 'boolean', name: 'is_distributor', default: false }) isDistributor: boolean;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column({ type: 'integer', name: 'token_version', default: 0 }) tokenVersion: number;
  @Column({ type: 'timestamptz', name: 'blocked_at', nullable: true }) blockedAt: Date | null;
}
