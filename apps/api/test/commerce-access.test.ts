import { createUser, type TestUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, addStaff, createMerchant, createProduct, placeOrder, skuStock, startCommerceApi } from './commerce-fixtures.js';

/**
 * Access-control matrix: every role against every buyer/merchant route on someone else's data.
 * Expected: 401 without a token, 403 for a role that may not use the route at all, 404 for another
 * tenant's ids (existence never leaks) — and never any data, and nothing changes.
 */
let w: CommerceWorld;
let m1: TestMerchant;
let m2: TestMerchant;
let staff2: TestUser;
let alice: TestUser;
let bob: TestUser;
let stranger: TestUser;
let orderId: number;
let productId: number;
let skuId: number;
let refundId: number;

beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true });
  m1 = await createMerchant(w, '商家一');
  m2 = await createMerchant(w, '商家二');
  staff2 = await createUser(w.t, '商家二店员');
  await addStaff(w, m2, staff2);
  const p = await createProduct(w, m1, [{ price: 1000, stock: 10 }]);
  productId = p.id;
  skuId = p.skuIds[0]!;
  alice = await createUser(w.t, 'Alice');
  bob = await createUser(w.t, 'Bob');
  stranger = await createUser(w.t, '路人');
  orderId = (await placeOrder(w, alice, m1.shopId, [{ skuId, quantity: 1 }])).body.orders[0].id;
  // a refund request to act on: pay another order and ask for the money back
  const paidId = (await placeOrder(w, alice, m1.shopId, [{ skuId, quantity: 1 }])).body.orders[0].id;
  const [paid] = await w.t.ds.query('SELECT out_trade_no FROM "order" WHERE id = $1', [paidId]);
  await w.t.request('POST', `/orders/${paidId}/pay`, { token: alice.token });
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: paid.out_trade_no, result: 'SUCCESS' });
  for (let i = 0; i < 100; i++) {
    const [o] = await w.t.ds.query('SELECT status FROM "order" WHERE id = $1', [paidId]);
    if (o.status === 'paid') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  refundId = (await w.t.request('POST', `/orders/${paidId}/refunds`, { token: alice.token, body: { reason: '测试' } })).body.id;
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

type Route = { method: string; path: () => string; body?: unknown };

const BUYER_ROUTES: Route[] = [
  { method: 'GET', path: () => `/orders/${orderId}` },
  { method: 'POST', path: () => `/orders/${orderId}/cancel` },
  { method: 'POST', path: () => `/orders/${orderId}/confirm-receipt` },
  { method: 'POST', path: () => `/orders/${orderId}/pay` },
  { method: 'POST', path: () => `/orders/${orderId}/refunds`, body: { reason: '我要退款' } },
];

const MERCHANT_ROUTES: Route[] = [
  { method: 'GET', path: () => `/merchant/orders/${orderId}` },
  { method: 'POST', path: () => `/merchant/orders/${orderId}/ship`, body: { carrier: '顺丰', trackingNo: 'SF0000001' } },
  { method: 'GET', path: () => `/merchant/products/${productId}` },
  { method: 'PATCH', path: () => `/merchant/products/${productId}`, body: { title: '被改了' } },
  { method: 'POST', path: () => `/merchant/products/${productId}/status`, body: { status: 'off_sale' } },
  { method: 'POST', path: () => `/merchant/products/${productId}/skus`, body: { price: 1 } },
  { method: 'PATCH', path: () => `/merchant/skus/${skuId}`, body: { price: 1 } },
  { method: 'POST', path: () => `/merchant/skus/${skuId}/stock-adjustments`, body: { delta: -10, reason: '偷偷改' } },
  { method: 'GET', path: () => `/merchant/skus/${skuId}/stock-adjustments` },
  { method: 'POST', path: () => `/merchant/refunds/${refundId}/approve` },
  { method: 'POST', path: () => `/merchant/refunds/${refundId}/reject`, body: { reason: '不行' } },
];

/** Tenant-wide merchant routes (no id): a non-member is refused outright. */
const MERCHANT_COLLECTIONS: Route[] = [
  { method: 'GET', path: () => '/merchant/orders' },
  { method: 'GET', path: () => '/merchant/products' },
  { method: 'POST', path: () => '/merchant/products', body: { title: 'x', skus: [{ price: 1 }] } },
  { method: 'GET', path: () => '/merchant/stock/low' },
  { method: 'GET', path: () => '/merchant/refunds' },
  { method: 'GET', path: () => '/merchant/settings' },
  { method: 'PATCH', path: () => '/merchant/settings', body: { name: '改名' } },
];

const ADMIN_ROUTES: Route[] = [
  { method: 'GET', path: () => '/admin/merchants' },
  { method: 'POST', path: () => `/admin/merchants/${m1.id}/approve` },
  { method: 'POST', path: () => `/admin/merchants/${m1.id}/reject`, body: {} },
];

const ERROR_KEYS = new Set(['code', 'message', 'details', 'requestId']);

async function call(route: Route, token?: string, headers: Record<string, string> = {}) {
  const res = await w.t.request(route.method, route.path(), {
    ...(token ? { token } : {}),
    headers,
    ...(route.body !== undefined ? { body: route.body } : {}),
  });
  // whatever the status, an error body carries no data
  if (res.status >= 400) for (const k of Object.keys(res.body ?? {})) expect(ERROR_KEYS).toContain(k);
  return res;
}

const roles = () => ({
  anonymous: { token: undefined as string | undefined, headers: {} as Record<string, string> },
  otherBuyer: { token: bob.token, headers: {} },
  stranger: { token: stranger.token, headers: {} },
  otherMerchantOwner: { token: m2.owner.token, headers: {} },
  otherMerchantStaff: { token: staff2.token, headers: {} },
  otherMerchantOwnerNamingThisMerchant: { token: m2.owner.token, headers: { 'x-merchant-id': String(m1.id) } },
  platformAdmin: { token: w.admin.token, headers: {} },
});

/** [role, buyer routes, merchant id routes, merchant collections, admin routes] — expected statuses. */
const MATRIX: Array<[keyof ReturnType<typeof roles>, number, number, number | null, number]> = [
  ['anonymous', 401, 401, 401, 401],
  ['otherBuyer', 404, 403, 403, 403],
  ['stranger', 404, 403, 403, 403],
  ['otherMerchantOwner', 404, 404, null, 403],
  ['otherMerchantStaff', 404, 404, null, 403],
  ['otherMerchantOwnerNamingThisMerchant', 404, 403, 403, 403],
  ['platformAdmin', 404, 403, 403, 200],
];

test.each(MATRIX)('%s → buyer %i, merchant ids %i, merchant collections %s, admin %i', async (role, buyer, merchantIds, collections, admin) => {
  const { token, headers } = roles()[role];
  for (const r of BUYER_ROUTES) expect([r.method, r.path(), (await call(r, token, headers)).status]).toEqual([r.method, r.path(), buyer]);
  for (const r of MERCHANT_ROUTES) expect([r.method, r.path(), (await call(r, token, headers)).status]).toEqual([r.method, r.path(), merchantIds]);
  if (collections !== null) {
    for (const r of MERCHANT_COLLECTIONS) expect([r.method, r.path(), (await call(r, token, headers)).status]).toEqual([r.method, r.path(), collections]);
  }
  if (admin !== 200) for (const r of ADMIN_ROUTES) expect([r.method, r.path(), (await call(r, token, headers)).status]).toEqual([r.method, r.path(), admin]);
});

test("another merchant's lists never contain this merchant's data", async () => {
  for (const path of ['/merchant/orders', '/merchant/products', '/merchant/refunds', '/merchant/stock/low?threshold=100000']) {
    const res = await w.t.request('GET', path, { token: m2.owner.token });
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  }
  const bobs = await w.t.request('GET', '/orders', { token: bob.token });
  expect(bobs.body.items).toEqual([]);
});

test('after the whole matrix nothing changed', async () => {
  const [order] = await w.t.ds.query('SELECT status FROM "order" WHERE id = $1', [orderId]);
  expect(order.status).toBe('created');
  expect(await skuStock(w, skuId)).toBe(8);
  const [product] = await w.t.ds.query('SELECT title, status FROM product WHERE id = $1', [productId]);
  expect(product).toEqual({ title: '测试商品', status: 'on_sale' });
  const [refund] = await w.t.ds.query('SELECT status FROM refund WHERE id = $1', [refundId]);
  expect(refund.status).toBe('requested');
  const [{ n }] = await w.t.ds.query(`SELECT count(*)::int AS n FROM refund WHERE order_id = $1`, [orderId]);
  expect(n).toBe(0);
  const [m] = await w.t.ds.query('SELECT name FROM merchant WHERE id = $1', [m1.id]);
  expect(m.name).toBe('商家一');
});

test('the owners themselves can do it (the matrix is not refusing everyone)', async () => {
  expect((await w.t.request('GET', `/orders/${orderId}`, { token: alice.token })).status).toBe(200);
  expect((await w.t.request('GET', `/merchant/orders/${orderId}`, { token: m1.owner.token })).status).toBe(200);
  expect((await w.t.request('GET', `/merchant/products/${productId}`, { token: m1.owner.token })).status).toBe(200);
  expect((await w.t.request('GET', '/admin/merchants', { token: w.admin.token })).status).toBe(200);
  expect((await w.t.request('GET', '/orders', { token: alice.token })).body.total).toBe(2);
});
