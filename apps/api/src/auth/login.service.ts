import { Injectable } from '@nestjs/common';
import type { LoginResponse, WechatLoginBody } from '@shareshop/common';
import { MiniProgramClient, MiniProgramError } from '@shareshop/wechat';
import { DataSource } from 'typeorm';
import { newReferralCode } from '../database/seed.js';
import { Forbidden, Invalid, UpstreamFailed } from '../domain/errors.js';
import { LoginReferralBinding } from '../referral/login-binding.js';
import { ProfileService } from './profile.service.js';
import { TokenService } from './token.service.js';

/**
 * `wx.login` code -> jscode2session -> our user (created on first login) -> our own token.
 * WeChat's session_key is stored server-side only (wechat_session) and never returned.
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly miniProgram: MiniProgramClient,
    private readonly tokens: TokenService,
    private readonly profiles: ProfileService,
    private readonly referral: LoginReferralBinding,
  ) {}

  async login(body: WechatLoginBody): Promise<LoginResponse> {
    const session = await this.code2Session(body.code);
    const { userId, isNewUser, tokenVersion } = await this.dataSource.transaction(async (em) => {
      // Referral codes are random; a collision with the unique index is retried with a new code.
      for (let attempt = 0; ; attempt++) {
        try {
          const [row] = await em.query<Array<{ id: number; inserted: boolean; token_version: number; blocked_at: Date | null }>>(
            `INSERT INTO app_user (openid, unionid, referral_code) VALUES ($1, $2, $3)
             ON CONFLICT (openid) DO UPDATE SET unionid = COALESCE(EXCLUDED.unionid, app_user.unionid)
             RETURNING id, (xmax = 0) AS inserted, token_version, blocked_at`,
            [session.openid, session.unionid ?? null, newReferralCode()],
          );
          // a blocked user gets no new token (their old ones already stopped working: SessionVersions)
          if (row.blocked_at !== null) throw new Forbidden('账号已被停用');
          await em.query(
            `INSERT INTO wechat_session (user_id, session_key) VALUES ($1, $2)
             ON CONFLICT (user_id) DO UPDATE SET session_key = EXCLUDED.session_key, updated_at = now()`,
            [row.id, session.sessionKey],
          );
          return { userId: row.id, isNewUser: row.inserted, tokenVersion: row.token_version };
        } catch (error) {
          if (attempt < 3 && (error as { constraint?: string }).constraint === 'app_user_referral_code_key') continue;
          throw error;
        }
      }
    });
    // Attribution is best effort and recorded by the referral module; a refused binding never fails login.
    await this.referral.afterLogin(userId, isNewUser, body);
    const { token, expiresAt } = this.tokens.issue(userId, Date.now(), tokenVersion);
    return { token, expiresAt, isNewUser, user: await this.profiles.me(this.dataSource.manager, userId) };
  }

  private async code2Session(code: string) {
    try {
      return await this.miniProgram.code2Session(code);
    } catch (error) {
      if (error instanceof MiniProgramError && error.kind === 'invalid_code') {
        throw new Invalid('code', '登录码无效或已使用，请重新登录', { code: 'INVALID_LOGIN_CODE', issue: error.errmsg });
      }
      if (error instanceof MiniProgramError) throw new UpstreamFailed(`微信登录失败：${error.errmsg}`, { errcode: error.errcode });
      throw error;
    }
  }
}
