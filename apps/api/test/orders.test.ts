import { createUser } from './fixtures.js';
import { type CommerceWorld, address, createMerchant, createProduct, newKey, placeOrder, skuStock, startCommerceApi } from './commerce-fixtures.js';
import { OrderSweepsService } from '../src/orders/order-sweeps.service.js';
import { OrderAttribution } from '../src/referral/order-attribution.js';

let w: CommerceWorld;
beforeAll(async () => {
  // its sweeps act on every order in the database; DB_*_TIMEOUT_MS raised because the 200-order race proves exact
  // counts under contention, not timeouts (a busy 2-core machine can queue one row's lock past the request default)
  w = await startCommerceApi({ isolatedDatabase: true, env: { DB_LOCK_TIMEOUT_MS: '60000', DB_STATEMENT_TIMEOUT_MS: '120000' } });
});
afterAll(async () => {
  await w?.t.close();
});

test('an order reserves stock at server prices; the same idempotency key returns the same order', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 2590, stock: 10 }]);
  const buyer = await createUser(w.t);
  const body = { shopId: m.shopId, items: [{ skuId: p.skuIds[0], quantity: 3 }], address, idempotencyKey: newKey(), remark: '尽快发货' };
  const first = await w.t.request('POST', '/orders', { token: buyer.token, body });
  expect(first.status).toBe(201);
  const [order] = first.body.orders;
  expect(order).toMatchObject({
    status: 'created',
    itemsTotal: 7770,
    discountTotal: 0,
    shippingFee: 0,
    paidTotal: 7770,
    merchantId: m.id,
    shopId: m.shopId,
    distributorUserId: null,
  });
  expect(order.outTradeNo).toMatch(/^\d{22}$/);
  expect(order.items[0]).toMatchObject({ unitPrice: 2590, quantity: 3, paidAmount: 7770 });
  expect(await skuStock(w, p.skuIds[0]!)).toBe(7);

  const again = await w.t.request('POST', '/orders', { token: buyer.token, body });
  expect(again.status).toBe(201);
  expect(again.body.orders.map((o: { id: number }) => o.id)).toEqual([order.id]);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(7);

  const concurrent = await Promise.all(
    Array.from({ length: 5 }, () => w.t.request('POST', '/orders', { token: buyer.token, body: { ...body, idempotencyKey: 'same-key-raced-1' } })),
  );
  const ids = new Set(concurrent.map((r) => r.body.orders?.[0]?.id));
  expect(concurrent.filter((r) => r.status !== 201).map((r) => [r.status, r.body?.code, r.body?.message])).toEqual([]);
  expect(ids.size).toBe(1);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(4);
});

test('order and refund numbers: Shanghai time + 8 digits that never repeat within a second (no random clashes)', async () => {
  const rows: { no: string; shanghai: string }[] = await w.t.ds.query(
    `SELECT business_no('') AS no, to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') AS shanghai FROM generate_series(1, 20000)`,
  );
  expect(rows.every((r) => /^\d{22}$/.test(r.no) && r.no.startsWith(r.shanghai))).toBe(true);
  // 20,000 numbers drawn within a second or two: random digits would clash with probability ~0.9 (birthday bound)
  expect(new Set(rows.map((r) => r.no.slice(14))).size).toBe(rows.length);
  const [refund] = await w.t.ds.query(`SELECT business_no('R') AS no`);
  expect(refund.no).toMatch(/^R\d{22}$/);
});

test('items from two merchants are split into one order per merchant', async () => {
  const a = await createMerchant(w, '商家A');
  const b = await createMerchant(w, '商家B');
  const pa = await createProduct(w, a, [{ price: 100, stock: 5 }]);
  const pb = await createProduct(w, b, [{ price: 200, stock: 5 }]);
  // a distributor shop listing both (shop rows belong to the distribution module; made directly here)
  const owner = await createUser(w.t, '分销员');
  const [shop] = await w.t.ds.query(`INSERT INTO shop (kind, owner_user_id, name) VALUES ('distributor', $1, '小店') RETURNING id`, [owner.id]);
  await w.t.ds.query('INSERT INTO shop_product (shop_id, product_id) VALUES ($1, $2), ($1, $3)', [shop.id, pa.id, pb.id]);
  const buyer = await createUser(w.t);
  const res = await placeOrder(w, buyer, shop.id, [
    { skuId: pa.skuIds[0]!, quantity: 2 },
    { skuId: pb.skuIds[0]!, quantity: 1 },
  ]);
  expect(res.status).toBe(201);
  expect(res.body.orders).toHaveLength(2);
  const byMerchant = Object.fromEntries(res.body.orders.map((o: any) => [o.merchantId, o]));
  expect(byMerchant[a.id]).toMatchObject({ paidTotal: 200, distributorUserId: owner.id, shopId: shop.id });
  expect(byMerchant[b.id]).toMatchObject({ paidTotal: 200, distributorUserId: owner.id });
});

test('out of stock rolls back every line of the request', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [
    { price: 100, stock: 5 },
    { price: 100, stock: 1 },
  ]);
  const buyer = await createUser(w.t);
  const res = await placeOrder(w, buyer, m.shopId, [
    { skuId: p.skuIds[0]!, quantity: 2 },
    { skuId: p.skuIds[1]!, quantity: 2 },
  ]);
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ code: 'OUT_OF_STOCK' });
  expect(res.body.message).toMatch(/^items\.1\.skuId/);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(5);
  const [{ count }] = await w.t.ds.query('SELECT count(*)::int AS count FROM "order" WHERE buyer_user_id = $1', [buyer.id]);
  expect(count).toBe(0);
});

test('200 concurrent orders for a SKU with stock 20: exactly 20 succeed, stock ends at 0', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 990, stock: 20 }]);
  // 5 orders a buyer: as many unpaid orders as one buyer may hold (orders/order-limits.ts)
  const buyers = await Promise.all(Array.from({ length: 40 }, () => createUser(w.t)));
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) => placeOrder(w, buyers[i % buyers.length]!, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }])),
  );
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(20);
  expect(statuses.filter((s) => s === 409)).toHaveLength(180);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(0);
  const [{ sum }] = await w.t.ds.query('SELECT COALESCE(sum(i.quantity), 0)::int AS sum FROM order_item i WHERE i.sku_id = $1', [p.skuIds[0]]);
  expect(sum).toBe(20);
}, 60_000);

test('buyer cancels an unpaid order: stock comes back; cancelling twice is a 409', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 500, stock: 3 }]);
  const buyer = await createUser(w.t);
  const placed = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 3 }]);
  const id = placed.body.orders[0].id;
  expect(await skuStock(w, p.skuIds[0]!)).toBe(0);
  const cancelled = await w.t.request('POST', `/orders/${id}/cancel`, { token: buyer.token });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body.status).toBe('cancelled');
  expect(await skuStock(w, p.skuIds[0]!)).toBe(3);
  const again = await w.t.request('POST', `/orders/${id}/cancel`, { token: buyer.token });
  expect(again.status).toBe(409);
  expect(again.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'cancelled', event: 'cancel' } });
  expect(await skuStock(w, p.skuIds[0]!)).toBe(3);
});

test('auto-close closes unpaid orders past their deadline and releases stock (run directly with a chosen now)', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 500, stock: 4 }]);
  const buyer = await createUser(w.t);
  const placed = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 4 }]);
  const order = placed.body.orders[0];
  expect(new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime()).toBe(30 * 60_000);
  const sweeps = w.t.api.app.get(OrderSweepsService);
  await sweeps.autoClose(new Date(Date.now() + 29 * 60_000));
  expect((await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body.status).toBe('created');
  await sweeps.autoClose(new Date(Date.now() + 31 * 60_000));
  const after = await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token });
  expect(after.body.status).toBe('closed');
  expect(after.body.closedAt).toBeTruthy();
  expect(await skuStock(w, p.skuIds[0]!)).toBe(4);
  // a second run finds nothing left to close
  await sweeps.autoClose(new Date(Date.now() + 40 * 60_000));
  expect(await skuStock(w, p.skuIds[0]!)).toBe(4);
});

test('buyer lists only their own orders', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 100, stock: 10 }]);
  const alice = await createUser(w.t);
  const bob = await createUser(w.t);
  await placeOrder(w, alice, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
  await placeOrder(w, bob, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
  const list = await w.t.request('GET', '/orders?pageSize=50', { token: alice.token });
  expect(list.status).toBe(200);
  expect(list.body.total).toBe(1);
  expect(list.body.items.every((o: any) => o.buyerUserId === alice.id)).toBe(true);
});

test('the attribution hook decides distributor_user_id (e.g. a ref link on a merchant shop)', async () => {
  const attribution = w.t.api.app.get(OrderAttribution);
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 100, stock: 10 }]);
  const referrer = await createUser(w.t, '推荐人');
  const [{ referral_code: code }] = await w.t.ds.query('SELECT referral_code FROM app_user WHERE id = $1', [referrer.id]);
  const buyer = await createUser(w.t);
  // the referrer is not a distributor: a stand-in rule that credits any ref decides here
  const original = attribution.attribute;
  attribution.attribute = async ({ em, shop, ref }) => {
    if (shop.kind === 'distributor') return shop.ownerUserId;
    const [u] = ref ? await em.query('SELECT id FROM app_user WHERE referral_code = $1', [ref]) : [];
    return u?.id ?? null;
  };
  try {
    const viaRef = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }], { ref: code });
    expect(viaRef.body.orders[0].distributorUserId).toBe(referrer.id);
    const noRef = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
    expect(noRef.body.orders[0].distributorUserId).toBeNull();
  } finally {
    attribution.attribute = original;
  }
});
