import { createUser, type TestUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, placeOrder, startCommerceApi } from './commerce-fixtures.js';

/** The order detail page's timeline, built from what the API records, through real payments and refunds. */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const orderOf = (buyer: TestUser, id: number) => w.t.request('GET', `/orders/${id}`, { token: buyer.token }).then((r) => r.body);
const kinds = (o: any) => o.timeline.map((e: any) => e.kind);

async function until(what: string, fn: () => Promise<any>, ok: (v: any) => boolean) {
  const end = Date.now() + 15_000;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function paidOrder(quantity = 1) {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 12_800, stock: 10 }]);
  const buyer = await createUser(w.t);
  const order = (await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity }])).body.orders[0];
  expect(order.timeline).toEqual([{ kind: 'placed', at: order.createdAt, refundId: null, amount: null, note: null }]);
  expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  return {
    m,
    buyer,
    order: await until(
      'paid',
      () => orderOf(buyer, order.id),
      (o) => o.status === 'paid',
    ),
  };
}

test('placed → paid → shipped → refund asked and rejected → received, for buyer and merchant alike', async () => {
  const { m, buyer, order } = await paidOrder(2);
  expect(order.timeline[1]).toEqual({ kind: 'paid', at: order.paidAt, refundId: null, amount: 25_600, note: null });
  await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: 'SF1234567890' } });
  const ask = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '发错颜色' } });
  await w.t.request('POST', `/merchant/refunds/${ask.body.id}/reject`, { ...mh(m), body: { reason: '颜色与下单一致' } });
  await w.t.request('POST', `/orders/${order.id}/confirm-receipt`, { token: buyer.token });

  const seen = await orderOf(buyer, order.id);
  expect(kinds(seen)).toEqual(['placed', 'paid', 'shipped', 'refund_requested', 'refund_rejected', 'received']);
  expect(seen.timeline[2]).toMatchObject({ at: seen.shippedAt, note: '顺丰速运 SF1234567890' });
  expect(seen.timeline[3]).toMatchObject({ refundId: ask.body.id, amount: 25_600, note: '发错颜色' });
  expect(seen.timeline[4]).toMatchObject({ refundId: ask.body.id, note: '颜色与下单一致' });
  expect(seen.timeline[5].at).toBe(seen.receivedAt);
  const times = seen.timeline.map((e: any) => Date.parse(e.at));
  expect(times).toEqual([...times].sort((a, b) => a - b));
  // the merchant's order view and the buyer's list carry the same timeline
  expect((await w.t.request('GET', `/merchant/orders/${order.id}`, mh(m))).body.timeline).toEqual(seen.timeline);
  const listed = (await w.t.request('GET', '/orders', { token: buyer.token })).body.items.find((o: any) => o.id === order.id);
  expect(listed.timeline).toEqual(seen.timeline);
}, 60_000);

test('a refund approved and paid out by WeChat: requested, approved, succeeded, then the order is refunded', async () => {
  const { m, buyer, order } = await paidOrder(1);
  const ask = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '不想要了' } });
  await w.t.request('POST', `/merchant/refunds/${ask.body.id}/approve`, mh(m));
  const done = await until(
    'refunded',
    () => orderOf(buyer, order.id),
    (o) => o.status === 'refunded',
  );
  expect(kinds(done)).toEqual(['placed', 'paid', 'refund_requested', 'refund_approved', 'refund_succeeded', 'refunded']);
  expect(done.timeline.slice(2).map((e: any) => [e.refundId, e.amount])).toEqual([
    [ask.body.id, 12_800],
    [ask.body.id, 12_800],
    [ask.body.id, 12_800],
    [null, 12_800],
  ]);
}, 60_000);

test('a cancelled order ends at cancelled; nothing after it', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m);
  const buyer = await createUser(w.t);
  const order = (await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }])).body.orders[0];
  const cancelled = await w.t.request('POST', `/orders/${order.id}/cancel`, { token: buyer.token });
  expect(kinds(cancelled.body)).toEqual(['placed', 'cancelled']);
  expect(cancelled.body.timeline[1].at).toBe(cancelled.body.closedAt);
});
