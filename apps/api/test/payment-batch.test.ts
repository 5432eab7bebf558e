// The batched payment-callback path (src/payments/payment-notify-batcher.ts): callbacks that arrive together
// are applied in one transaction, set-based, with the same outcomes as one by one.
import { type PayTransaction, WechatPayClient } from '@shareshop/wechat';
import { createUser } from './fixtures.js';
import { type CommerceWorld, createMerchant, createProduct, placeOrder, startCommerceApi } from './commerce-fixtures.js';
import { ApplyPaymentService } from '../src/payments/apply-payment.service.js';
import { PaymentNotifyBatcher } from '../src/payments/payment-notify-batcher.js';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true });
  await w.t.control('POST', '/__sandbox__/notifications/hold', { enabled: true }); // the test delivers the callbacks itself
}, 60_000);
afterAll(async () => {
  await w?.t.control('POST', '/__sandbox__/notifications/release', {}).catch(() => undefined);
  await w?.t.close();
});

/** `count` orders of one product (price 700), prepaid and paid at the sandbox; returns each one's transaction as WeChat reports it. */
async function paidAtWechat(count: number) {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 700, stock: 100 }]);
  const orders: Array<{ id: number; outTradeNo: string; tx: PayTransaction }> = [];
  for (let i = 0; i < count; i++) {
    // a buyer per order: notifications are held here, so the orders stay unpaid (a buyer may hold 5: order-limits.ts)
    const buyer = await createUser(w.t);
    const order = (await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }])).body.orders[0];
    expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
    await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
    orders.push({ id: order.id, outTradeNo: order.outTradeNo, tx: await w.t.api.app.get(WechatPayClient).queryByOutTradeNo(order.outTradeNo) });
  }
  return { m, skuId: p.skuIds[0]!, orders };
}

const note = (id: string) => ({ id, eventType: 'TRANSACTION.SUCCESS' });
const statusOf = async (orderId: number) => (await w.t.ds.query('SELECT status FROM "order" WHERE id = $1', [orderId]))[0].status;

test('a burst of callbacks in one batch: each payment applied once, redeliveries, a closed order, an unknown order and a wrong amount each get their own answer', async () => {
  const { skuId, orders } = await paidAtWechat(7);
  const [a, b, c, d, closed, wrong, solo] = orders;
  await w.t.ds.query(`UPDATE "order" SET status = 'closed', closed_at = now() WHERE id = $1`, [closed!.id]);
  const soldBefore = (await w.t.ds.query('SELECT sold FROM sku WHERE id = $1', [skuId]))[0].sold;
  const batcher = w.t.api.app.get(PaymentNotifyBatcher);

  // all queued in the same tick, so they share one batch
  const calls = {
    a1: batcher.apply(note(`n-${a!.outTradeNo}`), a!.tx),
    a2: batcher.apply(note(`n-${a!.outTradeNo}`), a!.tx), // the same notification delivered twice at once
    a3: batcher.apply(note(`n-${a!.outTradeNo}`), a!.tx),
    b1: batcher.apply(note(`n-${b!.outTradeNo}`), b!.tx),
    b2: batcher.apply(note(`n2-${b!.outTradeNo}`), b!.tx), // another notification id for the same transaction
    c: batcher.apply(note(`n-${c!.outTradeNo}`), c!.tx),
    d: batcher.apply(note(`n-${d!.outTradeNo}`), d!.tx),
    closed: batcher.apply(note(`n-${closed!.outTradeNo}`), closed!.tx),
    unknown: batcher.apply(note('n-unknown'), { ...a!.tx, out_trade_no: 'NO_SUCH_ORDER_1', transaction_id: '4200000000000000000000009999' }),
    wrong: batcher.apply(note(`n-${wrong!.outTradeNo}`), { ...wrong!.tx, amount: { ...wrong!.tx.amount!, total: 701 } }),
  };
  const out = Object.fromEntries(await Promise.all(Object.entries(calls).map(async ([k, v]) => [k, await v])));
  expect(out).toEqual({
    a1: 'applied',
    a2: 'duplicate',
    a3: 'duplicate',
    b1: expect.stringMatching(/^(applied|duplicate)$/),
    b2: expect.stringMatching(/^(applied|duplicate)$/),
    c: 'applied',
    d: 'applied',
    closed: 'refunded',
    unknown: 'unknown_order',
    wrong: 'mismatch',
  });
  expect([out.b1, out.b2].sort()).toEqual(['applied', 'duplicate']);

  for (const o of [a, b, c, d]) expect(await statusOf(o!.id)).toBe('paid');
  expect(await statusOf(closed!.id)).toBe('closed');
  expect(await statusOf(wrong!.id)).toBe('created');
  const payments = await w.t.ds.query('SELECT order_id, outcome, amount FROM payment WHERE order_id = ANY($1) ORDER BY order_id', [orders.map((o) => o.id)]);
  expect(payments).toEqual([a, b, c, d, closed].map((o) => ({ order_id: o!.id, outcome: o === closed ? 'refunded' : 'applied', amount: 700 })));
  // the payment for the closed order is held and refunded automatically
  const [refund] = await w.t.ds.query(`SELECT kind, amount FROM refund WHERE order_id = $1`, [closed!.id]);
  expect(refund).toEqual({ kind: 'auto', amount: 700 });

  // one posting and one order.paid event per applied payment; the books balance
  const [{ postings }] = await w.t.ds.query(`SELECT count(*)::int AS postings FROM ledger_posting WHERE kind = 'payment' AND ref_id = ANY($1)`, [
    orders.map((o) => o.id),
  ]);
  expect(postings).toBe(4);
  const [{ events }] = await w.t.ds.query(`SELECT count(*)::int AS events FROM domain_event WHERE type = 'order.paid' AND aggregate_id = ANY($1)`, [
    orders.map((o) => o.id),
  ]);
  expect(events).toBe(4);
  expect((await w.t.ds.query('SELECT COALESCE(sum(amount), 0)::bigint AS s FROM ledger_entry'))[0].s).toBe(0);
  expect((await w.t.ds.query('SELECT sold FROM sku WHERE id = $1', [skuId]))[0].sold).toBe(soldBefore + 4);

  // every delivery is counted; the decisions are remembered for redeliveries
  const notes = await w.t.ds.query(
    'SELECT notify_id, deliveries, result FROM wechat_pay_notification WHERE out_trade_no = ANY($1) OR notify_id = $2 ORDER BY notify_id',
    [orders.map((o) => o.outTradeNo), 'n-unknown'],
  );
  expect(notes.find((n: any) => n.notify_id === `n-${a!.outTradeNo}`)).toMatchObject({ deliveries: 3, result: 'applied' });
  expect(notes.find((n: any) => n.notify_id === 'n-unknown')).toMatchObject({ deliveries: 1, result: 'unknown_order' });
  expect(notes.find((n: any) => n.notify_id === `n-${wrong!.outTradeNo}`)).toMatchObject({ result: 'mismatch' });

  // a later redelivery of a decided notification changes nothing; an undecidable one is evaluated again
  expect(await batcher.apply(note(`n-${c!.outTradeNo}`), c!.tx)).toBe('duplicate');
  expect(await batcher.apply(note(`n-${wrong!.outTradeNo}`), wrong!.tx)).toBe('applied'); // the right amount this time
  expect(await statusOf(wrong!.id)).toBe('paid');

  // the batch's order.paid payloads carry the lines it read with the order locks, exactly as the one-by-one
  // path (which reads them after the transition) writes them
  expect(await w.t.api.app.get(ApplyPaymentService).apply(solo!.tx, 'notify', note(`n-${solo!.outTradeNo}`))).toBe('applied');
  const payloads = await w.t.ds.query(
    `SELECT aggregate_id, payload FROM domain_event WHERE type = 'order.paid' AND aggregate_id = ANY($1) ORDER BY aggregate_id`,
    [[a!.id, solo!.id]],
  );
  const [batched, single] = payloads.map((e: any) => e.payload);
  expect(batched.items).toEqual([{ orderItemId: expect.any(Number), productId: expect.any(Number), skuId, quantity: 1, paidAmount: 700 }]);
  expect(Object.keys(batched).sort()).toEqual(Object.keys(single).sort());
  expect(single.items).toEqual([{ ...batched.items[0], orderItemId: single.items[0].orderItemId }]);
}, 120_000);

test('a callback that breaks its batch is isolated: the batch is applied again one by one and only the bad one fails', async () => {
  const { orders } = await paidAtWechat(3);
  const [good1, bad, good2] = orders;
  const batcher = w.t.api.app.get(PaymentNotifyBatcher);
  const results = await Promise.allSettled([
    batcher.apply(note(`n-${good1!.outTradeNo}`), good1!.tx),
    batcher.apply(note(`n-${bad!.outTradeNo}`), { ...bad!.tx, success_time: 'not a time' }), // PostgreSQL refuses the timestamp
    batcher.apply(note(`n-${good2!.outTradeNo}`), good2!.tx),
  ]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<string>).value)).toEqual(['applied', 'applied']);
  expect(await statusOf(good1!.id)).toBe('paid');
  expect(await statusOf(good2!.id)).toBe('paid');
  expect(await statusOf(bad!.id)).toBe('created'); // nothing written for it; WeChat retries, the query fallback also applies it
  expect(await w.t.ds.query('SELECT 1 FROM payment WHERE order_id = $1', [bad!.id])).toEqual([]);
  expect(await batcher.apply(note(`n-${bad!.outTradeNo}`), bad!.tx)).toBe('applied');
}, 120_000);
