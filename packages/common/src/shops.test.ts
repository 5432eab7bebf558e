import { decodeShopScene, encodeShopScene } from './share.js';
import { maskNickname } from './shops.js';
import { UpdateProductBody } from './catalog.js';

test('nicknames shown to shop owners keep only the first and last character', () => {
  expect(maskNickname('Carol')).toBe('C***l');
  expect(maskNickname('张三')).toBe('张*');
  expect(maskNickname('李')).toBe('*');
  expect(maskNickname('  ')).toBe('匿名用户');
  // at most three stars, so the length of a long name does not show either
  expect(maskNickname('Christopher')).toBe('C***r');
  // emoji are one character, never split into broken surrogates
  expect(maskNickname('🐱小猫咪😀')).toBe('🐱***😀');
});

test('scene round trip still holds next to the new helpers', () => {
  expect(decodeShopScene(encodeShopScene({ shopId: 123456, ref: 'AB12' }))).toEqual({ shopId: 123456, ref: 'AB12' });
});

test('product edit body: SKU patches are strict, unique by id, and new SKUs get defaults', () => {
  const ok = UpdateProductBody.parse({ skus: [{ id: 1, price: 100 }], newSkus: [{ price: 200 }] });
  expect(ok.newSkus?.[0]).toEqual({ specValues: [], price: 200, stock: 0, code: '' });
  const dup = UpdateProductBody.safeParse({
    skus: [
      { id: 1, active: false },
      { id: 1, price: 5 },
    ],
  });
  expect(dup.success).toBe(false);
  expect(dup.error?.issues[0]?.path).toEqual(['skus']);
  const stockOnPatch = UpdateProductBody.safeParse({ skus: [{ id: 1, stock: 5 }] });
  expect(stockOnPatch.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', path: ['skus', 0] });
  expect(UpdateProductBody.safeParse({ newSkus: [{ price: 0 }] }).error?.issues[0]?.path).toEqual(['newSkus', 0, 'price']);
});
