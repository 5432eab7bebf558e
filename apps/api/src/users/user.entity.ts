import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BigIntColumn } from '../database/money.js';

@Entity('app_user')
export class User {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ type: 'text' }) openid: string;
  @Column({ type: 'text', nullable: true }) unionid: string | null;
  @Column({ type: 'text' }) nickname: string;
  @Column({ name: 'avatar_url', type: 'text', nullable: true }) avatarUrl: string | null;
  @Column({ name: 'referral_code', type: 'text' }) referralCode: string;
  @BigIntColumn({ name: 'upline1_id', nullable: true }) upline1Id: number | null;
  @BigIntColumn({ name: 'upline2_id', nullable: true }) upline2Id: number | null;
  @BigIntColumn({ name: 'upline3_id', nullable: true }) upline3Id: number | null;
  @Column({ name: 'bound_at', type: 'timestamptz', nullable: true }) boundAt: Date | null;
  @Column({ name: 'bind_expires_at', type: 'timestamptz', nullable: true }) bindExpiresAt: Date | null;
  @Column({ name: 'is_distributor', type: 'boolean', default: false }) isDistributor: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

@Entity('wechat_session')
export class WechatSession {
  @BigIntColumn({ name: 'user_id', primary: true }) userId: number;
  @Column({ name: 'session_key', type: 'text' }) sessionKey: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}
