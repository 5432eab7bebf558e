/**
 * 小程序码 scene: WeChat allows at most 32 visible characters (error 40169) and hands the value to the
 * page URL-encoded (`options.scene` / launch query `scene`). The format is the API's
 * (`encodeShopScene` in @shareshop/common): `s=<shop id in base36>&r=<referral code>`.
 *
 * Re-implemented here rather than imported because @shareshop/common's shops module builds zod schemas at
 * load time, which would add zod to the main package; test/scene.test.tsx checks both agree.
 */
export const SCENE_MAX_LENGTH = 32;

export interface Entry {
  shopId: number;
  ref: string | null;
}

const BASE36_ID = /^[0-9a-z]{1,11}$/;
const REF = /^[0-9A-Za-z]{4,16}$/;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** 's=ab12&r=XyZ9' (raw or URL-encoded) -> { shopId: 481718, ref: 'XyZ9' }; null when it carries no shop. */
export function decodeScene(raw: string | null | undefined): Entry | null {
  if (!raw) return null;
  let scene = String(raw).trim();
  // WeChat encodes once; tolerate a second layer from share-link round trips.
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(scene); i++) scene = safeDecode(scene);
  if (scene.length > SCENE_MAX_LENGTH) return null;
  let shopId: number | null = null;
  let ref: string | null = null;
  for (const pair of scene.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key === 's' && BASE36_ID.test(value)) {
      const n = parseInt(value, 36);
      if (Number.isSafeInteger(n) && n > 0) shopId = n;
    } else if (key === 'r' && REF.test(value)) {
      ref = value;
    }
  }
  return shopId ? { shopId, ref } : null;
}

/** { shopId, ref } -> 's=ab12&r=XyZ9'; throws when it would not fit WeChat's 32 characters. */
export function encodeScene(entry: { shopId: number; ref?: string | null }): string {
  if (!Number.isSafeInteger(entry.shopId) || entry.shopId <= 0) throw new RangeError('shopId must be a positive integer');
  if (entry.ref && !REF.test(entry.ref)) throw new RangeError('ref must be 4-16 letters or digits');
  const scene = entry.ref ? `s=${entry.shopId.toString(36)}&r=${entry.ref}` : `s=${entry.shopId.toString(36)}`;
  if (scene.length > SCENE_MAX_LENGTH) throw new RangeError(`scene longer than ${SCENE_MAX_LENGTH} characters`);
  return scene;
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
    const decoded = decodeScene(query.scene);
    return decoded ?? { scene: safeDecode(query.scene) };
  }
  const shopId = idParam(query.shopId);
  if (!shopId) return null;
  const ref = query.ref ? safeDecode(query.ref) : null;
  return { shopId, ref: ref && REF.test(ref) ? ref : null };
}
