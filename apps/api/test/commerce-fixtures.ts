import { randomBytes } from 'node:crypto';
import { createUser, type TestUser } from './fixtures.js';
import { startTestApi, type TestApi, type TestApiOptions } from './harness.js';

/** A platform admin openid unique to this test file (files share one database). */
export const adminOpenid = () => `admin_${randomBytes(5).toString('hex')}`;

export interface CommerceWorld {
  t: TestApi;
  admin: TestUser;
}

/** Starts the API with a platform admin configured, and signs that admin in. */
export async function startCommerceApi(options: TestApiOptions = {}): Promise<CommerceWorld> {
  const openid = adminOpenid();
  const t = await startTestApi({ ...options, env: { PLATFORM_ADMIN_OPENIDS: openid, JOBS_ENABLED: 'false', ...options.env } });
  const admin = await createUser(t, '平台管理员', openid);
  return { t, admin };
}

export interface TestMerchant {
  id: number;
  shopId: number;
  owner: TestUser;
}

/** Applies as a fresh user and gets approved by the admin: an approved merchant with its own shop. */
export async function createMerchant(w: CommerceWorld, name = '测试商家'): Promise<TestMerchant> {
  const owner = await createUser(w.t, `${name}店主`);
  const applied = await w.t.request('POST', '/merchants', { token: owner.token, body: { name } });
  if (applied.status !== 201) throw new Error(`apply failed: ${JSON.stringify(applied.body)}`);
  const approved = await w.t.request('POST', `/admin/merchants/${applied.body.id}/approve`, { token: w.admin.token });
  if (approved.status !== 200) throw new Error(`approve failed: ${JSON.stringify(approved.body)}`);
  return { id: applied.body.id, shopId: approved.body.shopId, owner };
}

export interface TestProduct {
  id: number;
  skuIds: number[];
}

/** An on-sale product with one SKU per entry of `skus` (price fen, stock). */
export async function createProduct(
  w: CommerceWorld,
  m: TestMerchant,
  skus: Array<{ price: number; stock: number }> = [{ price: 1000, stock: 100 }],
  extra: Record<string, unknown> = {},
): Promise<TestProduct> {
  const res = await w.t.request('POST', '/merchant/products', {
    token: m.owner.token,
    headers: { 'x-merchant-id': String(m.id) },
    body: {
      title: '测试商品',
      status: 'on_sale',
      // publishing needs a main image (catalogue-rules.ts)
      images: ['/static/demo/p1.svg'],
      specNames: skus.length > 1 ? ['规格'] : [],
      skus: skus.map((s, i) => ({ ...s, specValues: skus.length > 1 ? [`规格${i + 1}`] : [] })),
      ...extra,
    },
  });
  if (res.status !== 201) throw new Error(`create product failed: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, skuIds: res.body.skus.map((s: { id: number }) => s.id) };
}

export const address = { name: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' };

export const newKey = () => `k_${randomBytes(8).toString('hex')}`;

export async function placeOrder(
  w: CommerceWorld,
  buyer: TestUser,
  shopId: number,
  items: Array<{ skuId: number; quantity: number }>,
  extra: Record<string, unknown> = {},
) {
  return w.t.request('POST', '/orders', { token: buyer.token, body: { shopId, items, address, idempotencyKey: newKey(), ...extra } });
}

/** A SKU's available stock: its row plus its hot-stock slots (docs/hot-stock.md), as merchants see it. */
export async function skuStock(w: CommerceWorld, skuId: number): Promise<number> {
  const [row] = await w.t.ds.query(
    'SELECT (stock + COALESCE((SELECT sum(stock) FROM sku_stock_slot WHERE sku_id = $1), 0))::int AS stock FROM sku WHERE id = $1',
    [skuId],
  );
  return row.stock;
}

/**
 * The arrange step of the payment tests: a fresh merchant's product (one SKU: `price` fen, `stock`), a fresh
 * buyer's order of `quantity`, and `POST /orders/:id/pay` made (the prepay exists at WeChat). Completing the
 * payment in the sandbox, or not, is the test's own step. `pay` is that call's answer.
 */
export async function orderReadyToPay(
  w: CommerceWorld,
  { price = 1000, stock = 10, quantity = 1 }: { price?: number; stock?: number; quantity?: number } = {},
) {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price, stock }]);
  const buyer = await createUser(w.t);
  const placed = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity }]);
  if (placed.status !== 201) throw new Error(`place order failed: ${JSON.stringify(placed.body)}`);
  const order = placed.body.orders[0];
  const pay = await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  if (pay.status !== 200) throw new Error(`pay failed: ${JSON.stringify(pay.body)}`);
  return { m, p, buyer, order, pay };
}

/** Makes `user` a staff member of `m` the way the product does: the owner invites, the user accepts. */
export async function addStaff(w: CommerceWorld, m: TestMerchant, user: TestUser): Promise<void> {
  const invited = await w.t.request('POST', '/merchant/staff/invitations', { token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
  if (invited.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invited.body)}`);
  const accepted = await w.t.request('POST', `/merchant-invitations/${invited.body.code}/accept`, { token: user.token });
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
}
