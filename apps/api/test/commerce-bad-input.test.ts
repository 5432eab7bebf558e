import { createUser, type TestUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, address, createMerchant, createProduct, skuStock, startCommerceApi } from './commerce-fixtures.js';

/** Bad input → 4xx naming the field, and nothing written. */
let w: CommerceWorld;
let m: TestMerchant;
let buyer: TestUser;
let skuId: number;

beforeAll(async () => {
  w = await startCommerceApi();
  m = await createMerchant(w);
  skuId = (await createProduct(w, m, [{ price: 1000, stock: 10 }])).skuIds[0]!;
  buyer = await createUser(w.t);
});
afterAll(async () => {
  await w?.t.close();
});

const good = () => ({ shopId: m.shopId, items: [{ skuId, quantity: 1 }], address, idempotencyKey: `bad_input_${Math.random().toString(36).slice(2)}` });
const withItem = (item: Record<string, unknown>) => ({ ...good(), items: [{ skuId, quantity: 1, ...item }] });

const ORDER_CASES: Array<[string, () => unknown, number, string]> = [
  ['negative quantity', () => withItem({ quantity: -1 }), 400, 'items.0.quantity'],
  ['zero quantity', () => withItem({ quantity: 0 }), 400, 'items.0.quantity'],
  ['10^12 quantity', () => withItem({ quantity: 1e12 }), 400, 'items.0.quantity'],
  ['fractional quantity', () => withItem({ quantity: 1.5 }), 400, 'items.0.quantity'],
  ['quantity as a string', () => withItem({ quantity: '2' }), 400, 'items.0.quantity'],
  ['quantity null', () => withItem({ quantity: null }), 400, 'items.0.quantity'],
  ['unknown SKU', () => withItem({ skuId: 987_654_321 }), 400, 'items.0.skuId'],
  ['negative SKU id', () => withItem({ skuId: -5 }), 400, 'items.0.skuId'],
  ['SKU id as text', () => withItem({ skuId: 'abc' }), 400, 'items.0.skuId'],
  ['SKU id beyond 2^53', () => withItem({ skuId: 2 ** 60 }), 400, 'items.0.skuId'],
  ['client-sent price', () => withItem({ price: 1 }), 400, 'items.0.price'],
  [
    'duplicate SKU lines',
    () => ({
      ...good(),
      items: [
        { skuId, quantity: 1 },
        { skuId, quantity: 2 },
      ],
    }),
    400,
    'items.1.skuId',
  ],
  ['no items', () => ({ ...good(), items: [] }), 400, 'items'],
  ['items not an array', () => ({ ...good(), items: { skuId } }), 400, 'items'],
  ['missing shopId', () => ({ ...good(), shopId: undefined }), 400, 'shopId'],
  ['unknown shop', () => ({ ...good(), shopId: 987_654_321 }), 400, 'shopId'],
  ['shopId as float', () => ({ ...good(), shopId: 1.5 }), 400, 'shopId'],
  ['bad phone', () => ({ ...good(), address: { ...address, phone: 'call me' } }), 400, 'address.phone'],
  ['missing address detail', () => ({ ...good(), address: { ...address, detail: undefined } }), 400, 'address.detail'],
  ['short idempotency key', () => ({ ...good(), idempotencyKey: 'x' }), 400, 'idempotencyKey'],
  ['unknown top-level field', () => ({ ...good(), totalPrice: 1 }), 400, 'totalPrice'],
  ['remark too long', () => ({ ...good(), remark: '长'.repeat(201) }), 400, 'remark'],
  ['not an object', () => [1, 2, 3], 400, 'body'],
];

test.each(ORDER_CASES)('POST /orders with %s → 4xx naming the field; nothing written', async (_name, body, status, field) => {
  const res = await w.t.request('POST', '/orders', { token: buyer.token, body: body() });
  expect(res.status).toBe(status);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.message.startsWith(field)).toBe(true);
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM "order" WHERE buyer_user_id = $1', [buyer.id]);
  expect(n).toBe(0);
  expect(await skuStock(w, skuId)).toBe(10);
});

test('malformed JSON and an oversized body are refused before anything runs', async () => {
  const broken = await w.t.request('POST', '/orders', { token: buyer.token, rawBody: '{"shopId": 1, "items": [' });
  expect(broken.status).toBe(400);
  expect(broken.body.message).toMatch(/^body/);
  const huge = await w.t.request('POST', '/orders', { token: buyer.token, body: { ...good(), remark: 'x'.repeat(300 * 1024) } });
  expect(huge.status).toBe(413);
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM "order" WHERE buyer_user_id = $1', [buyer.id]);
  expect(n).toBe(0);
});

const mh = () => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const product = (sku: Record<string, unknown>) => ({ title: '坏数据', skus: [{ price: 100, ...sku }] });

const MONEY_CASES: Array<[string, string, string, unknown, string]> = [
  ['fractional price', 'POST', '/merchant/products', product({ price: 12.5 }), 'skus.0.price'],
  ['negative price', 'POST', '/merchant/products', product({ price: -100 }), 'skus.0.price'],
  ['zero price', 'POST', '/merchant/products', product({ price: 0 }), 'skus.0.price'],
  ['price beyond 10^10 fen', 'POST', '/merchant/products', product({ price: 1e12 }), 'skus.0.price'],
  ['price as yuan text', 'POST', '/merchant/products', product({ price: '12.50' }), 'skus.0.price'],
  ['list price as text', 'POST', '/merchant/products', product({ listPrice: '100' }), 'skus.0.listPrice'],
  ['negative initial stock', 'POST', '/merchant/products', product({ stock: -1 }), 'skus.0.stock'],
  ['commission over 50%', 'POST', '/merchant/products', { ...product({}), commissionL1Bps: 5001 }, 'commissionL1Bps'],
  ['no SKUs', 'POST', '/merchant/products', { title: 'x', skus: [] }, 'skus'],
  ['empty title', 'POST', '/merchant/products', { ...product({}), title: '  ' }, 'title'],
  ['unknown status', 'POST', '/merchant/products', { ...product({}), status: 'deleted' }, 'status'],
];

test.each(MONEY_CASES)('product with %s → 400 naming the field; nothing written', async (_name, method, path, body, field) => {
  const before = await w.t.ds.query('SELECT count(*)::int AS n FROM product WHERE merchant_id = $1', [m.id]);
  const res = await w.t.request(method, path, { ...mh(), body });
  expect(res.status).toBe(400);
  expect(res.body.message.startsWith(field)).toBe(true);
  expect(res.body.details[0].field).toBe(field);
  const after = await w.t.ds.query('SELECT count(*)::int AS n FROM product WHERE merchant_id = $1', [m.id]);
  expect(after).toEqual(before);
});

test('bad ids in paths and queries are 400s naming the parameter', async () => {
  expect((await w.t.request('GET', '/orders/abc', { token: buyer.token })).body.message).toMatch(/^id/);
  expect((await w.t.request('GET', '/orders/-1', { token: buyer.token })).status).toBe(400);
  expect((await w.t.request('GET', '/orders?pageSize=1000', { token: buyer.token })).body.message).toMatch(/^pageSize/);
  expect((await w.t.request('GET', '/orders?status=lost', { token: buyer.token })).body.message).toMatch(/^status/);
  const adj = await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(), body: { delta: 1.5, reason: 'x' } });
  expect(adj.status).toBe(400);
  expect(adj.body.message).toMatch(/^delta/);
  expect(await skuStock(w, skuId)).toBe(10);
});
