import { PlatformSettingsService } from '../src/platform/settings.service.js';
import { createUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, createMerchant, startCommerceApi } from './commerce-fixtures.js';

/**
 * The merchant's edit page saves a product in one PATCH: fields, SKU changes, new SKUs and the shelf
 * status, all or nothing. Isolated database: the platform-rules test changes platform-wide settings.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ isolatedDatabase: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: TestMerchant, token = m.owner.token) => ({ token, headers: { 'x-merchant-id': String(m.id) } });

/** A two-colour product: 白 ¥69.00 (stock 3) and 黑 ¥79.00 (stock 50). */
async function teeShirt(m: TestMerchant, status: 'draft' | 'on_sale' = 'on_sale') {
  const res = await w.t.request('POST', '/merchant/products', {
    ...mh(m),
    body: {
      title: '长绒棉T恤',
      description: '旧描述',
      images: ['/static/demo/p1.svg'],
      specNames: ['颜色'],
      status,
      skus: [
        { specValues: ['白'], price: 6900, stock: 3 },
        { specValues: ['黑'], price: 7900, stock: 50 },
      ],
    },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id as number, white: res.body.skus[0].id as number, black: res.body.skus[1].id as number };
}

/** Everything an edit could touch, to prove a refused edit changed nothing. */
async function snapshot(productId: number) {
  return w.t.ds.query(
    `SELECT (SELECT row_to_json(p) FROM product p WHERE id = $1) AS product,
            (SELECT json_agg(s ORDER BY id) FROM sku s WHERE product_id = $1) AS skus,
            (SELECT count(*)::int FROM stock_adjustment a JOIN sku s ON s.id = a.sku_id WHERE s.product_id = $1) AS adjustments,
            (SELECT count(*)::int FROM shop_product WHERE product_id = $1) AS listings`,
    [productId],
  );
}

test('one save edits fields, prices, disables a SKU, adds one with stock, and puts the product on the shelf', async () => {
  const m = await createMerchant(w);
  const p = await teeShirt(m, 'draft');
  expect((await w.t.request('GET', `/products/${p.id}`)).status).toBe(404);

  const saved = await w.t.request('PATCH', `/merchant/products/${p.id}`, {
    ...mh(m),
    body: {
      title: '新疆长绒棉T恤',
      description: '透气，不起球',
      images: ['/uploads/1/0123456789abcdef0123456789abcdef.jpg', '/static/demo/p2.svg'],
      status: 'on_sale',
      skus: [
        { id: p.white, price: 5900, listPrice: 9900 },
        { id: p.black, active: false },
      ],
      newSkus: [{ specValues: ['红'], price: 8900, stock: 5 }],
    },
  });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ title: '新疆长绒棉T恤', description: '透气，不起球', status: 'on_sale', priceFrom: 5900 });
  expect(saved.body.images).toEqual(['/uploads/1/0123456789abcdef0123456789abcdef.jpg', '/static/demo/p2.svg']);
  expect(saved.body.skus.map((s: any) => [s.specValues[0], s.price, s.listPrice, s.stock, s.active])).toEqual([
    ['白', 5900, 9900, 3, true],
    ['黑', 7900, null, 50, false],
    ['红', 8900, null, 5, true],
  ]);
  // the new SKU's stock has its history, like any other
  const red = saved.body.skus[2].id;
  const history = await w.t.request('GET', `/merchant/skus/${red}/stock-adjustments`, mh(m));
  expect(history.body.items).toEqual([expect.objectContaining({ delta: 5, stockAfter: 5, reason: '初始库存', actorUserId: m.owner.id })]);
  // on the shelf: public, and listed in the merchant's own shop
  const pub = await w.t.request('GET', `/products/${p.id}`);
  expect(pub.status).toBe(200);
  expect(pub.body.title).toBe('新疆长绒棉T恤');
  const [listed] = await w.t.ds.query('SELECT 1 AS ok FROM shop_product WHERE shop_id = $1 AND product_id = $2', [m.shopId, p.id]);
  expect(listed).toEqual({ ok: 1 });

  // off the shelf and back, through the same save
  const off = await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { status: 'off_sale' } });
  expect(off.body.status).toBe('off_sale');
  expect((await w.t.request('GET', `/products/${p.id}`)).status).toBe(404);
  const back = await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { status: 'on_sale', skus: [{ id: p.black, active: true }] } });
  expect(back.body.skus.map((s: any) => s.active)).toEqual([true, true, true]);
  expect((await w.t.request('GET', `/products/${p.id}`)).status).toBe(200);
});

test('bad input anywhere in the save is a 400 naming the field, and nothing changes', async () => {
  const m = await createMerchant(w);
  const p = await teeShirt(m);
  const other = await teeShirt(m); // another product of the same merchant
  const before = await snapshot(p.id);
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(61) }, 'title'],
    [{ images: ['javascript:alert(1)'] }, 'images.0'],
    [{ price: 100 }, 'price'],
    [{ status: 'deleted' }, 'status'],
    [{ title: '改名', skus: [{ id: p.white, price: 0 }] }, 'skus.0.price'],
    [{ skus: [{ id: p.white, price: 12.5 }] }, 'skus.0.price'],
    [{ skus: [{ id: p.white, stock: 100 }] }, 'skus.0.stock'], // stock only through adjustments
    [
      {
        skus: [
          { id: p.white, price: 100 },
          { id: p.white, active: false },
        ],
      },
      'skus',
    ],
    [{ title: '改名', newSkus: [{ specValues: ['红'], price: 100 }], skus: [{ id: other.white, price: 100 }] }, 'skus.0.id'],
    [{ newSkus: [{ specValues: ['白'], price: 100 }] }, 'newSkus.0.specValues'], // 白 exists
    [{ newSkus: [{ specValues: [], price: 100 }] }, 'newSkus.0.specValues'], // one spec per spec name
    [{ newSkus: [{ specValues: ['红'], price: 100, stock: -1 }] }, 'newSkus.0.stock'],
    [{ skus: [{ id: p.black, specValues: ['白'] }] }, 'skus.0.specValues'],
    [{ specNames: ['颜色', '尺码'] }, 'specNames'],
    [
      {
        title: '改名',
        skus: [
          { id: p.white, active: false },
          { id: p.black, active: false },
        ],
      },
      'skus.0.active',
    ], // on sale needs one
    [{ newSkus: Array.from({ length: 49 }, (_, i) => ({ specValues: [`色${i}`], price: 100 })) }, 'newSkus'], // 2 + 49 > 50
  ];
  for (const [body, field] of cases) {
    const res = await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body });
    expect({ body, status: res.status, field: res.body.message?.split(':')[0] }).toEqual({ body, status: 400, field });
    expect(res.body.details?.[0]?.field).toBe(field);
  }
  expect(await snapshot(p.id)).toEqual(before);
});

test('tenants: another merchant gets 404 for the product and cannot reach its SKUs through its own', async () => {
  const a = await createMerchant(w, '商家A');
  const b = await createMerchant(w, '商家B');
  const pa = await teeShirt(a);
  const pb = await teeShirt(b);
  const before = await snapshot(pa.id);
  expect((await w.t.request('PATCH', `/merchant/products/${pa.id}`, { ...mh(b), body: { title: '抢走' } })).status).toBe(404);
  const viaOwn = await w.t.request('PATCH', `/merchant/products/${pb.id}`, { ...mh(b), body: { skus: [{ id: pa.white, price: 1 }] } });
  expect([viaOwn.status, viaOwn.body.message.split(':')[0]]).toEqual([400, 'skus.0.id']);
  expect((await w.t.request('PATCH', `/merchant/skus/${pa.white}`, { ...mh(b), body: { price: 1 } })).status).toBe(404);
  // a buyer is not a merchant at all
  const buyer = await createUser(w.t);
  expect((await w.t.request('PATCH', `/merchant/products/${pa.id}`, { token: buyer.token, body: { title: 'x' } })).status).toBe(403);
  expect(await snapshot(pa.id)).toEqual(before);
});

test('the one-SKU route follows the same rules: the last enabled SKU of an on-sale product stays, specs must fit', async () => {
  const m = await createMerchant(w);
  const p = await teeShirt(m);
  expect((await w.t.request('PATCH', `/merchant/skus/${p.black}`, { ...mh(m), body: { active: false } })).status).toBe(200);
  const last = await w.t.request('PATCH', `/merchant/skus/${p.white}`, { ...mh(m), body: { active: false } });
  expect([last.status, last.body.message.split(':')[0]]).toEqual([400, 'active']);
  const specs = await w.t.request('PATCH', `/merchant/skus/${p.white}`, { ...mh(m), body: { specValues: ['白', 'XL'] } });
  expect([specs.status, specs.body.message.split(':')[0]]).toEqual([400, 'specValues']);
  // off the shelf, every SKU may be disabled
  await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { status: 'off_sale' } });
  expect((await w.t.request('PATCH', `/merchant/skus/${p.white}`, { ...mh(m), body: { active: false } })).status).toBe(200);
});

test('two saves racing to disable the two SKUs of an on-sale product: the row lock lets only one win', async () => {
  const m = await createMerchant(w);
  for (let round = 0; round < 5; round++) {
    const p = await teeShirt(m);
    const [one, two] = await Promise.all([
      w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { skus: [{ id: p.white, active: false }] } }),
      w.t.request('PATCH', `/merchant/skus/${p.black}`, { ...mh(m), body: { active: false } }),
    ]);
    expect([one.status, two.status].sort()).toEqual([200, 400]);
    const [{ active }] = await w.t.ds.query('SELECT count(*)::int AS active FROM sku WHERE product_id = $1 AND active', [p.id]);
    expect(active).toBe(1);
  }
});

test('platform rules: the commission page reads the limits in force, not the defaults', async () => {
  const m = await createMerchant(w);
  const defaults = await w.t.request('GET', '/merchant/platform-rules', mh(m));
  expect(defaults.status).toBe(200);
  expect(defaults.body).toEqual({ commissionLevels: 1, commissionCapBps: 3000, maxLevelBps: 5000, hardMaxTotalBps: 5000, afterSaleDaysFallback: 7 });
  const changed = await w.t.request('PUT', '/admin/settings', {
    token: w.admin.token,
    body: { commissionLevels: 2, acknowledgeMultiLevelRisk: true, commissionCapBps: 2000 },
  });
  expect(changed.status).toBe(200);
  w.t.api.app.get(PlatformSettingsService).invalidate();
  expect((await w.t.request('GET', '/merchant/platform-rules', mh(m))).body).toMatchObject({ commissionLevels: 2, commissionCapBps: 2000 });
  expect((await w.t.request('GET', '/merchant/platform-rules', { token: (await createUser(w.t)).token })).status).toBe(403);
  expect((await w.t.request('GET', '/merchant/platform-rules')).status).toBe(401);
});
