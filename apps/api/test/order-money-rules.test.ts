import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, placeOrder, skuStock, startCommerceApi } from './commerce-fixtures.js';
import { createUser } from './fixtures.js';
import { until } from './polling.js';

/**
 * Money rules of issue 13 on the order path (docs/orders.md): no shipping while a refund is open, restock
 * decided when the refund completes, and amounts WeChat Pay cannot take refused when the order is placed.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true, isolatedDatabase: true, notifyTimeScale: 0.01 });
}, 60_000);
afterAll(async () => {
  await w?.t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: true }).catch(() => undefined);
  await w?.t.close();
});

/** on sale needs a main image */
const IMAGES = { images: ['https://img.example.com/p.png'] };
const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const ship = (m: TestMerchant, orderId: number) =>
  w.t.request('POST', `/merchant/orders/${orderId}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: `SF${orderId}0002` } });

test('no shipping while a refund is requested or processing (409 naming the refund); the completed refund restocks what never shipped', async () => {
  const m = await createMerchant(w, '退款中不发货');
  const p = await createProduct(w, m, [{ price: 1000, stock: 10 }], IMAGES);
  const buyer = await createUser(w.t);
  const order = (await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 2 }])).body.orders[0];
  await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    () => w.t.request('GET', `/orders/${order.id}`, { token: buyer.token }),
    (r) => r.body.status === 'paid',
  );
  expect(await skuStock(w, p.skuIds[0]!)).toBe(8);

  const asked = await w.t.request('POST', `/orders/${order.id}/refunds`, {
    token: buyer.token,
    body: { reason: '买多了一件', items: [{ orderItemId: order.items[0].id, quantity: 1 }] },
  });
  expect(asked.status).toBe(201);
  const requested = await ship(m, order.id);
  expect(requested.status).toBe(409);
  expect(requested.body).toMatchObject({ code: 'REFUND_OPEN', details: { outRefundNo: asked.body.outRefundNo, refundStatus: 'requested' } });
  expect(requested.body.message).toContain(asked.body.outRefundNo);

  await w.t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: false });
  try {
    expect((await w.t.request('POST', `/merchant/refunds/${asked.body.id}/approve`, mh(m))).body).toMatchObject({ status: 'processing' });
    const processing = await ship(m, order.id);
    expect(processing.status).toBe(409);
    expect(processing.body).toMatchObject({ code: 'REFUND_OPEN', details: { outRefundNo: asked.body.outRefundNo, refundStatus: 'processing' } });
    expect((await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body).toMatchObject({ status: 'paid', shippedAt: null });
    await w.t.control('POST', `/__sandbox__/refunds/${asked.body.outRefundNo}/result`, { status: 'SUCCESS' });
  } finally {
    await w.t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: true });
  }
  await until(
    'refund succeeded',
    () => w.t.request('GET', `/orders/${order.id}`, { token: buyer.token }),
    (r) => r.body.refundedTotal === 1000,
  );
  // nothing had shipped when the refund completed: the unit goes back on sale, the other one ships now
  expect(await skuStock(w, p.skuIds[0]!)).toBe(9);
  const [refund] = await w.t.ds.query('SELECT restock FROM refund WHERE id = $1', [asked.body.id]);
  expect(refund.restock).toBe(true);
  expect((await ship(m, order.id)).body).toMatchObject({ status: 'shipped' });
  expect(await skuStock(w, p.skuIds[0]!)).toBe(9);
}, 60_000);

test('an order above WeChat Pay’s 32-bit amount.total (2,147,483,647 fen) is a 400 at creation naming the field; nothing reserved', async () => {
  const m = await createMerchant(w, '大额');
  const p = await createProduct(w, m, [{ price: 99_999_999, stock: 100 }], IMAGES);
  const buyer = await createUser(w.t);
  const over = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 22 }]); // 2,199,999,978 fen
  expect(over.status).toBe(400);
  expect(over.body.details[0].field).toBe('items');
  expect(over.body.message).toMatch(/^items: /);
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM "order" WHERE buyer_user_id = $1', [buyer.id]);
  expect(n).toBe(0);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(100);
  const under = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 21 }]); // 2,099,999,979 fen
  expect(under.status).toBe(201);
  expect((await w.t.request('POST', `/orders/${under.body.orders[0].id}/pay`, { token: buyer.token })).status).toBe(200);
}, 60_000);

test('prices and stock have upper bounds: 400 naming the field, nothing changed', async () => {
  const m = await createMerchant(w, '上限');
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ price: 100_000_000 }, 'skus.0.price'],
    [{ price: 100, listPrice: 100_000_000 }, 'skus.0.listPrice'],
    [{ price: 100, stock: 10_000_001 }, 'skus.0.stock'],
  ];
  for (const [sku, field] of cases) {
    const res = await w.t.request('POST', '/merchant/products', { ...mh(m), body: { title: '上限', skus: [{ price: 100, ...sku }] } });
    expect([res.status, res.body.details?.[0]?.field]).toEqual([400, field]);
  }
  const p = await createProduct(w, m, [{ price: 99_999_999, stock: 10_000_000 }], IMAGES);
  const patched = await w.t.request('PATCH', `/merchant/skus/${p.skuIds[0]}`, { ...mh(m), body: { price: 100_000_000 } });
  expect([patched.status, patched.body.details?.[0]?.field]).toEqual([400, 'price']);
  const adjusted = await w.t.request('POST', `/merchant/skus/${p.skuIds[0]}/stock-adjustments`, { ...mh(m), body: { delta: 1, reason: '盘点' } });
  expect([adjusted.status, adjusted.body.details?.[0]?.field]).toEqual([400, 'delta']);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(10_000_000);
  const [{ price }] = await w.t.ds.query('SELECT price FROM sku WHERE id = $1', [p.skuIds[0]]);
  expect(price).toBe(99_999_999);
}, 60_000);
