// GET /merchant/orders/summary: the merchant dashboard's orders and sales per Asia/Shanghai day.
import { shanghaiDate } from '@shareshop/common';
import { createUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, placeOrder, startCommerceApi } from './commerce-fixtures.js';
import { until } from './polling.js';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const asMerchant = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });

/** Places and pays (through the sandbox) one order of `price` fen in m's shop. */
async function paidOrder(m: TestMerchant, skuId: number, price: number) {
  const buyer = await createUser(w.t);
  const order = (await placeOrder(w, buyer, m.shopId, [{ skuId, quantity: 1 }])).body.orders[0];
  expect(order.paidTotal).toBe(price);
  expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'order paid',
    async () => (await w.t.ds.query('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status,
    (s) => s === 'paid',
  );
  return order;
}

test('counts paid orders and their amounts per Shanghai day by payment time, this merchant only', async () => {
  const m = await createMerchant(w);
  const other = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 12_800, stock: 10 }]);
  const q = await createProduct(w, other, [{ price: 500, stock: 10 }]);
  const a = await paidOrder(m, p.skuIds[0]!, 12_800);
  const b = await paidOrder(m, p.skuIds[0]!, 12_800);
  await paidOrder(other, q.skuIds[0]!, 500); // another merchant's sale is not counted
  const unpaid = await placeOrder(w, await createUser(w.t), m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
  expect(unpaid.status).toBe(201); // placed, never paid: not a sale

  // b was paid at 23:59:59 yesterday, Shanghai time (15:59:59 UTC): it counts on yesterday, not today
  const today = shanghaiDate(new Date());
  const yesterday = shanghaiDate(Date.now() - 24 * 3600_000);
  await w.t.ds.query(`UPDATE "order" SET paid_at = ($2::date + time '23:59:59') AT TIME ZONE 'Asia/Shanghai' WHERE id = $1`, [b.id, yesterday]);
  await w.t.ds.query(`UPDATE "order" SET refunded_total = 2800 WHERE id = $1`, [a.id]);

  const res = await w.t.request('GET', '/merchant/orders/summary?days=7', asMerchant(m));
  expect(res.status).toBe(200);
  expect(res.body.today).toBe(today);
  expect(res.body.days).toHaveLength(7);
  expect(res.body.days.at(-1)).toEqual({ day: today, orders: 1, paidTotal: 12_800, refundedTotal: 2_800 });
  expect(res.body.days.at(-2)).toEqual({ day: yesterday, orders: 1, paidTotal: 12_800, refundedTotal: 0 });
  expect(res.body.days.slice(0, 5).every((d: any) => d.orders === 0 && d.paidTotal === 0)).toBe(true);

  const defaults = await w.t.request('GET', '/merchant/orders/summary', asMerchant(m));
  expect(defaults.body.days).toHaveLength(7);
}, 120_000);

test('bad `days` is a 400 naming the field; other merchants and buyers cannot read it', async () => {
  const m = await createMerchant(w);
  for (const days of ['0', '32', 'abc', '1.5']) {
    const res = await w.t.request('GET', `/merchant/orders/summary?days=${days}`, asMerchant(m));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('days');
  }
  const stranger = await createMerchant(w);
  const foreign = await w.t.request('GET', '/merchant/orders/summary', { token: stranger.owner.token, headers: { 'x-merchant-id': String(m.id) } });
  expect(foreign.status).toBe(403);
  const buyer = await createUser(w.t);
  expect((await w.t.request('GET', '/merchant/orders/summary', { token: buyer.token, headers: { 'x-merchant-id': String(m.id) } })).status).toBe(403);
  expect((await w.t.request('GET', '/merchant/orders/summary')).status).toBe(401);
});
