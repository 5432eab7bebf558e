import { AfterSaleDeadlinesService } from '../src/after-sales/after-sale-deadlines.service.js';
import {
  type CommerceWorld,
  type TestMerchant,
  addStaff,
  address,
  createMerchant,
  createProduct,
  placeOrder,
  skuStock,
  startCommerceApi,
} from './commerce-fixtures.js';
import { type TestUser, createUser } from './fixtures.js';
import { until } from './polling.js';

/**
 * After-sales (售后), both sides (docs/orders.md "After-sales"): a request wraps one refund; refund-only before
 * shipping, return-and-refund after; the merchant approves, rejects or confirms the returned parcel; deadlines
 * nobody met are decided by the `after-sales.deadlines` job.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true, isolatedDatabase: true, notifyTimeScale: 0.01 });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const DAY = 86_400_000;
const IMAGES = { images: ['https://img.example.com/p.png'] };
const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const RETURN_ADDRESS = { ...address, name: '售后仓', detail: '退货专用仓 1 号门' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** A paid order of `lines` (price, quantity) from a fresh merchant; shipped when asked. */
async function paidOrder(lines: Array<{ price: number; quantity: number }>, { shipped = false, merchantName = '售后商家' } = {}) {
  const m = await createMerchant(w, merchantName);
  const p = await createProduct(
    w,
    m,
    lines.map((l) => ({ price: l.price, stock: 20 })),
    IMAGES,
  );
  const buyer = await createUser(w.t);
  const order = (
    await placeOrder(
      w,
      buyer,
      m.shopId,
      lines.map((l, i) => ({ skuId: p.skuIds[i]!, quantity: l.quantity })),
    )
  ).body.orders[0];
  await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    () => w.t.request('GET', `/orders/${order.id}`, { token: buyer.token }),
    (r) => r.body.status === 'paid',
  );
  if (shipped) {
    const res = await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: `SF${order.id}0001` } });
    expect(res.body.status).toBe('shipped');
  }
  return { m, p, buyer, order };
}

const apply = (buyer: TestUser, orderId: number, body: Record<string, unknown>) =>
  w.t.request('POST', `/orders/${orderId}/after-sales`, { token: buyer.token, body });
const buyerView = (buyer: TestUser, id: number) => w.t.request('GET', `/after-sales/${id}`, { token: buyer.token });
const sweep = (days: number) => w.t.api.app.get(AfterSaleDeadlinesService).sweep(new Date(Date.now() + days * DAY));

test('refund-only before shipping: quoted to the fen, ship refused while open, merchant approves, money back, stock back', async () => {
  const { m, p, buyer, order } = await paidOrder([{ price: 1234, quantity: 3 }]);
  const line = order.items[0];
  const quote = await w.t.request('POST', `/orders/${order.id}/after-sales/quote`, {
    token: buyer.token,
    body: { items: [{ orderItemId: line.id, quantity: 2 }] },
  });
  expect(quote.status).toBe(200);
  expect(quote.body).toEqual({
    lines: [{ orderItemId: line.id, quantity: 2, amount: 2468, refundableQuantity: 3 }],
    shippingAmount: 0,
    amount: 2468,
    remainingTotal: 3702,
    allowedTypes: ['refund_only'],
  });
  // nothing shipped yet: there is nothing to send back
  const early = await apply(buyer, order.id, { type: 'return_refund', reason: 'quality', items: [{ orderItemId: line.id, quantity: 2 }] });
  expect([early.status, early.body.details?.[0]?.field]).toEqual([400, 'type']);

  const created = await apply(buyer, order.id, {
    type: 'refund_only',
    reason: 'no_longer_wanted',
    description: '拍多了',
    items: [{ orderItemId: line.id, quantity: 2 }],
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({
    status: 'pending',
    type: 'refund_only',
    amount: 2468,
    items: [{ orderItemId: line.id, quantity: 2, amount: 2468 }],
    dueAt: expect.any(String),
  });

  const shipping = await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: 'SF00000001' } });
  expect(shipping.status).toBe(409);
  expect(shipping.body).toMatchObject({ code: 'REFUND_OPEN', details: { outRefundNo: created.body.outRefundNo } });

  const list = await w.t.request('GET', '/merchant/after-sales?status=pending', mh(m));
  expect(list.body.items.map((a: any) => a.id)).toEqual([created.body.id]);
  expect(list.body.counts).toMatchObject({ pending: 1, completed: 0 });

  const approved = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/approve`, { ...mh(m), body: {} });
  expect(approved.status).toBe(200);
  const done = await until(
    'refunded',
    () => buyerView(buyer, created.body.id),
    (r) => r.body.status === 'completed',
  );
  expect(done.body.timeline.map((e: any) => e.kind)).toEqual(['requested', 'approved', 'refund_submitted', 'refunded']);
  const after = await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token });
  expect(after.body).toMatchObject({ status: 'paid', refundedTotal: 2468 });
  expect(await skuStock(w, p.skuIds[0]!)).toBe(19); // 20 − 3 sold + 2 that never left
  // the last unit may still be asked for, never more
  const tooMany = await apply(buyer, order.id, { type: 'refund_only', reason: 'other', items: [{ orderItemId: line.id, quantity: 2 }] });
  expect([tooMany.status, tooMany.body.details?.[0]?.field]).toEqual([400, 'items.0.quantity']);
  expect(
    (await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: 'SF00000001' } })).body.status,
  ).toBe('shipped');
}, 60_000);

test('return-and-refund: approved with the return address, buyer ships back, refund and restock only when the merchant confirms receipt', async () => {
  const { m, p, buyer, order } = await paidOrder([{ price: 5000, quantity: 2 }], { shipped: true });
  const line = order.items[0];
  const quote = await w.t.request('POST', `/orders/${order.id}/after-sales/quote`, { token: buyer.token, body: {} });
  expect(quote.body).toMatchObject({ amount: 10000, allowedTypes: ['refund_only', 'return_refund'] });
  const created = await apply(buyer, order.id, {
    type: 'return_refund',
    reason: 'quality',
    description: '拉链坏了',
    photos: [],
    items: [{ orderItemId: line.id, quantity: 1 }],
  });
  expect(created.body).toMatchObject({ status: 'pending', amount: 5000 });

  // no address given and no default saved: the merchant is told which field is missing
  const noAddress = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/approve`, { ...mh(m), body: {} });
  expect([noAddress.status, noAddress.body.details?.[0]?.field]).toEqual([400, 'returnAddress']);
  expect((await w.t.request('PUT', '/merchant/after-sale-settings', { ...mh(m), body: { returnAddress: RETURN_ADDRESS } })).body).toEqual({
    returnAddress: RETURN_ADDRESS,
  });
  // the bare refund route cannot bypass the return
  const bypass = await w.t.request('POST', `/merchant/refunds/${created.body.refundId}/approve`, mh(m));
  expect(bypass).toMatchObject({ status: 409, body: { code: 'AFTER_SALE_REFUND' } });

  const approved = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/approve`, { ...mh(m), body: {} });
  expect(approved.body).toMatchObject({ status: 'awaiting_return', returnAddress: RETURN_ADDRESS });
  const early = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/confirm-return`, mh(m));
  expect(early).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });

  const badTracking = await w.t.request('POST', `/after-sales/${created.body.id}/return-shipment`, {
    token: buyer.token,
    body: { carrier: '中通快递', trackingNo: '单号?' },
  });
  expect([badTracking.status, badTracking.body.details?.[0]?.field]).toEqual([400, 'trackingNo']);
  const shippedBack = await w.t.request('POST', `/after-sales/${created.body.id}/return-shipment`, {
    token: buyer.token,
    body: { carrier: '中通快递', trackingNo: 'ZT123456789' },
  });
  expect(shippedBack.body).toMatchObject({ status: 'returning', returnCarrier: '中通快递', returnTrackingNo: 'ZT123456789' });
  // a buyer who has shipped the parcel can no longer withdraw
  expect((await w.t.request('POST', `/after-sales/${created.body.id}/cancel`, { token: buyer.token })).status).toBe(409);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(18);
  expect((await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body.refundedTotal).toBe(0);

  const received = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/confirm-return`, mh(m));
  expect(received.status).toBe(200);
  const done = await until(
    'refunded',
    () => buyerView(buyer, created.body.id),
    (r) => r.body.status === 'completed',
  );
  expect(done.body.timeline.map((e: any) => e.kind)).toEqual(['requested', 'approved', 'return_shipped', 'return_received', 'refund_submitted', 'refunded']);
  expect((await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body).toMatchObject({ status: 'shipped', refundedTotal: 5000 });
  expect(await skuStock(w, p.skuIds[0]!)).toBe(19); // the unit came back
  const [refund] = await w.t.ds.query('SELECT restock FROM refund WHERE id = $1', [created.body.refundId]);
  expect(refund.restock).toBe(true);
}, 60_000);

test('refund-only after shipping: the goods stay with the buyer, so nothing is restocked', async () => {
  const { m, p, buyer, order } = await paidOrder([{ price: 800, quantity: 1 }], { shipped: true });
  const created = await apply(buyer, order.id, { type: 'refund_only', reason: 'not_received', items: [{ orderItemId: order.items[0].id, quantity: 1 }] });
  await w.t.request('POST', `/merchant/after-sales/${created.body.id}/approve`, { ...mh(m), body: {} });
  await until(
    'refunded',
    () => buyerView(buyer, created.body.id),
    (r) => r.body.status === 'completed',
  );
  expect(await skuStock(w, p.skuIds[0]!)).toBe(19);
  expect((await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body.status).toBe('refunded');
}, 60_000);

test('the merchant rejects with a reason; the order ships again; a rejection needs a reason', async () => {
  const { m, buyer, order } = await paidOrder([{ price: 1000, quantity: 1 }]);
  const created = await apply(buyer, order.id, { type: 'refund_only', reason: 'other', items: [{ orderItemId: order.items[0].id, quantity: 1 }] });
  const noReason = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/reject`, { ...mh(m), body: { reason: '' } });
  expect([noReason.status, noReason.body.details?.[0]?.field]).toEqual([400, 'reason']);
  const rejected = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/reject`, { ...mh(m), body: { reason: '商品已打包出库' } });
  expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '商品已打包出库' });
  expect((await buyerView(buyer, created.body.id)).body.timeline.at(-1)).toMatchObject({ kind: 'rejected', note: '商品已打包出库' });
  const [refund] = await w.t.ds.query('SELECT status FROM refund WHERE id = $1', [created.body.refundId]);
  expect(refund.status).toBe('rejected');
  expect(
    (await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: 'SF00000002' } })).body.status,
  ).toBe('shipped');
}, 60_000);

test('the buyer cancels a pending request: its refund is withdrawn, shipping is free again, a new request may follow', async () => {
  const { m, buyer, order } = await paidOrder([{ price: 1000, quantity: 2 }]);
  const created = await apply(buyer, order.id, { type: 'refund_only', reason: 'no_longer_wanted', items: [{ orderItemId: order.items[0].id, quantity: 1 }] });
  const second = await apply(buyer, order.id, { type: 'refund_only', reason: 'no_longer_wanted', items: [{ orderItemId: order.items[0].id, quantity: 1 }] });
  expect(second).toMatchObject({ status: 409, body: { code: 'REFUND_ALREADY_OPEN' } });
  const cancelled = await w.t.request('POST', `/after-sales/${created.body.id}/cancel`, { token: buyer.token });
  expect(cancelled.body).toMatchObject({ status: 'cancelled' });
  expect((await w.t.request('POST', `/after-sales/${created.body.id}/cancel`, { token: buyer.token })).status).toBe(409);
  const [refund] = await w.t.ds.query('SELECT status, cancelled_at FROM refund WHERE id = $1', [created.body.refundId]);
  expect(refund).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(Date) });
  expect((await w.t.request('POST', `/merchant/after-sales/${created.body.id}/approve`, { ...mh(m), body: {} })).status).toBe(409);
  expect((await apply(buyer, order.id, { type: 'refund_only', reason: 'other', items: [{ orderItemId: order.items[0].id, quantity: 2 }] })).status).toBe(201);
}, 60_000);

test('a return on its way back can be refused with a reason (never arrived, not as described): no refund, no restock, the deadline job leaves it', async () => {
  const { m, p, buyer, order } = await paidOrder([{ price: 3000, quantity: 1 }], { shipped: true });
  await w.t.request('PUT', '/merchant/after-sale-settings', { ...mh(m), body: { returnAddress: RETURN_ADDRESS } });
  const created = await apply(buyer, order.id, { type: 'return_refund', reason: 'quality', items: [{ orderItemId: order.items[0].id, quantity: 1 }] });
  // refusing needs a reason; a pending return is declined the ordinary way, so approve it first
  expect((await w.t.request('POST', `/merchant/after-sales/${created.body.id}/approve`, { ...mh(m), body: {} })).body.status).toBe('awaiting_return');
  await w.t.request('POST', `/after-sales/${created.body.id}/return-shipment`, {
    token: buyer.token,
    body: { carrier: '中通快递', trackingNo: 'ZT000111222' },
  });
  const noReason = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/reject`, { ...mh(m), body: {} });
  expect([noReason.status, noReason.body.details?.[0]?.field]).toEqual([400, 'reason']);

  const refused = await w.t.request('POST', `/merchant/after-sales/${created.body.id}/reject`, { ...mh(m), body: { reason: '退回的包裹是空的，已拍照留存' } });
  expect(refused.body).toMatchObject({ status: 'rejected', rejectReason: '退回的包裹是空的，已拍照留存' });
  const seen = (await buyerView(buyer, created.body.id)).body;
  expect(seen.timeline.map((e: any) => e.kind)).toEqual(['requested', 'approved', 'return_shipped', 'rejected']);
  expect(seen.timeline.at(-1).note).toBe('退回的包裹是空的，已拍照留存');
  const [refund] = await w.t.ds.query('SELECT status FROM refund WHERE id = $1', [created.body.refundId]);
  expect(refund.status).toBe('rejected');

  // past every deadline nothing is received or refunded on its own
  await sweep(30);
  expect((await buyerView(buyer, created.body.id)).body.status).toBe('rejected');
  expect((await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body.refundedTotal).toBe(0);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(19);
}, 60_000);

test('only the owner changes the default return address (returns would be sent wherever it says)', async () => {
  const m = await createMerchant(w, '退货地址商家');
  const clerk = await createUser(w.t);
  await addStaff(w, m, clerk);
  const asClerk = { token: clerk.token, headers: { 'x-merchant-id': String(m.id) } };
  const refused = await w.t.request('PUT', '/merchant/after-sale-settings', { ...asClerk, body: { returnAddress: RETURN_ADDRESS } });
  expect(refused.status).toBe(403);
  expect((await w.t.request('GET', '/merchant/after-sale-settings', asClerk)).body).toEqual({ returnAddress: null });
  expect((await w.t.request('PUT', '/merchant/after-sale-settings', { ...mh(m), body: { returnAddress: RETURN_ADDRESS } })).body).toEqual({
    returnAddress: RETURN_ADDRESS,
  });
});

test('deadlines: an unanswered request is approved, an unshipped return closes, an unconfirmed return is received and refunded', async () => {
  const settings = await w.t.request('PUT', '/admin/settings', {
    token: w.admin.token,
    body: { afterSaleReplyDays: 3, returnShipDays: 5, returnReceiveDays: 4 },
  });
  expect(settings.body).toMatchObject({ afterSaleReplyDays: 3, returnShipDays: 5, returnReceiveDays: 4 });
  const a = await paidOrder([{ price: 700, quantity: 1 }]);
  const refundOnly = await apply(a.buyer, a.order.id, { type: 'refund_only', reason: 'other', items: [{ orderItemId: a.order.items[0].id, quantity: 1 }] });
  expect(new Date(refundOnly.body.dueAt).getTime()).toBeGreaterThan(Date.now() + 3 * DAY - 60_000);
  const b = await paidOrder([{ price: 900, quantity: 1 }], { shipped: true });
  await w.t.request('PUT', '/merchant/after-sale-settings', { ...mh(b.m), body: { returnAddress: RETURN_ADDRESS } });
  const unshipped = await apply(b.buyer, b.order.id, { type: 'return_refund', reason: 'damaged', items: [{ orderItemId: b.order.items[0].id, quantity: 1 }] });
  const c = await paidOrder([{ price: 600, quantity: 1 }], { shipped: true });
  await w.t.request('PUT', '/merchant/after-sale-settings', { ...mh(c.m), body: { returnAddress: RETURN_ADDRESS } });
  const returned = await apply(c.buyer, c.order.id, {
    type: 'return_refund',
    reason: 'wrong_item',
    items: [{ orderItemId: c.order.items[0].id, quantity: 1 }],
  });

  // not yet due: nothing moves
  await sweep(2);
  expect((await buyerView(a.buyer, refundOnly.body.id)).body.status).toBe('pending');
  await sweep(3.01);
  await until(
    'auto-approved refund',
    () => buyerView(a.buyer, refundOnly.body.id),
    (r) => r.body.status === 'completed',
  );
  const auto = (await buyerView(a.buyer, refundOnly.body.id)).body.timeline.find((e: any) => e.kind === 'approved');
  expect(auto.note).toBe('商家超时未处理，系统自动同意');
  expect((await buyerView(b.buyer, unshipped.body.id)).body).toMatchObject({ status: 'awaiting_return', returnAddress: RETURN_ADDRESS });
  expect((await buyerView(c.buyer, returned.body.id)).body.status).toBe('awaiting_return');
  await w.t.request('POST', `/after-sales/${returned.body.id}/return-shipment`, {
    token: c.buyer.token,
    body: { carrier: '圆通速递', trackingNo: 'YT20261207' },
  });

  // 5 days to ship back from the approval (at +3 days), 4 to confirm from the buyer's shipment (now)
  await sweep(7.9);
  expect((await buyerView(b.buyer, unshipped.body.id)).body.status).toBe('awaiting_return');
  expect((await buyerView(c.buyer, returned.body.id)).body.status).toBe('refunding');
  await until(
    'auto-received refund',
    () => buyerView(c.buyer, returned.body.id),
    (r) => r.body.status === 'completed',
  );
  expect(await skuStock(w, c.p.skuIds[0]!)).toBe(20);
  await sweep(8.01);
  expect((await buyerView(b.buyer, unshipped.body.id)).body.status).toBe('closed');
  const [refund] = await w.t.ds.query('SELECT status FROM refund WHERE id = $1', [unshipped.body.refundId]);
  expect(refund.status).toBe('cancelled');
  await w.t.request('PUT', '/admin/settings', { token: w.admin.token, body: { afterSaleReplyDays: 2, returnShipDays: 7, returnReceiveDays: 10 } });
}, 90_000);

test('a merchant who never answers a return and has no return address: the buyer keeps the goods and is refunded', async () => {
  const { buyer, order } = await paidOrder([{ price: 300, quantity: 1 }], { shipped: true });
  const created = await apply(buyer, order.id, { type: 'return_refund', reason: 'quality', items: [{ orderItemId: order.items[0].id, quantity: 1 }] });
  await sweep(2.01);
  const done = await until(
    'refunded',
    () => buyerView(buyer, created.body.id),
    (r) => r.body.status === 'completed',
  );
  expect(done.body.returnAddress).toBeNull();
}, 60_000);

test('bad input is a 400 naming the field, and nothing is created', async () => {
  const { buyer, order } = await paidOrder([{ price: 1000, quantity: 1 }]);
  const item = { orderItemId: order.items[0].id, quantity: 1 };
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ reason: 'other', items: [item] }, 'type'],
    [{ type: 'refund', reason: 'other', items: [item] }, 'type'],
    [{ type: 'refund_only', reason: '不想要', items: [item] }, 'reason'],
    [{ type: 'refund_only', reason: 'other', items: [] }, 'items'],
    [{ type: 'refund_only', reason: 'other', items: [{ ...item, quantity: 0 }] }, 'items.0.quantity'],
    [{ type: 'refund_only', reason: 'other', items: [{ ...item, quantity: 2 }] }, 'items.0.quantity'],
    [{ type: 'refund_only', reason: 'other', items: [{ orderItemId: 999_999_999, quantity: 1 }] }, 'items.0.orderItemId'],
    [{ type: 'refund_only', reason: 'other', items: [item], photos: ['javascript:alert(1)'] }, 'photos.0'],
    [
      { type: 'refund_only', reason: 'other', items: [item], photos: ['/uploads/1/a.png', '/uploads/1/b.png', '/uploads/1/c.png', '/uploads/1/d.png'] },
      'photos',
    ],
    [{ type: 'refund_only', reason: 'other', items: [item], description: 'x'.repeat(501) }, 'description'],
    [{ type: 'refund_only', reason: 'other', items: [item], amount: 1 }, 'amount'],
  ];
  for (const [body, field] of cases) {
    const res = await apply(buyer, order.id, body);
    expect([res.status, res.body.details?.[0]?.field, JSON.stringify(body)]).toEqual([400, field, JSON.stringify(body)]);
  }
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM after_sale WHERE order_id = $1', [order.id]);
  expect(n).toBe(0);
}, 60_000);

test('photos: a buyer uploads up to 3 images (sniffed, like product images) and they are shown with the request', async () => {
  const { buyer, order } = await paidOrder([{ price: 1000, quantity: 1 }]);
  const upload = async (bytes: Buffer) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'photo.png');
    const res = await fetch(`${w.t.url}/api/v1/after-sales/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${buyer.token}` } });
    return { status: res.status, body: await res.json() };
  };
  const ok = await upload(PNG);
  expect(ok.body).toMatchObject({ url: expect.stringMatching(new RegExp(`^/uploads/aftersales/${buyer.id}/[0-9a-f]{32}\\.png$`)), contentType: 'image/png' });
  const served = await fetch(`${w.t.url}${ok.body.url}`);
  expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
  const notImage = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'));
  expect([notImage.status, notImage.body.details?.[0]?.field]).toEqual([400, 'file']);
  const created = await apply(buyer, order.id, {
    type: 'refund_only',
    reason: 'damaged',
    photos: [ok.body.url],
    items: [{ orderItemId: order.items[0].id, quantity: 1 }],
  });
  expect(created.body.photos).toEqual([ok.body.url]);
}, 60_000);

test('another buyer or merchant cannot see or act on a request (404); a buyer is not a merchant (403)', async () => {
  const { m, buyer, order } = await paidOrder([{ price: 1000, quantity: 1 }]);
  const created = await apply(buyer, order.id, { type: 'refund_only', reason: 'other', items: [{ orderItemId: order.items[0].id, quantity: 1 }] });
  const stranger = await createUser(w.t);
  expect((await buyerView(stranger, created.body.id)).status).toBe(404);
  expect((await w.t.request('POST', `/after-sales/${created.body.id}/cancel`, { token: stranger.token })).status).toBe(404);
  expect((await w.t.request('POST', `/orders/${order.id}/after-sales/quote`, { token: stranger.token, body: {} })).status).toBe(404);
  expect((await apply(stranger, order.id, { type: 'refund_only', reason: 'other', items: [{ orderItemId: order.items[0].id, quantity: 1 }] })).status).toBe(
    404,
  );
  expect((await w.t.request('GET', '/after-sales', { token: stranger.token })).body.items).toEqual([]);
  const other = await createMerchant(w, '别家');
  expect((await w.t.request('GET', `/merchant/after-sales/${created.body.id}`, mh(other))).status).toBe(404);
  expect((await w.t.request('POST', `/merchant/after-sales/${created.body.id}/approve`, { ...mh(other), body: {} })).status).toBe(404);
  expect((await w.t.request('POST', `/merchant/after-sales/${created.body.id}/reject`, { ...mh(other), body: { reason: '不行' } })).status).toBe(404);
  expect((await w.t.request('GET', '/merchant/after-sales', mh(other))).body.items).toEqual([]);
  expect((await w.t.request('GET', '/merchant/after-sales', { token: buyer.token })).status).toBe(403);
  // the owner sees it, with the order and its timeline
  const detail = await w.t.request('GET', `/merchant/after-sales/${created.body.id}`, mh(m));
  expect(detail.body).toMatchObject({
    id: created.body.id,
    order: { id: order.id, timeline: expect.arrayContaining([expect.objectContaining({ kind: 'refund_requested' })]) },
  });
  expect((await w.t.request('GET', `/after-sales?orderId=${order.id}`, { token: buyer.token })).body.items.map((a: any) => a.id)).toEqual([created.body.id]);
}, 60_000);
