/**
 * How a share names its shop and sharer, written once for the API (which makes 小程序码 and share paths)
 * and the mini program (which reads them at launch). Zod-free: the mini program imports it through
 * `@shareshop/common/rules`, which must not pull the API's schemas into its bundle.
 *
 * 小程序码 scene: WeChat allows at most 32 visible characters (error 40169) and hands the value to the page
 * URL-encoded, so ids are base36 and keys one letter: `s=<shop id in base36>&r=<referral code>`.
 */
export const SCENE_MAX_LENGTH = 32;

/** Referral codes: 4-16 letters or digits (newReferralCode in the API makes them). */
export const REFERRAL_CODE_PATTERN = /^[0-9A-Za-z]{4,16}$/;

/** A safe integer in base36 has at most 11 digits. */
const BASE36_ID = /^[0-9a-z]{1,11}$/;

export interface SceneParts {
  shopId: number | null;
  ref: string | null;
}

/** `{ shopId, ref }` -> `s=ab12&r=XyZ9` (either part may be absent); throws a RangeError on what WeChat or the decoder would refuse. */
export function encodeShopScene(input: { shopId?: number | null; ref?: string | null }): string {
  const parts: string[] = [];
  if (input.shopId !== undefined && input.shopId !== null) {
    if (!Number.isSafeInteger(input.shopId) || input.shopId <= 0) throw new RangeError('shopId must be a positive integer');
    parts.push(`s=${input.shopId.toString(36)}`);
  }
  if (input.ref) {
    if (!REFERRAL_CODE_PATTERN.test(input.ref)) throw new RangeError('ref must be 4-16 letters or digits');
    parts.push(`r=${input.ref}`);
  }
  // 2+11+3+16 = 32 for the largest id and code, so this holds by construction; kept as the contract.
  const scene = parts.join('&');
  if (scene.length > SCENE_MAX_LENGTH) throw new RangeError(`scene longer than ${SCENE_MAX_LENGTH} characters`);
  return scene;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The inverse of encodeShopScene, raw or URL-encoded (WeChat encodes once; a share-link round trip may add a
 * second layer). Unknown keys and malformed values are ignored, never thrown; a scene longer than WeChat
 * allows is not one of ours, so nothing of it is read.
 */
export function decodeShopScene(raw: string | null | undefined): SceneParts {
  let scene = String(raw ?? '').trim();
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(scene); i++) scene = safeDecode(scene);
  let shopId: number | null = null;
  let ref: string | null = null;
  if (scene.length > SCENE_MAX_LENGTH) return { shopId, ref };
  for (const pair of scene.split('&')) {
    const [key, value = ''] = pair.split('=');
    if (key === 's' && BASE36_ID.test(value)) {
      const n = parseInt(value, 36);
      if (Number.isSafeInteger(n) && n > 0) shopId = n;
    } else if (key === 'r' && REFERRAL_CODE_PATTERN.test(value)) {
      ref = value;
    }
  }
  return { shopId, ref };
}

/**
 * The path a share card or link opens: the page, then the product `id` (product pages), the `shopId` the
 * order will belong to and the sharer's `ref` (commission attribution). Empty parts are left out; the page
 * is taken as given (the API's 小程序码 page has no leading slash, the mini program's routes do).
 */
export function sharePath(page: string, share: { id?: number | null; shopId?: number | null; ref?: string | null }): string {
  const query = (['id', 'shopId', 'ref'] as const)
    .filter((key) => share[key] !== undefined && share[key] !== null && share[key] !== '' && share[key] !== 0)
    .map((key) => `${key}=${encodeURIComponent(String(share[key]))}`)
    .join('&');
  return query ? `${page}?${query}` : page;
}
