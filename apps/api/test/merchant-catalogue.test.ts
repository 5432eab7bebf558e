import { HotStockService } from '../src/catalog/hot-stock.service.js';
import { type CommerceWorld, type TestMerchant, createMerchant, skuStock, startCommerceApi } from './commerce-fixtures.js';

/**
 * The merchant product editor and stock page (issue 15): categories, main image to publish, rich detail,
 * multi-spec SKU matrix, per-product commission within the merchant's 50% rule, stock counts (absolute
 * values) that keep hot-stock slots, per-merchant low-stock threshold and the per-SKU stock history.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi();
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const IMG = '/static/demo/p1.svg';

/** 颜色 × 尺码 = 2 × 3 rows, each with price, 划线价, stock and code. */
const matrix = () =>
  ['白色', '黑色'].flatMap((c, i) =>
    ['M', 'L', 'XL'].map((s, j) => ({ specValues: [c, s], price: 6900 + j * 500, listPrice: 9900, stock: 10 * (i + 1) + j, code: `T-${i}${j}` })),
  );

async function product(m: TestMerchant, body: Record<string, unknown> = {}) {
  const res = await w.t.request('POST', '/merchant/products', {
    ...mh(m),
    body: { title: '长绒棉T恤', images: [IMG, '/static/demo/p2.svg'], specNames: ['颜色', '尺码'], skus: matrix(), status: 'on_sale', ...body },
  });
  expect(res.status).toBe(201);
  return res.body;
}

test('GET /categories lists the platform categories; a product takes one of them or none', async () => {
  const list = await w.t.request('GET', '/categories');
  expect(list.status).toBe(200);
  expect(list.body.items.map((c: any) => c.name)).toEqual(expect.arrayContaining(['食品', '服饰', '家居', '其他']));
  // the seeded order (sort_order), each item exactly { id, name, parentId } in that key order
  expect(list.body.items.slice(0, 2)).toEqual([
    { id: expect.any(Number), name: '食品', parentId: null },
    { id: expect.any(Number), name: '茶饮', parentId: null },
  ]);
  expect(Object.keys(list.body.items[0])).toEqual(['id', 'name', 'parentId']);
  const m = await createMerchant(w);
  const p = await product(m, { category: '服饰' });
  expect(p.category).toBe('服饰');
  const unknown = await w.t.request('POST', '/merchant/products', { ...mh(m), body: { title: 'x', category: '军火', skus: [{ price: 100 }] } });
  expect(unknown.status).toBe(400);
  expect(unknown.body.message).toMatch(/^category: /);
  const edit = await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { category: '不存在的类目' } });
  expect(edit.status).toBe(400);
  expect(edit.body.message).toMatch(/^category: /);
  expect((await w.t.request('GET', `/merchant/products/${p.id}`, mh(m))).body.category).toBe('服饰');
});

test('a 颜色 × 尺码 product keeps its six rows with price, list price, stock and code, gallery in order', async () => {
  const m = await createMerchant(w);
  const p = await product(m);
  expect(p.images).toEqual([IMG, '/static/demo/p2.svg']);
  expect(p.skus.map((s: any) => [s.specValues.join('/'), s.price, s.listPrice, s.stock, s.code])).toEqual(
    matrix().map((s) => [s.specValues.join('/'), s.price, 9900, s.stock, s.code]),
  );
  // removing a size value disables its rows and keeps the others' edits (what the editor sends)
  const xl = p.skus.filter((s: any) => s.specValues[1] === 'XL').map((s: any) => ({ id: s.id, active: false }));
  const white = p.skus.find((s: any) => s.specValues.join() === '白色,M');
  const saved = await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { skus: [...xl, { id: white.id, price: 5900, code: 'W-M' }] } });
  expect(saved.status).toBe(200);
  expect(saved.body.skus.filter((s: any) => s.active).map((s: any) => s.specValues.join('/'))).toEqual(['白色/M', '白色/L', '黑色/M', '黑色/L']);
  expect(saved.body.skus.find((s: any) => s.id === white.id)).toMatchObject({ price: 5900, code: 'W-M', listPrice: 9900 });
});

test('publishing needs a main image: create, edit and the status switch refuse without one, naming images', async () => {
  const m = await createMerchant(w);
  const create = await w.t.request('POST', '/merchant/products', { ...mh(m), body: { title: '无图商品', status: 'on_sale', skus: [{ price: 100 }] } });
  expect(create.status).toBe(400);
  expect(create.body.message).toMatch(/^images: .*主图/);
  expect(create.body.details).toEqual([expect.objectContaining({ field: 'images' })]);

  const draft = await w.t.request('POST', '/merchant/products', { ...mh(m), body: { title: '无图草稿', skus: [{ price: 100 }] } });
  expect(draft.status).toBe(201);
  const viaStatus = await w.t.request('POST', `/merchant/products/${draft.body.id}/status`, { ...mh(m), body: { status: 'on_sale' } });
  expect(viaStatus.status).toBe(409);
  expect(viaStatus.body.code).toBe('MAIN_IMAGE_REQUIRED');
  expect(viaStatus.body.message).toMatch(/^images: /);
  const viaEdit = await w.t.request('PATCH', `/merchant/products/${draft.body.id}`, { ...mh(m), body: { status: 'on_sale' } });
  expect(viaEdit.status).toBe(400);
  expect(viaEdit.body.message).toMatch(/^images: /);
  expect((await w.t.request('GET', `/merchant/products/${draft.body.id}`, mh(m))).body.status).toBe('draft');

  const withImage = await w.t.request('PATCH', `/merchant/products/${draft.body.id}`, { ...mh(m), body: { status: 'on_sale', images: [IMG] } });
  expect(withImage.body.status).toBe('on_sale');
  const emptied = await w.t.request('PATCH', `/merchant/products/${draft.body.id}`, { ...mh(m), body: { images: [] } });
  expect(emptied.status).toBe(400);
  expect(emptied.body.message).toMatch(/^images: /);
  expect((await w.t.request('GET', `/merchant/products/${draft.body.id}`, mh(m))).body.images).toEqual([IMG]);
});

test('rich description: ordered text and image blocks round-trip; bad blocks are 400 naming the block', async () => {
  const m = await createMerchant(w);
  const detail = [
    { type: 'text', text: '新疆长绒棉，\n透气不起球。' },
    { type: 'image', url: '/static/demo/p2.svg' },
    { type: 'text', text: '建议冷水手洗。' },
  ];
  const p = await product(m, { detail });
  expect(p.detail).toEqual(detail);
  expect((await w.t.request('GET', `/products/${p.id}`)).body.detail).toEqual(detail);
  const cases: Array<[unknown, string]> = [
    [[{ type: 'image', url: 'javascript:alert(1)' }], 'detail.0.url'],
    [
      [
        { type: 'text', text: '好' },
        { type: 'video', url: IMG },
      ],
      'detail.1',
    ],
    [[{ type: 'text', text: '' }], 'detail.0.text'],
    [[{ type: 'text', text: 'a\u0000b' }], 'detail.0.text'],
    ['一段文字', 'detail'],
  ];
  for (const [bad, field] of cases) {
    const res = await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { detail: bad } });
    expect([field, res.status]).toEqual([field, 400]);
    expect(res.body.message.startsWith(`${field}`)).toBe(true);
  }
  expect((await w.t.request('GET', `/merchant/products/${p.id}`, mh(m))).body.detail).toEqual(detail);
});

test('per-product commission override stays within 50% together with the merchant rates it does not override', async () => {
  const m = await createMerchant(w);
  expect((await w.t.request('PATCH', '/merchant/settings', { ...mh(m), body: { commissionL1Bps: 1000, commissionL2Bps: 1500 } })).status).toBe(200);
  // 4000 + the merchant's 1500 at level 2 = 5500
  const over = await w.t.request('POST', '/merchant/products', { ...mh(m), body: { title: 'x', skus: [{ price: 100 }], commissionL1Bps: 4000 } });
  expect(over.status).toBe(400);
  expect(over.body.message).toMatch(/^commissionL1Bps: 三级佣金合计不能超过 5000/);
  const ok = await w.t.request('POST', '/merchant/products', { ...mh(m), body: { title: 'x', skus: [{ price: 100 }], commissionL1Bps: 3500 } });
  expect(ok.status).toBe(201);
  // the stored 3500 stays: raising level 2 to 2000 would make 5500
  const edit = await w.t.request('PATCH', `/merchant/products/${ok.body.id}`, { ...mh(m), body: { commissionL2Bps: 2000 } });
  expect(edit.status).toBe(400);
  expect(edit.body.message).toMatch(/^commissionL2Bps: /);
  const lower = await w.t.request('PATCH', `/merchant/products/${ok.body.id}`, { ...mh(m), body: { commissionL1Bps: 2000, commissionL2Bps: 2000 } });
  expect(lower.body).toMatchObject({ commissionL1Bps: 2000, commissionL2Bps: 2000 });
  // the merchant's own rule is unchanged
  const settings = await w.t.request('PATCH', '/merchant/settings', { ...mh(m), body: { commissionL1Bps: 4000 } });
  expect(settings.status).toBe(400);
  expect(settings.body.message).toMatch(/^commissionL1Bps: 三级佣金合计不能超过 5000/);
});

test('stock count sets an absolute value with history; a hot SKU keeps its slots and the total is exact', async () => {
  const m = await createMerchant(w);
  const p = await product(m, { specNames: [], skus: [{ price: 1000, stock: 40 }] });
  const skuId = p.skus[0].id;
  const set = await w.t.request('POST', `/merchant/skus/${skuId}/stock`, { ...mh(m), body: { stock: 25, reason: '月底盘点' } });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ kind: 'set', delta: -15, stockAfter: 25, reason: '月底盘点' });
  expect(await skuStock(w, skuId)).toBe(25);

  await w.t.api.app.get(HotStockService).split(skuId);
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM sku_stock_slot WHERE sku_id = $1 AND stock > 0', [skuId]);
  expect(n).toBeGreaterThan(1);
  const setHot = await w.t.request('POST', `/merchant/skus/${skuId}/stock`, { ...mh(m), body: { stock: 100 } });
  expect(setHot.body).toMatchObject({ kind: 'set', delta: 75, stockAfter: 100, reason: '盘点' });
  expect(await skuStock(w, skuId)).toBe(100);
  const [{ slots }] = await w.t.ds.query('SELECT count(*)::int AS slots FROM sku_stock_slot WHERE sku_id = $1', [skuId]);
  expect(slots).toBeGreaterThan(1); // still split: orders keep reserving from the slots
  const down = await w.t.request('POST', `/merchant/skus/${skuId}/stock`, { ...mh(m), body: { stock: 3 } });
  expect(down.body).toMatchObject({ delta: -97, stockAfter: 3 });
  expect(await skuStock(w, skuId)).toBe(3);
  const adjust = await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: 7, reason: '补货' } });
  expect(adjust.body).toMatchObject({ kind: 'adjust', delta: 7, stockAfter: 10 });

  const history = await w.t.request('GET', `/merchant/skus/${skuId}/stock-adjustments`, mh(m));
  expect(history.body.items.map((h: any) => [h.kind, h.delta, h.stockAfter])).toEqual([
    ['adjust', 7, 10],
    ['set', -97, 3],
    ['set', 75, 100],
    ['set', -15, 25],
    ['initial', 40, 40],
  ]);
});

test("stock count: bad input is 400 naming the field; other merchants' SKUs are 404; nothing changes", async () => {
  const m = await createMerchant(w);
  const other = await createMerchant(w);
  const skuId = (await product(m, { specNames: [], skus: [{ price: 1000, stock: 5 }] })).skus[0].id;
  for (const [body, field] of [
    [{ stock: -1 }, 'stock'],
    [{ stock: 1.5 }, 'stock'],
    [{ stock: '10' }, 'stock'],
    [{ stock: 10_000_001 }, 'stock'],
    [{}, 'stock'],
    [{ stock: 1, reason: 'a\nb' }, 'reason'],
    [{ stock: 1, extra: 1 }, 'extra'],
  ] as const) {
    const res = await w.t.request('POST', `/merchant/skus/${skuId}/stock`, { ...mh(m), body });
    expect([field, res.status]).toEqual([field, 400]);
    expect(res.body.message.startsWith(field)).toBe(true);
  }
  expect((await w.t.request('POST', `/merchant/skus/${skuId}/stock`, { ...mh(other), body: { stock: 0 } })).status).toBe(404);
  expect(await skuStock(w, skuId)).toBe(5);
});

test('low-stock threshold is a per-merchant setting: the stock page flags and lists SKUs at or below it', async () => {
  const m = await createMerchant(w);
  const p = await product(m, {
    specNames: ['颜色'],
    skus: [
      { specValues: ['红'], price: 100, stock: 3 },
      { specValues: ['蓝'], price: 100, stock: 8 },
      { specValues: ['绿'], price: 100, stock: 50 },
    ],
  });
  expect((await w.t.request('GET', '/merchant/stock/settings', mh(m))).body).toEqual({ lowStockThreshold: 10 });
  const page = await w.t.request('GET', '/merchant/stock', mh(m));
  expect(page.body).toMatchObject({ lowStockThreshold: 10, total: 3 });
  expect(page.body.items.map((s: any) => [s.specValues[0], s.stock, s.low])).toEqual([
    ['红', 3, true],
    ['蓝', 8, true],
    ['绿', 50, false],
  ]);
  expect(page.body.items[0]).toMatchObject({ productTitle: '长绒棉T恤', productImage: IMG, specNames: ['颜色'] });

  const saved = await w.t.request('PUT', '/merchant/stock/settings', { ...mh(m), body: { lowStockThreshold: 5 } });
  expect(saved.body).toEqual({ lowStockThreshold: 5 });
  const lowOnly = await w.t.request('GET', '/merchant/stock?lowOnly=true', mh(m));
  expect(lowOnly.body.items.map((s: any) => s.specValues[0])).toEqual(['红']);
  expect((await w.t.request('GET', '/merchant/stock/low', mh(m))).body.items.map((s: any) => s.id)).toEqual([p.skus[0].id]);
  expect((await w.t.request('GET', '/merchant/stock?q=不存在', mh(m))).body.total).toBe(0);

  for (const [body, field] of [
    [{ lowStockThreshold: -1 }, 'lowStockThreshold'],
    [{ lowStockThreshold: 'ten' }, 'lowStockThreshold'],
    [{}, 'lowStockThreshold'],
    [{ lowStockThreshold: 100_001 }, 'lowStockThreshold'],
  ] as const) {
    const res = await w.t.request('PUT', '/merchant/stock/settings', { ...mh(m), body });
    expect([field, res.status]).toEqual([field, 400]);
    expect(res.body.message.startsWith(field)).toBe(true);
  }
  const badQuery = await w.t.request('GET', '/merchant/stock?lowOnly=yes', mh(m));
  expect(badQuery.status).toBe(400);
  expect(badQuery.body.message).toMatch(/^lowOnly/);
  expect((await w.t.request('GET', '/merchant/stock/settings', mh(m))).body).toEqual({ lowStockThreshold: 5 });
});

test('concurrent stock decreases on one SKU never take it below zero: 20 × −1 on 10 leaves 0, ten refused with 409', async () => {
  const m = await createMerchant(w);
  const skuId = (await product(m, { specNames: [], skus: [{ price: 1000, stock: 10 }] })).skus[0].id;
  const results = await Promise.all(
    Array.from({ length: 20 }, () => w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: -1, reason: '报损' } })),
  );
  expect(results.filter((r) => r.status === 201)).toHaveLength(10);
  expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(10).fill('STOCK_NEGATIVE'));
  expect(await skuStock(w, skuId)).toBe(0);
  // every change is in the history with the stock it left, each value once
  const history = (await w.t.request('GET', `/merchant/skus/${skuId}/stock-adjustments`, mh(m))).body.items;
  expect(
    history
      .filter((h: any) => h.kind === 'adjust')
      .map((h: any) => h.stockAfter)
      .sort((a: number, b: number) => a - b),
  ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});
