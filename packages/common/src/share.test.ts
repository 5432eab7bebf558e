import { REFERRAL_CODE_PATTERN, SCENE_MAX_LENGTH, decodeShopScene, encodeShopScene, sharePath } from './share.js';
import { ReferralCode } from './shops.js';

test('encodes shop id in base36 and the referral code, and round-trips', () => {
  expect(encodeShopScene({ shopId: 480854, ref: 'XyZ9' })).toBe('s=ab12&r=XyZ9');
  expect(encodeShopScene({ shopId: 1 })).toBe('s=1');
  expect(encodeShopScene({ ref: 'XyZ9' })).toBe('r=XyZ9');
  for (const parts of [
    { shopId: 1, ref: null },
    { shopId: 480854, ref: 'XyZ9' },
    { shopId: 123456, ref: 'AB12' },
    { shopId: null, ref: 'ABCDEFGH' },
  ]) {
    expect(decodeShopScene(encodeShopScene(parts))).toEqual(parts);
  }
});

test('the largest id and longest code still fit WeChat 32 characters, raw or URL-encoded', () => {
  const longest = encodeShopScene({ shopId: Number.MAX_SAFE_INTEGER, ref: 'R'.repeat(16) });
  expect(longest.length).toBe(SCENE_MAX_LENGTH);
  expect(decodeShopScene(encodeURIComponent(longest))).toEqual({ shopId: Number.MAX_SAFE_INTEGER, ref: 'R'.repeat(16) });
});

test('refuses to encode what WeChat or the decoder would not take back', () => {
  expect(() => encodeShopScene({ shopId: 0 })).toThrow(RangeError);
  expect(() => encodeShopScene({ shopId: 1.5 })).toThrow(RangeError);
  expect(() => encodeShopScene({ shopId: 1, ref: 'no spaces' })).toThrow(RangeError);
  expect(() => encodeShopScene({ shopId: 1, ref: 'R'.repeat(17) })).toThrow(RangeError);
});

test('decodes the URL-encoded scene WeChat puts in launch options, once or twice encoded', () => {
  expect(decodeShopScene('s%3Dab12%26r%3DXyZ9')).toEqual({ shopId: 480854, ref: 'XyZ9' });
  expect(decodeShopScene(encodeURIComponent(encodeURIComponent('s=ab12&r=XyZ9')))).toEqual({ shopId: 480854, ref: 'XyZ9' });
  expect(decodeShopScene('%E0%A4%A')).toEqual({ shopId: null, ref: null });
});

test('no shop, not ours, malformed or too long: nothing read, never thrown (a bad ref alone is dropped)', () => {
  const none = { shopId: null, ref: null };
  expect(decodeShopScene('')).toEqual(none);
  expect(decodeShopScene(undefined)).toEqual(none);
  expect(decodeShopScene('hello')).toEqual(none);
  expect(decodeShopScene('s=AB12')).toEqual(none);
  expect(decodeShopScene('s=0')).toEqual(none);
  expect(decodeShopScene('s=zzzzzzzzzzz&r=!!')).toEqual(none);
  expect(decodeShopScene('r=XyZ9')).toEqual({ shopId: null, ref: 'XyZ9' });
  expect(decodeShopScene('s=ab12&r=x')).toEqual({ shopId: 480854, ref: null });
  expect(decodeShopScene(`s=1&r=${'a'.repeat(30)}`)).toEqual(none);
});

test('the scene and the referral code schema agree on what a code is', () => {
  for (const code of ['AB12', 'abcdEFGH12345678', 'no', 'has space', 'R'.repeat(17)]) {
    expect(ReferralCode.safeParse(code).success).toBe(REFERRAL_CODE_PATTERN.test(code));
  }
});

test('share path: page, then product id, shop and sharer; empty parts left out, values URL-encoded', () => {
  expect(sharePath('pages/shop/index', { shopId: 12, ref: 'AB12' })).toBe('pages/shop/index?shopId=12&ref=AB12');
  expect(sharePath('/pkg-product/detail/index', { ref: 'AB12', shopId: 12, id: 5 })).toBe('/pkg-product/detail/index?id=5&shopId=12&ref=AB12');
  expect(sharePath('/pages/shop/index', { shopId: 12, ref: null })).toBe('/pages/shop/index?shopId=12');
  expect(sharePath('/pkg-product/detail/index', { id: 5, shopId: 0, ref: undefined })).toBe('/pkg-product/detail/index?id=5');
  expect(sharePath('/pages/shop/index', {})).toBe('/pages/shop/index');
  expect(sharePath('/pages/shop/index', { shopId: 1, ref: 'a&b=c' })).toBe('/pages/shop/index?shopId=1&ref=a%26b%3Dc');
});
