import { createHash } from 'node:crypto';
import type { Env } from '../env.js';

/**
 * The sandbox's named personas (apps/wechat-sandbox/src/personas.ts, listed by GET /__sandbox__/personas):
 * the openids a newcomer signs in as from the H5 login picker. They exist only while WeChat is the local
 * sandbox; with real WeChat credentials or NODE_ENV=production there are none, and so no implicit admin.
 */
export interface SandboxPersonas {
  /** 顾客 */
  buyer: string;
  /** 店主: a distributor with a cloned shop (seed.ts) */
  shopkeeper: string;
  /** 商家: owner of the seeded demo merchant */
  merchantOwner: string;
  /** 平台运营: a platform admin */
  operator: string;
}

/**
 * The sandbox's openid for a named test user (same derivation as its `testUser`, stable per appid); the
 * API derives it rather than asking the sandbox, so the seed and the admin list work before it answers.
 * apps/api/test/personas.test.ts checks this agrees with the sandbox's own list.
 */
export function sandboxOpenid(appid: string, name: string): string {
  const h = createHash('sha256').update(`openid:${appid}:${name}`).digest('base64url');
  return `o${h.slice(0, 27).replace(/^[-_]/, 'A')}`;
}

/** null unless WeChat is the sandbox (no WECHAT_APPID, not production, sandbox keys found). */
export function sandboxPersonas(env: Env, sandboxAppid: string | null): SandboxPersonas | null {
  if (env.WECHAT_APPID || env.NODE_ENV === 'production' || !sandboxAppid) return null;
  const id = (key: string) => sandboxOpenid(sandboxAppid, key);
  return { buyer: id('buyer'), shopkeeper: id('shopkeeper'), merchantOwner: id('merchant-owner'), operator: id('operator') };
}
