import pg from 'pg';
import { createUser } from './fixtures.js';
import {
  type CommerceWorld,
  type TestMerchant,
  address,
  createMerchant,
  createProduct,
  newKey,
  placeOrder,
  skuStock,
  startCommerceApi,
} from './commerce-fixtures.js';
import { SOLD_OUT_TTL_MS } from '../src/orders/sold-out-cache.js';

/**
 * POST /orders in one round trip (issue 18): the common case is the one statement `place_order(...)`
 * (no BEGIN/COMMIT around it), and sold-out answers of a one-line order may come from a per-instance
 * memory at most SOLD_OUT_TTL_MS old without touching PostgreSQL.
 */
let w: CommerceWorld;
let m: TestMerchant;
beforeAll(async () => {
  w = await startCommerceApi();
  m = await createMerchant(w, '一次往返商家');
});
afterAll(async () => {
  await w?.t.close();
});

/**
 * Every statement the process sends to PostgreSQL while `fn` runs (the API runs in this process): a
 * counter for tests only, on the real driver, nothing mocked.
 */
async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push(typeof first === 'string' ? first : (first?.text ?? ''));
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    proto.query = original;
  }
}
// the order path's tables (the in-process background workers, e.g. the payment inbox, send their own statements)
const touchesOrders = (sql: string) => /place_order|"order"|\border_item\b|\bsku\b|\bsku_stock_slot\b/i.test(sql);

test('a one-line order is one statement (place_order) on the order tables; the order is complete', async () => {
  const buyer = await createUser(w.t);
  const p = await createProduct(w, m, [{ price: 1250, stock: 5 }]);
  const skuId = p.skuIds[0]!;
  const body = { shopId: m.shopId, items: [{ skuId, quantity: 2 }], address, idempotencyKey: newKey() };
  const { result: res, statements } = await statementsDuring(() => w.t.request('POST', '/orders', { token: buyer.token, body }));
  expect(res.status).toBe(201);
  expect(statements.filter(touchesOrders)).toEqual([expect.stringMatching(/^SELECT .* FROM place_order\(/)]);
  expect(res.body.orders[0]).toMatchObject({ status: 'created', itemsTotal: 2500, paidTotal: 2500, items: [{ skuId, quantity: 2, unitPrice: 1250 }] });
  expect(await skuStock(w, skuId)).toBe(3);
  // the same key and body: the same order, nothing reserved again
  const replay = await w.t.request('POST', '/orders', { token: buyer.token, body });
  expect(replay.status).toBe(201);
  expect(replay.body.orders.map((o: { id: number }) => o.id)).toEqual([res.body.orders[0].id]);
  expect(await skuStock(w, skuId)).toBe(3);
});

test('sold out: answered from memory within the window (no statement); stock returned here sells at once, elsewhere after the window', async () => {
  const [first, second, third] = await Promise.all([createUser(w.t), createUser(w.t), createUser(w.t)]);
  const p = await createProduct(w, m, [{ price: 990, stock: 1 }]);
  const skuId = p.skuIds[0]!;
  const firstKey = newKey();
  const bought = await placeOrder(w, first, m.shopId, [{ skuId, quantity: 1 }], { idempotencyKey: firstKey });
  expect(bought.status).toBe(201);
  // the first sold-out answer comes from the database (and is remembered)
  const fromDb = await statementsDuring(() => placeOrder(w, second, m.shopId, [{ skuId, quantity: 1 }]));
  expect(fromDb.result.status).toBe(409);
  expect(fromDb.result.body).toMatchObject({ code: 'OUT_OF_STOCK', message: 'items.0.skuId: 库存不足' });
  expect(fromDb.statements.filter(touchesOrders)).toHaveLength(1);
  // within the window: the same answer, and the order path sent nothing to PostgreSQL
  const fromMemory = await statementsDuring(() => placeOrder(w, third, m.shopId, [{ skuId, quantity: 1 }]));
  expect(fromMemory.result.status).toBe(409);
  expect(fromMemory.result.body).toMatchObject({ code: 'OUT_OF_STOCK', message: 'items.0.skuId: 库存不足', details: { skuId } });
  expect(fromMemory.statements.filter(touchesOrders)).toEqual([]);
  // the first buyer's replay of their key is never answered from memory: it returns their order
  const replay = await w.t.request('POST', '/orders', {
    token: first.token,
    body: { shopId: m.shopId, items: [{ skuId, quantity: 1 }], address, idempotencyKey: firstKey },
  });
  expect(replay.body.orders?.[0]?.id).toBe(bought.body.orders[0].id);

  // stock comes back through this instance (the first buyer cancels): the memory of the SKU ends at once
  const cancelled = await w.t.request('POST', `/orders/${bought.body.orders[0].id}/cancel`, { token: first.token });
  expect(cancelled.status).toBe(200);
  expect(await skuStock(w, skuId)).toBe(1);
  const afterCancel = await placeOrder(w, third, m.shopId, [{ skuId, quantity: 1 }]);
  expect(afterCancel.status).toBe(201);

  // sold out again and remembered; then stock comes back behind this instance's back (another API instance,
  // here a direct UPDATE): within the window the memory may still say sold out, after it the order sells
  await new Promise((resolve) => setTimeout(resolve, SOLD_OUT_TTL_MS + 100));
  expect((await placeOrder(w, second, m.shopId, [{ skuId, quantity: 1 }])).status).toBe(409);
  const remembered = await statementsDuring(() => placeOrder(w, first, m.shopId, [{ skuId, quantity: 1 }]));
  expect(remembered.result.status).toBe(409);
  expect(remembered.statements.filter(touchesOrders)).toEqual([]);
  await w.t.ds.query('UPDATE sku SET stock = stock + 1 WHERE id = $1', [skuId]);
  await new Promise((resolve) => setTimeout(resolve, SOLD_OUT_TTL_MS + 100));
  const after = await placeOrder(w, first, m.shopId, [{ skuId, quantity: 1 }]);
  expect(after.status).toBe(201);
  expect(await skuStock(w, skuId)).toBe(0);
});

test('a sold-out found by the multi-statement path (an order with a share code) is remembered too', async () => {
  const [a, b, c] = await Promise.all([createUser(w.t), createUser(w.t), createUser(w.t)]);
  const p = await createProduct(w, m, [{ price: 990, stock: 1 }]);
  const skuId = p.skuIds[0]!;
  // a `ref` takes the multi-statement path (attribution with a share code): it sells the unit, then refuses
  expect((await placeOrder(w, a, m.shopId, [{ skuId, quantity: 1 }], { ref: 'nosuchcode1' })).status).toBe(201);
  const refused = await statementsDuring(() => placeOrder(w, b, m.shopId, [{ skuId, quantity: 1 }], { ref: 'nosuchcode1' }));
  expect(refused.result.body).toMatchObject({ code: 'OUT_OF_STOCK', details: { skuId } });
  expect(refused.statements.filter(touchesOrders).some((sql) => /place_order\(/.test(sql))).toBe(false);
  // the next one-line order without a share code is answered from that memory: nothing sent to PostgreSQL
  const fromMemory = await statementsDuring(() => placeOrder(w, c, m.shopId, [{ skuId, quantity: 1 }]));
  expect(fromMemory.result.status).toBe(409);
  expect(fromMemory.statements.filter(touchesOrders)).toEqual([]);
});

test('memory holds "sold out" only: a request for less than what is left is never refused from memory', async () => {
  const [a, b] = await Promise.all([createUser(w.t), createUser(w.t)]);
  const p = await createProduct(w, m, [{ price: 990, stock: 2 }]);
  const skuId = p.skuIds[0]!;
  const tooMany = await placeOrder(w, a, m.shopId, [{ skuId, quantity: 3 }]);
  expect(tooMany.status).toBe(409);
  const fits = await placeOrder(w, b, m.shopId, [{ skuId, quantity: 2 }]);
  expect(fits.status).toBe(201);
});

test('the same key with another body on the one-call path: 422 IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
  const buyer = await createUser(w.t);
  const p = await createProduct(w, m, [{ price: 500, stock: 10 }]);
  const skuId = p.skuIds[0]!;
  const idempotencyKey = newKey();
  const one = await placeOrder(w, buyer, m.shopId, [{ skuId, quantity: 1 }], { idempotencyKey });
  expect(one.status).toBe(201);
  const other = await placeOrder(w, buyer, m.shopId, [{ skuId, quantity: 2 }], { idempotencyKey });
  expect(other.status).toBe(422);
  expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect(await skuStock(w, skuId)).toBe(9);
});
