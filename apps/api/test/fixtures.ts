import { randomBytes } from 'node:crypto';
import { TokenService } from '../src/auth/token.service.js';
import { newReferralCode } from '../src/database/seed.js';
import type { TestApi } from './harness.js';

export interface TestUser {
  id: number;
  openid: string;
  token: string;
}

/** A signed-in user, created directly (WeChat login itself is tested through the sandbox). */
export async function createUser(t: TestApi, nickname = '测试用户', openid = `test_${randomBytes(6).toString('hex')}`): Promise<TestUser> {
  const [row] = await t.ds.query('INSERT INTO app_user (openid, nickname, referral_code) VALUES ($1, $2, $3) RETURNING id', [
    openid,
    nickname,
    newReferralCode(),
  ]);
  const { token } = t.api.app.get(TokenService).issue(row.id);
  return { id: row.id, openid, token };
}
