import { createUser, type TestUser } from '../../apps/api/test/fixtures.js';
import {
  type CommerceWorld,
  type TestMerchant,
  createMerchant,
  createProduct,
  placeOrder,
  skuStock,
  startCommerceApi,
} from '../../apps/api/test/commerce-fixtures.js';
import { OrderSweepsService } from '../../apps/api/src/orders/order-sweeps.service.js';
import { PaymentCheck } from '../../apps/api/src/payments/payment-check.service.js';
import { PaymentSyncService } from '../../apps/api/src/payments/payment-sync.service.js';
import { ledgerSum, paymentFacts } from '../support/books.js';
import { sleep, until } from '../support/http.js';

/**
 * Callbacks out of order and late, through the sandbox's hold / release-in-reverse / duplicate controls:
 * a refund result delivered before the payment callback, duplicated refund callbacks, a stale REFUND.ABNORMAL
 * arriving after REFUND.SUCCESS, and a payment callback for an order that was auto-closed in the meantime
 * (refunded automatically, exactly once, books balanced). Isolated database: sweeps and whole-ledger sums
 * must not touch other files' rows.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true, isolatedDatabase: true });
}, 60_000);
afterAll(async () => {
  await w?.t.control('POST', '/__sandbox__/notifications/release', {}).catch(() => undefined);
  await w?.t.close();
});

const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const control = (method: string, path: string, body?: unknown) => w.t.control(method, `/__sandbox__${path}`, body);
type Note = { id: string; event_type: string; state: string; resource: any };
const notes = async (): Promise<Note[]> => (await control('GET', '/notifications')).body;
const q = (sql: string, params: unknown[] = []) => w.t.ds.query(sql, params);

async function balance(code: string): Promise<number> {
  const [{ b }] = await q(`SELECT COALESCE(sum(e.amount), 0)::bigint AS b FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id WHERE a.code = $1`, [
    code,
  ]);
  return b;
}

async function prepaid(price = 1000, quantity = 2) {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price, stock: 10 }]);
  const buyer = await createUser(w.t);
  const placed = await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity }]);
  expect(placed.status).toBe(201);
  const order = placed.body.orders[0] as { id: number; outTradeNo: string; paidTotal: number };
  expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
  return { m, p, buyer, order };
}

async function requestAndApprove(buyer: TestUser, m: TestMerchant, orderId: number) {
  const req = await w.t.request('POST', `/orders/${orderId}/refunds`, { token: buyer.token, body: { reason: '不想要了' } });
  expect(req.status).toBe(201);
  const approved = await w.t.request('POST', `/merchant/refunds/${req.body.id}/approve`, mh(m));
  expect(approved.status).toBe(200);
  return req.body as { id: number; outRefundNo: string; amount: number };
}

test('refund callback delivered before the payment callback, then duplicated: applied once each, in any order', async () => {
  const { m, p, buyer, order } = await prepaid();
  await control('POST', '/notifications/hold', { enabled: true });
  let refund: { id: number; outRefundNo: string; amount: number };
  try {
    await control('POST', '/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
    // the payment callback is held; the query fallback applies the payment
    await w.t.api.app.get(PaymentSyncService).queryUnpaid(new Date(Date.now() + 5 * 60_000));
    expect((await q('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status).toBe('paid');
    refund = await requestAndApprove(buyer, m, order.id);
    // WeChat finishes the refund (auto-complete) and its callback is held too
    await until('REFUND.SUCCESS held', notes, (ns) => ns.some((n) => n.event_type === 'REFUND.SUCCESS' && n.resource.out_refund_no === refund.outRefundNo));
    expect((await q('SELECT status FROM refund WHERE id = $1', [refund.id]))[0].status).toBe('processing');
    // release newest first: REFUND.SUCCESS reaches the API before TRANSACTION.SUCCESS
    await control('POST', '/notifications/release', { order: 'reverse' });
  } finally {
    await control('POST', '/notifications/hold', { enabled: false });
  }
  const ns = await notes();
  const refundNote = ns.find((n) => n.event_type === 'REFUND.SUCCESS' && n.resource.out_refund_no === refund!.outRefundNo)!;
  const payNote = ns.find((n) => n.event_type === 'TRANSACTION.SUCCESS' && n.resource.out_trade_no === order.outTradeNo)!;
  const deliveries: Array<{ id: number; notification_id: string; status: number }> = (await control('GET', '/deliveries')).body;
  const firstRefund = deliveries.find((d) => d.notification_id === refundNote.id)!;
  const firstPay = deliveries.find((d) => d.notification_id === payNote.id)!;
  expect(firstRefund.id).toBeLessThan(firstPay.id); // really out of order
  expect([firstRefund.status, firstPay.status]).toEqual([204, 204]);

  // WeChat sends the refund result again, several times, some concurrently
  await Promise.all([
    control('POST', `/notifications/${refundNote.id}/duplicate`, { times: 3 }),
    control('POST', `/notifications/${refundNote.id}/replay`),
    control('POST', `/notifications/${payNote.id}/duplicate`, { times: 2 }),
  ]);
  // a 204 to a payment callback means recorded (#18): wait until the inbox has decided it
  await until(
    'payment callback decided',
    async () => (await q('SELECT result FROM wechat_pay_notification WHERE notify_id = $1', [payNote.id]))[0]?.result,
    (r) => r !== undefined && r !== 'received',
  );

  const [o] = await q('SELECT status, refunded_total FROM "order" WHERE id = $1', [order.id]);
  expect(o).toEqual({ status: 'refunded', refunded_total: 2000 });
  const [facts] = await paymentFacts(w.t.ds, [order.id]);
  expect(facts).toMatchObject({ payments: 1, applied: 1, postings: 1, paid_events: 1, refunds: 1 });
  const [{ n: refundPostings }] = await q(`SELECT count(*)::int AS n FROM ledger_posting WHERE idempotency_key = $1`, [`refund:${refund!.outRefundNo}`]);
  expect(refundPostings).toBe(1);
  const [{ n: refundedEvents }] = await q(`SELECT count(*)::int AS n FROM domain_event WHERE type = 'order.refunded' AND aggregate_id = $1`, [order.id]);
  expect(refundedEvents).toBe(1);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(10); // restocked once, not twice
  expect((await q('SELECT sold FROM sku WHERE id = $1', [p.skuIds[0]]))[0].sold).toBe(0);
  expect(await balance(`merchant:${m.id}:payable`)).toBe(0);
  // the payment callback that came last was recognised as already applied
  const [payLog] = await q('SELECT result, deliveries FROM wechat_pay_notification WHERE notify_id = $1', [payNote.id]);
  expect(payLog.result).toBe('duplicate');
  const [refundLog] = await q('SELECT deliveries FROM wechat_pay_notification WHERE notify_id = $1', [refundNote.id]);
  expect(refundLog.deliveries).toBeGreaterThanOrEqual(5);
  // WeChat refunded once
  const wechatRefunds = (await control('GET', '/state')).body.refunds.filter((r: any) => r.out_trade_no === order.outTradeNo);
  expect(wechatRefunds).toHaveLength(1);
  expect(await ledgerSum(w.t.ds)).toBe(0);
}, 60_000);

test('a stale REFUND.ABNORMAL delivered after REFUND.SUCCESS does not reopen or relabel the refund', async () => {
  const { m, buyer, order } = await prepaid(500, 1);
  await control('POST', '/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    async () => (await q('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status,
    (s) => s === 'paid',
  );
  await control('POST', '/refunds/auto-complete', { enabled: false });
  try {
    const refund = await requestAndApprove(buyer, m, order.id);
    await control('POST', '/notifications/hold', { enabled: true });
    try {
      await control('POST', `/refunds/${refund.outRefundNo}/result`, { status: 'ABNORMAL' });
      await control('POST', `/refunds/${refund.outRefundNo}/result`, { status: 'SUCCESS' });
      await control('POST', '/notifications/release', { order: 'reverse' }); // SUCCESS first, then the older ABNORMAL
    } finally {
      await control('POST', '/notifications/hold', { enabled: false });
    }
    const [r] = await q('SELECT status, wechat_status FROM refund WHERE id = $1', [refund.id]);
    expect(r).toEqual({ status: 'succeeded', wechat_status: 'SUCCESS' });
    expect((await q('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status).toBe('refunded');
  } finally {
    await control('POST', '/refunds/auto-complete', { enabled: true });
  }
}, 60_000);

test('a payment callback arriving after auto-close is refunded automatically, once, and the books balance', async () => {
  const { p, order } = await prepaid(800, 1);
  expect(await skuStock(w, p.skuIds[0]!)).toBe(9);
  // The close at WeChat was lost (WeChat answered "not paid" and the close never reached it): auto-close
  // closes our order and releases the stock while the buyer can still pay at WeChat.
  const check = w.t.api.app.get(PaymentCheck);
  const askWechat = check.beforeClose;
  check.beforeClose = async () => 'unpaid';
  try {
    const closed = await w.t.api.app.get(OrderSweepsService).autoClose(new Date(Date.now() + 31 * 60_000));
    expect(closed.closed).toBeGreaterThanOrEqual(1);
  } finally {
    check.beforeClose = askWechat;
  }
  expect((await q('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status).toBe('closed');
  expect(await skuStock(w, p.skuIds[0]!)).toBe(10);

  // the buyer pays from the still-open payment sheet; the callback is late, and WeChat sends it twice more
  const done = await control('POST', '/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  expect(done.status).toBe(200);
  await control('POST', `/notifications/${done.body.notification_id}/duplicate`, { times: 3 });
  const refund = await until(
    'automatic refund succeeded',
    async () => await q(`SELECT * FROM refund WHERE order_id = $1`, [order.id]),
    (rs) => rs.length >= 1 && rs.every((r: any) => r.status === 'succeeded'),
  ).then((rs) => rs[0]);
  await sleep(300);
  const refunds = await q(`SELECT kind, status, amount FROM refund WHERE order_id = $1`, [order.id]);
  expect(refunds).toEqual([{ kind: 'auto', status: 'succeeded', amount: 800 }]);
  const [payment] = await q('SELECT outcome, amount FROM payment WHERE order_id = $1', [order.id]);
  expect(payment).toEqual({ outcome: 'refunded', amount: 800 });
  const [{ n: payments }] = await q('SELECT count(*)::int AS n FROM payment WHERE order_id = $1', [order.id]);
  expect(payments).toBe(1);
  expect((await q('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status).toBe('closed');
  expect(await skuStock(w, p.skuIds[0]!)).toBe(10);
  expect((await q('SELECT sold FROM sku WHERE id = $1', [p.skuIds[0]]))[0].sold).toBe(0);
  expect((await q(`SELECT count(*)::int AS n FROM domain_event WHERE type = 'order.paid' AND aggregate_id = $1`, [order.id]))[0].n).toBe(0);
  // WeChat refunded exactly once, the whole amount
  const wechatRefunds = (await control('GET', '/state')).body.refunds.filter((r: any) => r.out_trade_no === order.outTradeNo);
  expect(wechatRefunds.map((r: any) => ({ no: r.out_refund_no, status: r.status, refund: r.amount?.refund ?? r.refund }))).toEqual([
    { no: refund.out_refund_no, status: 'SUCCESS', refund: 800 },
  ]);
  expect(await balance('platform:unmatched_payments')).toBe(0);
  expect(await ledgerSum(w.t.ds)).toBe(0);
}, 60_000);
