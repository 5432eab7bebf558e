/**
 * TypeORM entities of referral_binding_log, team_stats, team_sales_month. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Check, Column, Entity, ForeignKey, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { MigrationIndex } from '../database/migration-index.js';
import { BigIntColumn, MoneyColumn } from '../database/money.js';

@Check('referral_binding_log_outcome_check', `outcome IN ('bound', 'rebound', 'unchanged', 'refused')`)
@Check('referral_binding_log_via_check', `via IN ('login', 'explicit', 'clone')`)
@MigrationIndex('referral_binding_log_user', ['userId', 'id'], '(user_id, id DESC)')
@Entity('referral_binding_log')
export class ReferralBindingLog {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' }) id: number;
  @ForeignKey('app_user', { name: 'referral_binding_log_user_id_fkey' })
  @BigIntColumn({ name: 'user_id' })
  userId: number;
  @ForeignKey('app_user', { name: 'referral_binding_log_candidate_user_id_fkey' })
  @BigIntColumn({ name: 'candidate_user_id', nullable: true })
  candidateUserId: number | null;
  @Column({ type: 'text', name: 'referral_code', nullable: true }) referralCode: string | null;
  @BigIntColumn({ name: 'shop_id', nullable: true }) shopId: number | null;
  @Column({ type: 'text' }) via: 'login' | 'explicit' | 'clone';
  @Column({ type: 'text' }) mode: string;
  @Column({ type: 'text' }) outcome: 'bound' | 'rebound' | 'unchanged' | 'refused';
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @BigIntColumn({ name: 'previous_upline_id', nullable: true }) previousUplineId: number | null;
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

@Entity('team_stats', { comment: 'Team size per level, kept by the team_stats_* triggers on app_user; equals count(*) of upline1/2/3_id = user_id' })
export class TeamStats {
  @ForeignKey('app_user', { name: 'team_stats_user_id_fkey', onDelete: 'CASCADE' })
  @BigIntColumn({ name: 'user_id', primary: true })
  userId: number;
  @Column({ type: 'integer', default: 0 }) level1: number;
  @Column({ type: 'integer', default: 0 }) level2: number;
  @Column({ type: 'integer', default: 0 }) level3: number;
}

@Check('team_sales_month_level_check', `((level >= 0) AND (level <= 3))`)
@Entity('team_sales_month', {
  comment: 'Monthly team sales per user and level, kept by the team_sales_* triggers on distribution_sale; informational, never a basis for pay',
})
export class TeamSalesMonth {
  @BigIntColumn({ name: 'user_id', primary: true }) userId: number;
  @PrimaryColumn({ type: 'date' }) month: string;
  @PrimaryColumn({ type: 'smallint' }) level: number;
  @MoneyColumn({ default: 0 }) amount: number;
  @Column({ type: 'integer', default: 0 }) orders: number;
}
