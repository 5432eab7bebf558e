import { encodeShopScene } from '@shareshop/common/rules';
import { entryFromQuery, idParam } from '../src/utils/scene';

// The scene codec itself (format, URL-encoding, 32 characters, round trip) is tested in packages/common/src/share.test.ts.

test('a scene that names a shop is an entry; the launch query is URL-encoded by WeChat', () => {
  expect(entryFromQuery({ scene: encodeURIComponent(encodeShopScene({ shopId: 480854, ref: 'XyZ9' })) })).toEqual({ shopId: 480854, ref: 'XyZ9' });
  expect(entryFromQuery({ scene: 's=1' })).toEqual({ shopId: 1, ref: null });
  // a ref-only or malformed scene is not ours to read: the server resolves it
  expect(entryFromQuery({ scene: 'r=XyZ9' })).toEqual({ scene: 'r=XyZ9' });
  expect(entryFromQuery({ scene: 's=AB12' })).toEqual({ scene: 's=AB12' });
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
