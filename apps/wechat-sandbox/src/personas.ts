import { json, type Reply } from './http.js';
import { testUser } from './miniprogram.js';
import type { Sandbox } from './sandbox.js';

export type PersonaRole = 'buyer' | 'distributor' | 'merchant' | 'admin';

/**
 * The named people a newcomer can sign in as from the H5 login picker, one per role. Their openids are the
 * sandbox's ordinary test-user openids for `key` (stable per appid), which is how the API's seed ties the
 * demo merchant's owner and the platform admin list to them (apps/api/src/config/personas.ts derives the
 * same openids; a test in apps/api/test/personas.test.ts checks the two agree).
 * Avatars are the API's own demo artwork (`/static/demo/...`, a path on the API origin).
 */
export const PERSONAS: ReadonlyArray<{ key: string; nickname: string; role: PersonaRole }> = [
  { key: 'buyer', nickname: '顾客', role: 'buyer' },
  { key: 'shopkeeper', nickname: '店主', role: 'distributor' },
  { key: 'merchant-owner', nickname: '商家', role: 'merchant' },
  { key: 'operator', nickname: '平台运营', role: 'admin' },
];

export function personasView(sb: Sandbox): Array<{ key: string; nickname: string; openid: string; role: PersonaRole; avatarUrl: string }> {
  return PERSONAS.map((p) => ({ ...p, openid: testUser(sb, p.key).openid, avatarUrl: `/static/demo/avatar-${p.key}.svg` }));
}

export function personasRoute(sb: Sandbox): Reply {
  return json(200, personasView(sb));
}
