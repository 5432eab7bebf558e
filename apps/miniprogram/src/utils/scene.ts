/**
 * Where a user came from: a 小程序码 scene or a share link's query. The scene format and its codec are the
 * API's, from @shareshop/common/rules (encodeShopScene / decodeShopScene).
 */
import { REFERRAL_CODE_PATTERN, decodeShopScene } from '@shareshop/common/rules';

export interface Entry {
  shopId: number;
  ref: string | null;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A route/launch param that must be a positive integer id ('12' -> 12), else null. */
export function idParam(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number(safeDecode(String(v)));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * Where the user came from, given a page/launch query: a 小程序码 `scene`, or a share link's
 * `shopId`/`ref`. Returns { scene } when the scene is not ours to decode (ask POST /referrals/resolve).
 */
export function entryFromQuery(query: Record<string, string | undefined>): Entry | { scene: string } | null {
  if (query.scene) {
    const { shopId, ref } = decodeShopScene(query.scene);
    return shopId ? { shopId, ref } : { scene: safeDecode(query.scene) };
  }
  const shopId = idParam(query.shopId);
  if (!shopId) return null;
  const ref = query.ref ? safeDecode(query.ref) : null;
  return { shopId, ref: ref && REFERRAL_CODE_PATTERN.test(ref) ? ref : null };
}
