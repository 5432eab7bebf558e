/**
 * TypeORM entities of wechat_session. The migrations define the schema (synchronize is off); these
 * mirror them column for column, and test/schema-drift.test.ts fails when the two differ.
 */
import { Column, Entity, ForeignKey } from 'typeorm';
import { BigIntColumn } from '../database/money.js';

@Entity('wechat_session')
export class WechatSession {
  @ForeignKey('app_user', { name: 'wechat_session_user_id_fkey' })
  @BigIntColumn({ name: 'user_id', primary: true })
  userId: number;
  @Column({ type: 'text', name: 'session_key' }) sessionKey: string;
  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
