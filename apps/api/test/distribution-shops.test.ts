import { decodeShopScene, encodeShopScene } from '@shareshop/common';
import type { CommerceWorld } from './commerce-fixtures.js';
import { clone, createUser, setSettings, sqlMerchant, startDistributionApi } from './distribution-fixtures.js';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi({ sandbox: true });
});
afterAll(async () => {
  await w?.t.close();
});

describe('platform settings', () => {
  test('defaults are the compliant ones; only admins read or change them', async () => {
    const res = await w.t.request('GET', '/admin/settings', { token: w.admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      commissionLevels: 1,
      commissionCapBps: 3000,
      selfPurchaseCommission: false,
      bindingMode: 'first_touch',
      shopProductLimit: 50,
      withdrawalMinFen: 100,
    });
    const user = await createUser(w.t);
    expect((await w.t.request('GET', '/admin/settings', { token: user.token })).status).toBe(403);
    expect((await w.t.request('PUT', '/admin/settings', { token: user.token, body: { commissionLevels: 0 } })).status).toBe(403);
  });

  test('2 or 3 levels are refused without the acknowledgement, quoting the rule', async () => {
    for (const levels of [2, 3]) {
      const res = await w.t.request('PUT', '/admin/settings', { token: w.admin.token, body: { commissionLevels: levels } });
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(/^commissionLevels: .*acknowledgeMultiLevelRisk/);
      expect(res.body.message).toMatch(/5\.9/);
      expect(res.body.message).toMatch(/禁止传销条例/);
    }
    const ok = await w.t.request('PUT', '/admin/settings', { token: w.admin.token, body: { commissionLevels: 3, acknowledgeMultiLevelRisk: true } });
    expect(ok.status).toBe(200);
    expect(ok.body.commissionLevels).toBe(3);
    expect(ok.body.multiLevelAcknowledgement).toMatchObject({ by: w.admin.id });
    await setSettings(w, { commissionLevels: 1 });
  });

  test('more than 3 levels, a cap above 50% and unknown fields are impossible', async () => {
    const put = (body: unknown) => w.t.request('PUT', '/admin/settings', { token: w.admin.token, body });
    expect((await put({ commissionLevels: 4, acknowledgeMultiLevelRisk: true })).body.message).toMatch(/^commissionLevels:/);
    const cap = await put({ commissionCapBps: 5001 });
    expect(cap.status).toBe(400);
    expect(cap.body.message).toMatch(/^commissionCapBps: .*50%/);
    expect((await put({ signupBonusFen: 100 })).body.message).toMatch(/signupBonusFen: 不支持的字段/);
    expect((await put({ withdrawalMinFen: 10_000, withdrawalDailyLimitFen: 5_000 })).status).toBe(400);
  });
});

describe('shops', () => {
  test('a shop page shows the face, the owner and on-sale products with min price and stock', async () => {
    const m = await sqlMerchant(w, { products: [{ price: 1990 }, { price: 990 }, { price: 500 }] });
    await w.t.ds.query('INSERT INTO sku (product_id, merchant_id, price, stock) VALUES ($1, $2, 1500, 7)', [m.products[0]!.id, m.id]);
    await w.t.ds.query(`UPDATE product SET status = 'off_sale' WHERE id = $1`, [m.products[2]!.id]);
    const res = await w.t.request('GET', `/shops/${m.shopId}?pageSize=1`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: m.shopId, kind: 'merchant', name: '商家店', theme: 'green', owner: { nickname: '商家', userId: m.owner.id } });
    expect(res.body.products).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(res.body.products.items[0]).toMatchObject({ id: m.products[0]!.id, minPrice: 1500, stock: 107, image: '/p.png' });
    const page2 = await w.t.request('GET', `/shops/${m.shopId}?page=2&pageSize=1`);
    expect(page2.body.products).toMatchObject({ total: 2, page: 2, items: [{ id: m.products[1]!.id, minPrice: 990, stock: 100 }] });
    expect((await w.t.request('GET', '/shops/999999999')).status).toBe(404);
    expect((await w.t.request('GET', '/shops/abc')).body.message).toMatch(/^id:/);
  });

  test('the default shop is the seeded demo shop, else the oldest merchant shop', async () => {
    const [oldest] = await w.t.ds.query(`SELECT id FROM shop WHERE kind = 'merchant' ORDER BY id LIMIT 1`);
    expect((await w.t.request('GET', '/shops/default')).body.id).toBe(oldest.id);
    const m = await sqlMerchant(w);
    await w.t.ds.query(`INSERT INTO platform_setting (key, value) VALUES ('demo.seeded', $1)`, [JSON.stringify({ shopId: m.shopId })]);
    expect((await w.t.request('GET', '/shops/default')).body.id).toBe(m.shopId);
    await w.t.ds.query(`DELETE FROM platform_setting WHERE key = 'demo.seeded'`);
  });

  test('one-tap clone: copies selection and decoration, makes a distributor, binds, is idempotent and free', async () => {
    const m = await sqlMerchant(w);
    const alice = await createUser(w.t, 'Alice');
    const a = await clone(w, alice, m.shopId);
    expect(a).toMatchObject({
      created: true,
      kind: 'distributor',
      name: 'Alice的小店',
      theme: 'green',
      bannerUrl: '/b.png',
      productIds: m.products.map((p) => p.id),
    });
    // a merchant's shop is a supplier, not a referrer
    expect(a.binding).toMatchObject({ outcome: 'refused', reason: 'merchant_shop' });

    const bob = await createUser(w.t, 'Bob');
    const b = await clone(w, bob, a.id);
    expect(b).toMatchObject({ created: true, clonedFromShopId: a.id, productIds: a.productIds, binding: { outcome: 'bound', uplineUserId: alice.id } });
    const again = await clone(w, bob, m.shopId);
    expect(again).toMatchObject({ id: b.id, created: false });
    const [u] = await w.t.ds.query('SELECT is_distributor, upline1_id FROM app_user WHERE id = $1', [bob.id]);
    expect(u).toEqual({ is_distributor: true, upline1_id: alice.id });
    // nothing was charged: no ledger posting mentions Bob
    const [{ n }] = await w.t.ds.query(`SELECT count(*)::int AS n FROM ledger_account WHERE owner_type = 'user' AND owner_id = $1`, [bob.id]);
    expect(n).toBe(0);
  });

  test('concurrent clones by one user make one shop', async () => {
    const m = await sqlMerchant(w);
    const carol = await createUser(w.t, 'Carol');
    const results = await Promise.all([1, 2, 3, 4].map(() => clone(w, carol, m.shopId)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  test('owner routes: decorate, choose products within the limit from the library', async () => {
    const m = await sqlMerchant(w, { products: [{ price: 100 }, { price: 200 }, { price: 300 }] });
    const pending = await sqlMerchant(w);
    await w.t.ds.query(`UPDATE merchant SET status = 'pending' WHERE id = $1`, [pending.id]);
    const dave = await createUser(w.t, 'Dave');
    expect((await w.t.request('GET', '/shops/mine', { token: dave.token })).status).toBe(404);
    await clone(w, dave, m.shopId);

    const patched = await w.t.request('PATCH', '/shops/mine', { token: dave.token, body: { name: '戴夫好物', theme: 'blue' } });
    expect(patched.body).toMatchObject({ name: '戴夫好物', theme: 'blue' });
    expect((await w.t.request('PATCH', '/shops/mine', { token: dave.token, body: { theme: 'pink' } })).body.message).toMatch(/^theme:/);
    expect((await w.t.request('PATCH', '/shops/mine', { token: dave.token, body: {} })).status).toBe(400);

    const ids = [m.products[2]!.id, m.products[0]!.id];
    const put = await w.t.request('PUT', '/shops/mine/products', { token: dave.token, body: { productIds: ids } });
    expect(put.body.productIds).toEqual(ids);
    const notInLibrary = await w.t.request('PUT', '/shops/mine/products', {
      token: dave.token,
      body: { productIds: [m.products[0]!.id, pending.products[0]!.id] },
    });
    expect(notInLibrary.status).toBe(400);
    expect(notInLibrary.body.message).toMatch(/^productIds\.1:/);
    await setSettings(w, { shopProductLimit: 2 });
    const over = await w.t.request('PUT', '/shops/mine/products', { token: dave.token, body: { productIds: m.products.map((p) => p.id) } });
    expect(over.body.message).toMatch(/^productIds: 最多选择 2 件/);
    await setSettings(w, { shopProductLimit: 50 });
    const shown = await w.t.request('GET', `/shops/${put.body.id}`);
    expect(shown.body.products.items.map((p: { id: number }) => p.id)).toEqual(ids);
  });

  test('the shop code is a PNG from WeChat whose scene resolves back to shop and referrer', async () => {
    const m = await sqlMerchant(w);
    const erin = await createUser(w.t, 'Erin');
    const shop = await clone(w, erin, m.shopId);
    expect(shop.share.scene.length).toBeLessThanOrEqual(32);
    const png = await fetch(`${w.t.url}/api/v1/shops/mine/code`, { headers: { authorization: `Bearer ${erin.token}` } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toMatch(/image\/png/);
    expect([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const resolved = await w.t.request('POST', '/referrals/resolve', { body: { scene: shop.share.scene } });
    expect(resolved.body).toEqual({ shopId: shop.id, referralCode: shop.referralCode, referrer: { nickname: 'Erin', avatarUrl: null } });
    expect((await w.t.request('POST', '/referrals/resolve', { body: { scene: 's=zzzzzzzzzzz&r=!!' } })).body).toEqual({
      shopId: null,
      referralCode: null,
      referrer: null,
    });
  });
});

test('scene encoding stays within 32 characters for any id and code', () => {
  const scene = encodeShopScene({ shopId: Number.MAX_SAFE_INTEGER, ref: 'ABCDEFGHJKMNPQRS' });
  expect(scene.length).toBeLessThanOrEqual(32);
  expect(decodeShopScene(scene)).toEqual({ shopId: Number.MAX_SAFE_INTEGER, ref: 'ABCDEFGHJKMNPQRS' });
  expect(decodeShopScene(encodeURIComponent('s=1z&r=ABCD2345'))).toEqual({ shopId: 71, ref: 'ABCD2345' });
});
