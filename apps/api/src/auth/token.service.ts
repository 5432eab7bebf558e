import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Unauthenticated } from '../domain/errors.js';

export interface TokenClaims {
  sub: number;
  iat: number;
  exp: number;
  /** the user's token_version at issue; the guard refuses a token whose version is older (tokens before versions: 0) */
  ver?: number;
}

export const TOKEN_SETTINGS = Symbol('TOKEN_SETTINGS');
export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
}

/**
 * The platform's own access token (the client never sees WeChat's session_key): a compact
 * `payload.signature` pair, HMAC-SHA256 over the base64url payload. Stateless, so any API instance
 * verifies it. It carries the user's `token_version`: bumping that (sign out everywhere, blocking) ends every
 * older token at once (AuthGuard + SessionVersions).
 */
@Injectable()
export class TokenService {
  constructor(@Inject(TOKEN_SETTINGS) private readonly settings: TokenSettings) {}

  issue(userId: number, now = Date.now(), version = 0): { token: string; expiresAt: string } {
    const iat = Math.floor(now / 1000);
    const claims: TokenClaims = { sub: userId, iat, exp: iat + this.settings.ttlSeconds, ver: version };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${payload}.${this.sign(payload)}`, expiresAt: new Date(claims.exp * 1000).toISOString() };
  }

  verify(token: string, now = Date.now()): TokenClaims {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length) throw new Unauthenticated('登录凭证格式错误');
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new Unauthenticated('登录凭证无效');
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new Unauthenticated('登录凭证无效');
    }
    if (!Number.isSafeInteger(claims.sub) || typeof claims.exp !== 'number') throw new Unauthenticated('登录凭证无效');
    if (claims.ver !== undefined && !Number.isSafeInteger(claims.ver)) throw new Unauthenticated('登录凭证无效');
    if (claims.exp * 1000 <= now) throw new Unauthenticated('登录已过期，请重新登录');
    return claims;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.settings.secret).update(payload).digest('base64url');
  }
}
