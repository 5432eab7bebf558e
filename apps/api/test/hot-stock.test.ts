import { createUser } from './fixtures.js';
import { type CommerceWorld, createMerchant, createProduct, placeOrder, skuStock, startCommerceApi } from './commerce-fixtures.js';
import { HotStockService } from '../src/catalog/hot-stock.service.js';

// Hot stock (docs/hot-stock.md): a SKU split across slot rows can never oversell, loses no order, and
// still reads as one number for merchants and buyers.
let w: CommerceWorld;
let hot: HotStockService;
beforeAll(async () => {
  // DB_*_TIMEOUT_MS raised: these tests prove exact counts under contention, not timeouts; on a busy 2-core CI
  // machine the queue for one SKU's locks can outlast the request default (then 503, a different test's subject)
  w = await startCommerceApi({
    env: { HOT_STOCK_SLOTS: '8', HOT_STOCK_SPLIT_CONCURRENCY: '4', DB_POOL_SIZE: '20', DB_LOCK_TIMEOUT_MS: '60000', DB_STATEMENT_TIMEOUT_MS: '120000' },
  });
  hot = w.t.api.app.get(HotStockService);
});
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: { id: number; owner: { token: string } }) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });

async function slots(skuId: number): Promise<number[]> {
  const rows = await w.t.ds.query('SELECT stock FROM sku_stock_slot WHERE sku_id = $1 ORDER BY slot', [skuId]);
  return rows.map((r: { stock: number }) => r.stock);
}

async function sold(skuId: number): Promise<number> {
  const [{ sum }] = await w.t.ds.query('SELECT COALESCE(sum(quantity), 0)::int AS sum FROM order_item WHERE sku_id = $1', [skuId]);
  return sum;
}

test('300 concurrent orders on a SKU split into 8 slots with stock 50: exactly 50 sold, none oversold', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 990, stock: 50 }]);
  const skuId = p.skuIds[0]!;
  await hot.split(skuId);
  expect(await slots(skuId)).toEqual([7, 7, 6, 6, 6, 6, 6, 6]);
  expect(await skuStock(w, skuId)).toBe(50);
  // 5 orders a buyer: as many unpaid orders as one buyer may hold (orders/order-limits.ts)
  const buyers = await Promise.all(Array.from({ length: 60 }, () => createUser(w.t)));
  const results = await Promise.all(Array.from({ length: 300 }, (_, i) => placeOrder(w, buyers[i % buyers.length]!, m.shopId, [{ skuId, quantity: 1 }])));
  expect(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body)).toEqual([]);
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(50);
  expect(statuses.filter((s) => s === 409)).toHaveLength(250);
  expect(results.find((r) => r.status === 409)!.body).toMatchObject({ code: 'OUT_OF_STOCK' });
  expect(await skuStock(w, skuId)).toBe(0);
  expect(await sold(skuId)).toBe(50);
  // every created order is in the database with its line: nothing lost
  const created = results.filter((r) => r.status === 201).map((r) => r.body.orders[0].id);
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM "order" o JOIN order_item i ON i.order_id = o.id WHERE o.id = ANY($1)', [created]);
  expect(n).toBe(50);
}, 90_000);

test('fragmented slots: quantity-2 orders take from several slots; the odd unit is never oversold', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 990, stock: 9 }]);
  const skuId = p.skuIds[0]!;
  await hot.split(skuId);
  expect(await slots(skuId)).toEqual([2, 1, 1, 1, 1, 1, 1, 1]);
  const buyers = await Promise.all(Array.from({ length: 10 }, () => createUser(w.t)));
  const results = await Promise.all(Array.from({ length: 40 }, (_, i) => placeOrder(w, buyers[i % buyers.length]!, m.shopId, [{ skuId, quantity: 2 }])));
  expect(results.filter((r) => r.status !== 201 && r.status !== 409).map((r) => r.body)).toEqual([]);
  expect(results.filter((r) => r.status === 201)).toHaveLength(4);
  expect(await skuStock(w, skuId)).toBe(1);
  expect(await sold(skuId)).toBe(8);
  expect((await slots(skuId)).every((s) => s >= 0)).toBe(true);
}, 60_000);

test('a SKU under concurrent orders splits itself; merchant sees one number; adjustments stay atomic and refuse negatives', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 990, stock: 400 }]);
  const skuId = p.skuIds[0]!;
  // a buyer per order: one buyer's own parallel orders are placed one after another (orders/order-limits.ts)
  const buyers = await Promise.all(Array.from({ length: 120 }, () => createUser(w.t)));
  const first = await Promise.all(Array.from({ length: 120 }, (_, i) => placeOrder(w, buyers[i % buyers.length]!, m.shopId, [{ skuId, quantity: 1 }])));
  expect(first.filter((r) => r.status !== 201).map((r) => [r.status, r.body?.code, r.body?.message])).toEqual([]);
  // the in-flight reservations crossed HOT_STOCK_SPLIT_CONCURRENCY: the stock now lives in 8 slots
  for (let i = 0; i < 50 && (await slots(skuId)).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await slots(skuId)).toHaveLength(8);
  expect(await skuStock(w, skuId)).toBe(280);

  // merchant and buyers see the total
  const view = await w.t.request('GET', `/merchant/products/${p.id}`, mh(m));
  expect(view.body.skus[0].stock).toBe(280);
  const publicView = await w.t.request('GET', `/products/${p.id}`, { token: buyers[0]!.token });
  expect(publicView.body.skus[0].stock).toBe(280);

  // concurrent adjustments: 10 × −30 on 280 → exactly 9 succeed, total 10, no row negative
  const adjustments = await Promise.all(
    Array.from({ length: 10 }, () => w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: -30, reason: '出库' } })),
  );
  expect(adjustments.filter((r) => r.status === 201)).toHaveLength(9);
  const refused = adjustments.find((r) => r.status === 409)!;
  expect(refused.body).toMatchObject({ code: 'STOCK_NEGATIVE', details: { stock: 10, delta: -30 } });
  expect(await skuStock(w, skuId)).toBe(10);
  expect((await slots(skuId)).every((s) => s >= 0)).toBe(true);
  const restock = await w.t.request('POST', `/merchant/skus/${skuId}/stock-adjustments`, { ...mh(m), body: { delta: 13, reason: '到货' } });
  expect(restock.body.stockAfter).toBe(23);
  expect((await slots(skuId)).reduce((a, b) => a + b, 0) + (await w.t.ds.query('SELECT stock FROM sku WHERE id = $1', [skuId]))[0].stock).toBe(23);

  // orders and a cancel keep the total exact; merging puts everything back on the SKU row
  const more = await Promise.all(Array.from({ length: 40 }, (_, i) => placeOrder(w, buyers[i]!, m.shopId, [{ skuId, quantity: 1 }])));
  expect({
    placed: more.filter((r) => r.status === 201).length,
    refused: [...new Set(more.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body?.code}`))],
  }).toEqual({ placed: 23, refused: ['409 OUT_OF_STOCK'] });
  const cancel = await w.t.request('POST', `/orders/${more.find((r) => r.status === 201)!.body.orders[0].id}/cancel`, {
    token: buyers[more.findIndex((r) => r.status === 201)]!.token,
  });
  expect(cancel.status).toBe(200);
  expect(await skuStock(w, skuId)).toBe(1);
  await hot.merge(skuId);
  expect(await slots(skuId)).toEqual([]);
  expect(await skuStock(w, skuId)).toBe(1);
  const last = await placeOrder(w, buyers[0]!, m.shopId, [{ skuId, quantity: 1 }]);
  expect(last.status).toBe(201);
  expect(await skuStock(w, skuId)).toBe(0);
  expect(await sold(skuId)).toBe(120 + 23 + 1); // order lines, including the cancelled one
}, 120_000);
