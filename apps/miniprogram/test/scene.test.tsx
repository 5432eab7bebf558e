import { decodeShopScene, encodeShopScene } from '@shareshop/common';
import { SCENE_MAX_LENGTH, decodeScene, encodeScene, entryFromQuery, idParam } from '../src/utils/scene';

test('decodes the API scene format: base36 shop id + referral code', () => {
  expect(decodeScene('s=ab12&r=XyZ9')).toEqual({ shopId: parseInt('ab12', 36), ref: 'XyZ9' });
  expect(decodeScene('s=ab12&r=XyZ9')).toEqual({ shopId: 480854, ref: 'XyZ9' });
  expect(decodeScene('s=1')).toEqual({ shopId: 1, ref: null });
});

test('decodes the URL-encoded scene WeChat puts in launch options (once or twice encoded)', () => {
  expect(decodeScene('s%3Dab12%26r%3DXyZ9')).toEqual({ shopId: 480854, ref: 'XyZ9' });
  expect(decodeScene(encodeURIComponent(encodeURIComponent('s=ab12&r=XyZ9')))).toEqual({ shopId: 480854, ref: 'XyZ9' });
});

test('no shop, not ours, malformed or too long: null (a bad ref is dropped, not fatal)', () => {
  expect(decodeScene('')).toBeNull();
  expect(decodeScene(undefined)).toBeNull();
  expect(decodeScene('hello')).toBeNull();
  expect(decodeScene('r=XyZ9')).toBeNull();
  expect(decodeScene('s=AB12')).toBeNull();
  expect(decodeScene('s=0')).toBeNull();
  expect(decodeScene('s=ab12&r=x')).toEqual({ shopId: 480854, ref: null });
  expect(decodeScene(`s=1&r=${'a'.repeat(30)}`)).toBeNull();
});

test('encodes within 32 characters and round-trips', () => {
  expect(encodeScene({ shopId: 480854, ref: 'XyZ9' })).toBe('s=ab12&r=XyZ9');
  const longest = encodeScene({ shopId: Number.MAX_SAFE_INTEGER, ref: 'R'.repeat(16) });
  expect(longest.length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
  expect(decodeScene(encodeURIComponent(longest))).toEqual({ shopId: Number.MAX_SAFE_INTEGER, ref: 'R'.repeat(16) });
  expect(() => encodeScene({ shopId: 0 })).toThrow(RangeError);
  expect(() => encodeScene({ shopId: 1, ref: 'no spaces' })).toThrow(RangeError);
});

test('agrees with the API helpers in @shareshop/common', () => {
  for (const e of [
    { shopId: 1, ref: null },
    { shopId: 480854, ref: 'XyZ9' },
    { shopId: 9007199254740991, ref: 'abcdEFGH12345678' },
  ]) {
    expect(encodeScene(e)).toBe(encodeShopScene(e));
    expect(decodeScene(encodeShopScene(e))).toEqual(decodeShopScene(encodeShopScene(e)));
  }
});

test('entry from a page query: scene, share link, or an opaque scene to resolve on the server', () => {
  expect(entryFromQuery({ scene: 's%3Dab12%26r%3DXyZ9' })).toEqual({ shopId: 480854, ref: 'XyZ9' });
  expect(entryFromQuery({ shopId: '12', ref: 'R1x9' })).toEqual({ shopId: 12, ref: 'R1x9' });
  expect(entryFromQuery({ shopId: '12', ref: 'bad ref' })).toEqual({ shopId: 12, ref: null });
  expect(entryFromQuery({ scene: 'k%3D9f8e' })).toEqual({ scene: 'k=9f8e' });
  expect(entryFromQuery({ shopId: 'abc' })).toBeNull();
  expect(entryFromQuery({})).toBeNull();
});

test('idParam parses positive integer ids only', () => {
  expect(idParam('42')).toBe(42);
  expect(idParam(7)).toBe(7);
  expect(idParam('0')).toBeNull();
  expect(idParam('1.5')).toBeNull();
  expect(idParam('')).toBeNull();
  expect(idParam(undefined)).toBeNull();
});
