import { createUser, type TestUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, orderReadyToPay, placeOrder, skuStock, startCommerceApi } from './commerce-fixtures.js';
import { until } from './polling.js';
import { OrderSweepsService } from '../src/orders/order-sweeps.service.js';
import { PaymentSyncService } from '../src/payments/payment-sync.service.js';
import { ApplyPaymentService } from '../src/payments/apply-payment.service.js';
import { WechatPayClient } from '@shareshop/wechat';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true, isolatedDatabase: true }); // its fallback sweeps act on every order in the database
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });

const orderOf = (buyer: TestUser, id: number) => w.t.request('GET', `/orders/${id}`, { token: buyer.token }).then((r) => r.body);

async function ledgerLines(key: string) {
  return w.t.ds.query(
    `SELECT a.code, e.amount FROM ledger_posting p JOIN ledger_entry e ON e.posting_id = p.id JOIN ledger_account a ON a.id = e.account_id
     WHERE p.idempotency_key = $1 ORDER BY a.code`,
    [key],
  );
}

async function events(type: string, orderId: number) {
  return w.t.ds.query(`SELECT payload FROM domain_event WHERE type = $1 AND aggregate_type = 'order' AND aggregate_id = $2 ORDER BY id`, [type, orderId]);
}

/** Buyer orders `quantity` of a fresh product (price 1000, stock 10) and pays in the sandbox. */
async function paidOrder(quantity = 2) {
  const { m, p, buyer, order } = await orderReadyToPay(w, { price: 1000, stock: 10, quantity });
  const done = await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  expect(done.status).toBeLessThan(300);
  const paid = await until(
    'order paid',
    () => orderOf(buyer, order.id),
    (o) => o.status === 'paid',
  );
  return { m, p, buyer, order: paid };
}

test('full path: product → order → pay in the sandbox → notify applied → ship → confirm → completed', async () => {
  const { m, p, buyer, order, pay } = await orderReadyToPay(w, { price: 12_800, stock: 5, quantity: 2 });
  expect(pay.status).toBe(200);
  expect(pay.body).toMatchObject({ orderId: order.id, outTradeNo: order.outTradeNo, amount: 25_600 });
  expect(pay.body.requestPayment).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=/) });
  expect(pay.body.requestPayment.paySign).toBeTruthy();
  // paying again reuses the prepay
  const again = await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  expect(again.body.requestPayment.package).toBe(pay.body.requestPayment.package);

  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  const paid = await until(
    'order paid',
    () => orderOf(buyer, order.id),
    (o) => o.status === 'paid',
  );
  expect(paid.paidAt).toBeTruthy();
  const [payment] = await w.t.ds.query('SELECT * FROM payment WHERE order_id = $1', [order.id]);
  expect(payment).toMatchObject({ outcome: 'applied', amount: 25_600, source: 'notify' });
  expect(await ledgerLines(`payment:${payment.transaction_id}`)).toEqual([
    { code: `merchant:${m.id}:payable`, amount: -25_600 },
    { code: 'platform:clearing', amount: 25_600 },
  ]);
  const [paidEvent] = await events('order.paid', order.id);
  expect(paidEvent.payload).toMatchObject({
    orderId: order.id,
    merchantId: m.id,
    shopId: m.shopId,
    distributorUserId: null,
    buyerUserId: buyer.id,
    paidTotal: 25_600,
    items: [{ orderItemId: order.items[0].id, productId: p.id, skuId: p.skuIds[0], quantity: 2, paidAmount: 25_600 }],
  });
  const [{ sold }] = await w.t.ds.query('SELECT sold FROM sku WHERE id = $1', [p.skuIds[0]]);
  expect(sold).toBe(2);

  // the merchant sees it, ships it
  const list = await w.t.request('GET', '/merchant/orders?status=paid', mh(m));
  expect(list.body.items.map((o: any) => o.id)).toContain(order.id);
  const shipped = await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: 'SF1234567890' } });
  expect(shipped.status).toBe(200);
  expect(shipped.body).toMatchObject({ status: 'shipped', carrier: '顺丰速运', trackingNo: 'SF1234567890' });

  const received = await w.t.request('POST', `/orders/${order.id}/confirm-receipt`, { token: buyer.token });
  expect(received.body.status).toBe('received');
  expect((await events('order.received', order.id))[0].payload).toMatchObject({ orderId: order.id, afterSaleDays: 7, auto: false });

  const sweeps = w.t.api.app.get(OrderSweepsService);
  await sweeps.autoComplete(new Date(Date.now() + 6 * 86_400_000));
  expect((await orderOf(buyer, order.id)).status).toBe('received');
  await sweeps.autoComplete(new Date(Date.now() + 8 * 86_400_000));
  expect((await orderOf(buyer, order.id)).status).toBe('completed');
  expect((await events('order.completed', order.id))[0].payload).toMatchObject({ orderId: order.id, paidTotal: 25_600, refundedTotal: 0 });
}, 60_000);

test('refund before shipping: whole order, approved → WeChat refund → notify → refunded, restocked, ledger reversed', async () => {
  const { m, p, buyer, order } = await paidOrder(2);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(8);
  const req = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '不想要了' } });
  expect(req.status).toBe(201);
  expect(req.body).toMatchObject({ status: 'requested', amount: 2000, kind: 'buyer' });
  // a second request while one is open is refused
  expect((await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '再来' } })).status).toBe(409);

  const approved = await w.t.request('POST', `/merchant/refunds/${req.body.id}/approve`, mh(m));
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('processing');
  const refunded = await until(
    'order refunded',
    () => orderOf(buyer, order.id),
    (o) => o.status === 'refunded',
  );
  expect(refunded).toMatchObject({ refundedTotal: 2000 });
  expect(refunded.items[0]).toMatchObject({ refundedQuantity: 2, refundedAmount: 2000 });
  expect(refunded.refunds[0]).toMatchObject({ status: 'succeeded' });
  expect(await skuStock(w, p.skuIds[0]!)).toBe(10);
  expect(await ledgerLines(`refund:${req.body.outRefundNo}`)).toEqual([
    { code: `merchant:${m.id}:payable`, amount: 2000 },
    { code: 'platform:clearing', amount: -2000 },
  ]);
  const [ev] = await events('order.refunded', order.id);
  expect(ev.payload).toMatchObject({
    refundId: req.body.id,
    orderId: order.id,
    refundAmount: 2000,
    fullyRefunded: true,
    restocked: true,
    items: [{ orderItemId: order.items[0].id, quantity: 2, refundAmount: 2000 }],
  });
}, 60_000);

test('refund after shipping: one of three units, no restock; the order stays shipped', async () => {
  const { m, p, buyer, order } = await paidOrder(3);
  await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '中通', trackingNo: 'ZT000111' } });
  const req = await w.t.request('POST', `/orders/${order.id}/refunds`, {
    token: buyer.token,
    body: { reason: '坏了一个', items: [{ orderItemId: order.items[0].id, quantity: 1 }] },
  });
  expect(req.status).toBe(201);
  expect(req.body.amount).toBe(1000);
  await w.t.request('POST', `/merchant/refunds/${req.body.id}/approve`, mh(m));
  const after = await until(
    'refund applied',
    () => orderOf(buyer, order.id),
    (o) => o.refundedTotal === 1000,
  );
  expect(after.status).toBe('shipped');
  expect(after.items[0]).toMatchObject({ refundedQuantity: 1, refundedAmount: 1000 });
  expect(await skuStock(w, p.skuIds[0]!)).toBe(7);
  const [ev] = await events('order.refunded', order.id);
  expect(ev.payload).toMatchObject({ refundAmount: 1000, fullyRefunded: false, restocked: false });
}, 60_000);

test('WeChat closes a refund (REFUND.CLOSED): it fails, nothing moves, and the buyer may ask again; ABNORMAL is not final', async () => {
  const { m, buyer, order } = await paidOrder(1);
  await w.t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: false });
  try {
    const first = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '第一次' } });
    await w.t.request('POST', `/merchant/refunds/${first.body.id}/approve`, mh(m));
    await w.t.control('POST', `/__sandbox__/refunds/${first.body.outRefundNo}/result`, { status: 'ABNORMAL' });
    await until(
      'abnormal noted',
      async () => (await w.t.ds.query('SELECT wechat_status FROM refund WHERE id = $1', [first.body.id]))[0],
      (r) => r.wechat_status === 'ABNORMAL',
    );
    expect((await w.t.ds.query('SELECT status FROM refund WHERE id = $1', [first.body.id]))[0].status).toBe('processing');
    await w.t.control('POST', `/__sandbox__/refunds/${first.body.outRefundNo}/result`, { status: 'CLOSED' });
    await until(
      'refund failed',
      async () => (await w.t.ds.query('SELECT status FROM refund WHERE id = $1', [first.body.id]))[0],
      (r) => r.status === 'failed',
    );
    const after = await orderOf(buyer, order.id);
    expect(after).toMatchObject({ status: 'paid', refundedTotal: 0 });
    expect(await ledgerLines(`refund:${first.body.outRefundNo}`)).toEqual([]);
    const second = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '第二次' } });
    expect(second.status).toBe(201);
  } finally {
    await w.t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: true });
  }
}, 60_000);

test('auto-receive after N days; refunds refused once the after-sale window has passed; illegal transitions are 409', async () => {
  const { m, buyer, order } = await paidOrder(1);
  expect((await w.t.request('POST', `/orders/${order.id}/confirm-receipt`, { token: buyer.token })).status).toBe(409);
  await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰', trackingNo: 'SF77777777' } });
  const again = await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰', trackingNo: 'SF77777777' } });
  expect(again.status).toBe(409);
  expect(again.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', details: { from: 'shipped', event: 'ship' } });
  expect((await w.t.request('POST', `/orders/${order.id}/cancel`, { token: buyer.token })).status).toBe(409);
  const sweeps = w.t.api.app.get(OrderSweepsService);
  await sweeps.autoReceive(new Date(Date.now() + 9 * 86_400_000));
  expect((await orderOf(buyer, order.id)).status).toBe('shipped');
  await sweeps.autoReceive(new Date(Date.now() + 11 * 86_400_000));
  expect((await orderOf(buyer, order.id)).status).toBe('received');
  expect((await events('order.received', order.id))[0].payload).toMatchObject({ auto: true });
  await w.t.ds.query(`UPDATE "order" SET received_at = now() - interval '8 days' WHERE id = $1`, [order.id]);
  const late = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '太晚了' } });
  expect(late.status).toBe(409);
  expect(late.body.code).toBe('AFTER_SALE_EXPIRED');
}, 60_000);

test('merchant rejects a refund request', async () => {
  const { m, buyer, order } = await paidOrder(1);
  const req = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '试试' } });
  const waiting = await w.t.request(
    'GET',
    `/merchant/orders?refund=requested&from=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`,
    mh(m),
  );
  expect(waiting.body.items.map((o: any) => o.id)).toEqual([order.id]);
  expect((await w.t.request('GET', '/merchant/refunds?status=requested', mh(m))).body.items.map((r: any) => r.id)).toEqual([req.body.id]);
  const rejected = await w.t.request('POST', `/merchant/refunds/${req.body.id}/reject`, { ...mh(m), body: { reason: '商品无质量问题' } });
  expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '商品无质量问题' });
  expect((await w.t.request('POST', `/merchant/refunds/${req.body.id}/approve`, mh(m))).status).toBe(409);
  expect((await orderOf(buyer, order.id)).status).toBe('paid');
}, 60_000);

test('the same paid notify delivered 10 times concurrently: one transition, one ledger posting, one event', async () => {
  const { p, buyer, order } = await orderReadyToPay(w, { price: 777, stock: 10, quantity: 1 });
  await w.t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  try {
    await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
    const notes = (await w.t.control('GET', '/__sandbox__/notifications')).body as Array<{ id: string; resource?: unknown; state: string; event_type: string }>;
    const held = notes.filter((n) => n.state === 'held' && n.event_type === 'TRANSACTION.SUCCESS');
    expect(held.length).toBeGreaterThan(0);
    const id = held.at(-1)!.id;
    await Promise.all(Array.from({ length: 10 }, () => w.t.control('POST', `/__sandbox__/notifications/${id}/replay`)));
    // the replay answers report the notification's latest delivery; the delivery log has each one
    const deliveries = (
      (await w.t.control('GET', '/__sandbox__/deliveries')).body as Array<{ notification_id: string; kind: string; status: number | null }>
    ).filter((d) => d.notification_id === id && d.kind === 'replay');
    expect(deliveries.map((d) => d.status)).toEqual(Array(10).fill(204));
  } finally {
    await w.t.control('POST', '/__sandbox__/notifications/release', {});
  }
  expect((await orderOf(buyer, order.id)).status).toBe('paid');
  const [{ n: payments }] = await w.t.ds.query('SELECT count(*)::int AS n FROM payment WHERE order_id = $1', [order.id]);
  const [{ n: postings }] = await w.t.ds.query(`SELECT count(*)::int AS n FROM ledger_posting WHERE ref_type = 'order' AND ref_id = $1`, [order.id]);
  expect(payments).toBe(1);
  expect(postings).toBe(1);
  expect(await events('order.paid', order.id)).toHaveLength(1);
  const [{ sold }] = await w.t.ds.query('SELECT sold FROM sku WHERE id = $1', [p.skuIds[0]]);
  expect(sold).toBe(1);
  const [note] = await w.t.ds.query('SELECT deliveries, result FROM wechat_pay_notification WHERE out_trade_no = $1', [order.outTradeNo]);
  expect(note.result).toBe('applied');
  expect(note.deliveries).toBeGreaterThanOrEqual(10);
}, 60_000);

test('without the in-process queue (as with several API instances) the database alone applies a payment once', async () => {
  const { m, p } = await paidOrder(1); // warms the merchant's ledger accounts
  const buyer = await createUser(w.t);
  const order = (await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }])).body.orders[0];
  await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  await w.t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  try {
    await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
    const tx = await w.t.api.app.get(WechatPayClient).queryByOutTradeNo(order.outTradeNo);
    const service = w.t.api.app.get(ApplyPaymentService) as unknown as { applyOnce: ApplyPaymentService['apply'] };
    const outcomes = await Promise.all(
      Array.from({ length: 5 }, (_, i) => service.applyOnce(tx, 'notify', { id: `direct-${order.outTradeNo}-${i % 2}`, eventType: 'TRANSACTION.SUCCESS' })),
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(4);
  } finally {
    await w.t.control('POST', '/__sandbox__/notifications/release', {});
  }
  const [{ n }] = await w.t.ds.query(`SELECT count(*)::int AS n FROM ledger_posting WHERE ref_type = 'order' AND ref_id = $1`, [order.id]);
  expect(n).toBe(1);
  expect(await events('order.paid', order.id)).toHaveLength(1);
}, 60_000);

test('cancelling an order whose payment just went through is refused, and the payment applied', async () => {
  const { buyer, order } = await orderReadyToPay(w, { price: 500, stock: 10, quantity: 1 });
  await w.t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  try {
    await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
    const cancel = await w.t.request('POST', `/orders/${order.id}/cancel`, { token: buyer.token });
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('ALREADY_PAID');
    expect((await orderOf(buyer, order.id)).status).toBe('paid');
  } finally {
    await w.t.control('POST', '/__sandbox__/notifications/release', {});
  }
}, 60_000);

test('a payment that lands on an order already closed (the race window) is refunded automatically and recorded', async () => {
  const { p, buyer, order } = await orderReadyToPay(w, { price: 500, stock: 10, quantity: 1 });
  // closed on our side while WeChat still took the money (e.g. the close at WeChat was lost)
  await w.t.ds.query(`UPDATE "order" SET status = 'closed', closed_at = now() WHERE id = $1`, [order.id]);
  await w.t.ds.query('UPDATE sku SET stock = stock + 1 WHERE id = $1', [p.skuIds[0]]);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  const refund = await until(
    'automatic refund',
    async () => (await w.t.ds.query(`SELECT * FROM refund WHERE order_id = $1 AND kind = 'auto'`, [order.id]))[0],
    (r) => r?.status === 'succeeded',
  );
  expect(refund.amount).toBe(500);
  const [payment] = await w.t.ds.query('SELECT * FROM payment WHERE order_id = $1', [order.id]);
  expect(payment.outcome).toBe('refunded');
  expect((await orderOf(buyer, order.id)).status).toBe('closed');
  const [{ balance }] = await w.t.ds.query(
    `SELECT COALESCE(sum(e.amount), 0)::bigint AS balance FROM ledger_entry e JOIN ledger_posting p ON p.id = e.posting_id
     JOIN ledger_account a ON a.id = e.account_id WHERE a.code = 'platform:unmatched_payments' AND p.idempotency_key IN ($1, $2)`,
    [`payment:${payment.transaction_id}`, `refund:${refund.out_refund_no}`],
  );
  expect(balance).toBe(0);
  expect(await events('order.paid', order.id)).toHaveLength(0);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(10);
}, 60_000);

test('a lost callback: the fallback query applies the payment', async () => {
  const { buyer, order } = await orderReadyToPay(w, { price: 300, stock: 10, quantity: 1 });
  await w.t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  try {
    await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
    const sync = w.t.api.app.get(PaymentSyncService);
    await sync.queryUnpaid(new Date(Date.now() + 5 * 60_000));
    expect((await orderOf(buyer, order.id)).status).toBe('paid');
    const [payment] = await w.t.ds.query('SELECT source FROM payment WHERE order_id = $1', [order.id]);
    expect(payment.source).toBe('query');
  } finally {
    await w.t.control('POST', '/__sandbox__/notifications/release', {});
  }
  // the late callback is then a harmless duplicate
  await until(
    'callback delivered',
    async () => (await w.t.ds.query('SELECT result FROM wechat_pay_notification WHERE out_trade_no = $1', [order.outTradeNo]))[0],
    (r) => !!r,
  );
  const [{ n }] = await w.t.ds.query(`SELECT count(*)::int AS n FROM ledger_posting WHERE ref_type = 'order' AND ref_id = $1`, [order.id]);
  expect(n).toBe(1);
}, 60_000);

test('auto-close of an order with a prepay closes it at WeChat first, so it can no longer be paid', async () => {
  const { p, buyer, order } = await orderReadyToPay(w, { price: 300, stock: 2, quantity: 2 });
  const result = await w.t.api.app.get(OrderSweepsService).autoClose(new Date(Date.now() + 31 * 60_000));
  expect(result.closed).toBeGreaterThanOrEqual(1);
  expect((await orderOf(buyer, order.id)).status).toBe('closed');
  expect(await skuStock(w, p.skuIds[0]!)).toBe(2);
  const tries = await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  expect(tries.status).toBeGreaterThanOrEqual(400);
}, 60_000);

test('a lost refund callback: the refund sync job queries WeChat and applies the result once', async () => {
  const { m, buyer, order } = await paidOrder(1);
  const req = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '丢了回调' } });
  await w.t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  try {
    await w.t.request('POST', `/merchant/refunds/${req.body.id}/approve`, mh(m));
    await until(
      'WeChat refund done',
      async () => (await w.t.control('GET', '/__sandbox__/state')).body.refunds.find((r: any) => r.out_refund_no === req.body.outRefundNo),
      (r) => r?.status === 'SUCCESS',
    );
    expect((await orderOf(buyer, order.id)).status).toBe('paid');
    await w.t.api.app.get(PaymentSyncService).syncRefunds(new Date(Date.now() + 10 * 60_000));
    expect((await orderOf(buyer, order.id)).status).toBe('refunded');
  } finally {
    await w.t.control('POST', '/__sandbox__/notifications/release', {});
  }
  await new Promise((r) => setTimeout(r, 300));
  expect(await ledgerLines(`refund:${req.body.outRefundNo}`)).toHaveLength(2);
  expect(await events('order.refunded', order.id)).toHaveLength(1);
}, 60_000);

test('a callback whose amount does not match the order applies nothing and asks WeChat to retry (400 FAIL)', async () => {
  const { buyer, order } = await orderReadyToPay(w, { price: 100, stock: 10, quantity: 1 });
  // our side now expects a different amount than WeChat was asked for
  await w.t.ds.query('UPDATE "order" SET shipping_fee = 1, paid_total = paid_total + 1 WHERE id = $1', [order.id]);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  const note = await until(
    'callback seen',
    async () => (await w.t.ds.query('SELECT result FROM wechat_pay_notification WHERE out_trade_no = $1', [order.outTradeNo]))[0],
    (r) => !!r,
  );
  expect(note.result).toBe('mismatch');
  const deliveries = (await w.t.control('GET', '/__sandbox__/deliveries')).body.filter((d: any) => d.url.endsWith('/notify') && d.status === 400);
  expect(deliveries.length).toBeGreaterThan(0);
  expect((await orderOf(buyer, order.id)).status).toBe('created');
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM payment WHERE order_id = $1', [order.id]);
  expect(n).toBe(0);
}, 60_000);

test('a callback with a bad signature is refused with {code: FAIL} and changes nothing', async () => {
  const res = await w.t.request('POST', '/payments/wechat/notify', {
    rawBody: JSON.stringify({
      id: 'x',
      event_type: 'TRANSACTION.SUCCESS',
      resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'AAAA', nonce: 'n', associated_data: 'transaction' },
    }),
    headers: {
      'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)),
      'wechatpay-nonce': 'abc',
      'wechatpay-signature': 'AAAA',
      'wechatpay-serial': 'PUB_KEY_ID_0000',
    },
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.body).toMatchObject({ code: 'FAIL' });
  const [{ n }] = await w.t.ds.query(`SELECT count(*)::int AS n FROM wechat_pay_notification WHERE notify_id = 'x'`);
  expect(n).toBe(0);
});
