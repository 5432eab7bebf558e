import { createUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, addStaff, createMerchant, createProduct, startCommerceApi } from './commerce-fixtures.js';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi();
});
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: TestMerchant, token = m.owner.token) => ({ token, headers: { 'x-merchant-id': String(m.id) } });

test('merchant onboarding: apply → pending (no merchant routes) → admin approves → merchant shop with on-sale products', async () => {
  const owner = await createUser(w.t, '店主');
  const applied = await w.t.request('POST', '/merchants', { token: owner.token, body: { name: '云南茶园' } });
  expect(applied.status).toBe(201);
  expect(applied.body).toMatchObject({ name: '云南茶园', status: 'pending', ownerUserId: owner.id, shopId: null, commissionL1Bps: 1000 });
  expect((await w.t.request('POST', '/merchants', { token: owner.token, body: { name: '再申请' } })).status).toBe(409);

  const pendingProducts = await w.t.request('GET', '/merchant/products', { token: owner.token });
  expect(pendingProducts.status).toBe(403);
  expect((await w.t.request('GET', '/merchant/settings', { token: owner.token })).body.status).toBe('pending');
  expect((await w.t.request('POST', `/admin/merchants/${applied.body.id}/approve`, { token: owner.token })).status).toBe(403);

  const pendingList = await w.t.request('GET', '/admin/merchants?status=pending', { token: w.admin.token });
  expect(pendingList.body.items.map((m: any) => m.id)).toContain(applied.body.id);
  const approved = await w.t.request('POST', `/admin/merchants/${applied.body.id}/approve`, { token: w.admin.token });
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('approved');
  expect(approved.body.shopId).toEqual(expect.any(Number));
  expect((await w.t.request('POST', `/admin/merchants/${applied.body.id}/approve`, { token: w.admin.token })).status).toBe(409);

  const m: TestMerchant = { id: applied.body.id, shopId: approved.body.shopId, owner: { ...owner } };
  const p = await createProduct(w, m);
  const [listed] = await w.t.ds.query('SELECT 1 AS ok FROM shop_product WHERE shop_id = $1 AND product_id = $2', [m.shopId, p.id]);
  expect(listed).toEqual({ ok: 1 });
  expect((await w.t.request('GET', '/merchants/mine', { token: owner.token })).body.items).toEqual([
    { merchantId: m.id, name: '云南茶园', status: 'approved', role: 'owner' },
  ]);
});

test('settings: owner updates rates within bounds; staff cannot; bad bps is a 400 naming the field', async () => {
  const m = await createMerchant(w);
  const ok = await w.t.request('PATCH', '/merchant/settings', { ...mh(m), body: { commissionL1Bps: 1500, afterSaleDays: 10, restockOnRefund: false } });
  expect(ok.status).toBe(200);
  expect(ok.body).toMatchObject({ commissionL1Bps: 1500, afterSaleDays: 10, restockOnRefund: false });
  for (const [body, field] of [
    [{ commissionL1Bps: 5001 }, 'commissionL1Bps'],
    [{ commissionL2Bps: -1 }, 'commissionL2Bps'],
    [{ commissionL1Bps: 12.5 }, 'commissionL1Bps'],
    [{ afterSaleDays: 91 }, 'afterSaleDays'],
    [{ colour: 'red' }, 'colour'],
  ] as const) {
    const res = await w.t.request('PATCH', '/merchant/settings', { ...mh(m), body });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  }
  const staff = await createUser(w.t, '店员');
  await addStaff(w, m, staff);
  expect((await w.t.request('PATCH', '/merchant/settings', { ...mh(m, staff.token), body: { commissionL1Bps: 100 } })).status).toBe(403);
  expect((await w.t.request('POST', '/merchant/staff/invitations', mh(m, staff.token))).status).toBe(403);
  // staff can work the catalogue
  expect((await w.t.request('GET', '/merchant/products', mh(m, staff.token))).status).toBe(200);
  const list = await w.t.request('GET', '/merchant/staff', mh(m));
  expect(list.body.items.map((s: any) => s.role).sort()).toEqual(['owner', 'staff']);
  expect((await w.t.request('DELETE', `/merchant/staff/${staff.id}`, mh(m))).status).toBe(200);
  expect((await w.t.request('GET', '/merchant/products', mh(m, staff.token))).status).toBe(403);
});

test('a user in two merchants picks one with X-Merchant-Id', async () => {
  const a = await createMerchant(w, 'A');
  const b = await createMerchant(w, 'B');
  await addStaff(w, b, a.owner);
  const noHeader = await w.t.request('GET', '/merchant/settings', { token: a.owner.token });
  expect(noHeader.status).toBe(400);
  expect(noHeader.body.message).toMatch(/^X-Merchant-Id/);
  expect((await w.t.request('GET', '/merchant/settings', mh(b, a.owner.token))).body.id).toBe(b.id);
  expect((await w.t.request('GET', '/merchant/settings', mh(a))).body.id).toBe(a.id);
  expect((await w.t.request('GET', '/merchant/settings', { token: a.owner.token, headers: { 'x-merchant-id': 'abc' } })).status).toBe(400);
});

test('products: create with SKUs, edit, status, public reads only on-sale', async () => {
  const m = await createMerchant(w);
  const created = await w.t.request('POST', '/merchant/products', {
    ...mh(m),
    body: {
      title: '新疆长绒棉T恤',
      images: ['https://img.example.com/t.jpg'],
      category: '服饰',
      specNames: ['颜色', '尺码'],
      skus: [
        { specValues: ['白', 'M'], price: 6900, listPrice: 9900, stock: 3 },
        { specValues: ['黑', 'L'], price: 7900, stock: 50 },
      ],
      commissionL1Bps: 2000,
    },
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'draft', priceFrom: 6900, commissionL1Bps: 2000, commissionL2Bps: null });
  expect(created.body.skus).toHaveLength(2);
  const id = created.body.id;
  expect((await w.t.request('GET', `/products/${id}`)).status).toBe(404);

  const wrongSpecs = await w.t.request('POST', '/merchant/products', {
    ...mh(m),
    body: { title: 'x', specNames: ['颜色'], skus: [{ specValues: [], price: 100 }] },
  });
  expect(wrongSpecs.status).toBe(400);
  expect(wrongSpecs.body.message).toMatch(/^skus\.0\.specValues/);

  const edited = await w.t.request('PATCH', `/merchant/products/${id}`, { ...mh(m), body: { subtitle: '透气', commissionL1Bps: null } });
  expect(edited.body).toMatchObject({ subtitle: '透气', commissionL1Bps: null });
  const onSale = await w.t.request('POST', `/merchant/products/${id}/status`, { ...mh(m), body: { status: 'on_sale' } });
  expect(onSale.body.status).toBe('on_sale');
  const publicView = await w.t.request('GET', `/products/${id}`);
  expect(publicView.status).toBe(200);
  expect(publicView.body.title).toBe('新疆长绒棉T恤');
  const listed = await w.t.request('GET', `/products?merchantId=${m.id}`);
  expect(listed.body.items.map((p: any) => p.id)).toEqual([id]);

  const sku = await w.t.request('PATCH', `/merchant/skus/${created.body.skus[0].id}`, { ...mh(m), body: { price: 5900 } });
  expect(sku.body.price).toBe(5900);
  const added = await w.t.request('POST', `/merchant/products/${id}/skus`, { ...mh(m), body: { specValues: ['红', 'XL'], price: 8900 } });
  expect(added.status).toBe(201);

  await w.t.request('POST', `/merchant/products/${id}/status`, { ...mh(m), body: { status: 'off_sale' } });
  expect((await w.t.request('GET', `/products/${id}`)).status).toBe(404);
  expect((await w.t.request('GET', `/merchant/products/${id}`, mh(m))).body.status).toBe('off_sale');
});

test('stock: adjustments with history; never below zero; low-stock list', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [
    { price: 100, stock: 5 },
    { price: 100, stock: 500 },
  ]);
  const skuId = p.skuIds[0]!;
  const plus = await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: 10, reason: '到货' } });
  expect(plus.status).toBe(201);
  expect(plus.body).toMatchObject({ delta: 10, stockAfter: 15, reason: '到货', actorUserId: m.owner.id });
  const tooMuch = await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: -16, reason: '盘亏' } });
  expect(tooMuch.status).toBe(409);
  expect(tooMuch.body.code).toBe('STOCK_NEGATIVE');
  const minus = await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: -15, reason: '盘亏' } });
  expect(minus.body.stockAfter).toBe(0);
  const zero = await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: 0, reason: 'x' } });
  expect(zero.status).toBe(400);
  expect(zero.body.message).toMatch(/^delta/);
  const history = await w.t.request('GET', `/merchant/skus/${skuId}/stock-adjustments`, mh(m));
  expect(history.body.items.map((a: any) => a.delta)).toEqual([-15, 10, 5]);
  const low = await w.t.request('GET', '/merchant/stock/low?threshold=10', mh(m));
  expect(low.body.items.map((s: any) => s.id)).toEqual([skuId]);
  expect(low.body.items[0].productTitle).toBe('测试商品');

  // concurrent decrements can never take stock below zero together
  await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: 10, reason: '到货' } });
  const results = await Promise.all(
    Array.from({ length: 8 }, () => w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: -3, reason: '出库' } })),
  );
  expect(results.filter((r) => r.status === 201)).toHaveLength(3);
  const [{ stock }] = await w.t.ds.query('SELECT stock FROM sku WHERE id = $1', [skuId]);
  expect(stock).toBe(1);
});

test('the OpenAPI document lists the commerce routes with their schemas', async () => {
  const doc = (await w.t.request('GET', '/docs/openapi.json')).body;
  for (const path of [
    '/api/v1/orders',
    '/api/v1/orders/{id}/pay',
    '/api/v1/merchant/products',
    '/api/v1/merchant/orders/{id}/ship',
    '/api/v1/merchants',
    '/api/v1/products/{id}',
  ]) {
    expect(Object.keys(doc.paths)).toContain(path);
  }
  const body = doc.paths['/api/v1/orders'].post.requestBody.content['application/json'].schema;
  expect(body.properties.items.items.properties.quantity).toMatchObject({ type: 'integer', minimum: 1, maximum: 999 });
});
