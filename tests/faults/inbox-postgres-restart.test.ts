import { createUser } from '../../apps/api/test/fixtures.js';
import { type CommerceWorld, createMerchant, createProduct, placeOrder } from '../../apps/api/test/commerce-fixtures.js';
import { ledgerSum, paymentFacts } from '../support/books.js';
import { sleep, until } from '../support/http.js';
import { type PrivateCommerce, startCommerceOnPrivatePostgres } from '../support/private-commerce.js';
import type { PrivatePostgres } from '../support/private-postgres.js';

/**
 * The callback inbox (#18) while PostgreSQL is restarted (fast shutdown: every session killed) in the middle
 * of a stream of payment callbacks, on a private embedded server. A callback is answered 204 only once its row
 * is committed; one that could not be recorded gets a non-2xx answer, so WeChat (the sandbox, retries sped up)
 * sends it again; rows recorded but not applied when the database went away are applied by the sweep. No query
 * fallback here (jobs off, never called): the inbox alone must lose nothing and apply nothing twice.
 */
const N = 48;
const PER_ROUND = 4;

let stack: PrivateCommerce | undefined;
let db: PrivatePostgres;
let w: CommerceWorld;

beforeAll(async () => {
  stack = await startCommerceOnPrivatePostgres('inbox', {
    notifyTimeScale: 0.01, // retries after 0.15 s, 0.15 s, 0.3 s, 1.8 s, 6 s, ...
    env: { PAYMENT_INBOX_SWEEP_MS: '200' },
  });
  ({ db, w } = stack);
}, 90_000);
afterAll(() => stack?.close(), 60_000);

test('PostgreSQL restarted under callback load: every payment applied exactly once, WeChat retries what was not recorded', async () => {
  const m = await createMerchant(w);
  const p = await createProduct(w, m, [{ price: 990, stock: 1000 }]);
  const orders: Array<{ id: number; outTradeNo: string }> = [];
  for (let i = 0; i < N; i++) {
    const buyer = await createUser(w.t, `回调买家${i}`);
    const order = (await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }])).body.orders[0];
    expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
    orders.push({ id: order.id, outTradeNo: order.outTradeNo });
  }
  const ids = orders.map((o) => o.id);
  const tradeNos = orders.map((o) => o.outTradeNo);

  // the buyers pay a few at a time; WeChat calls back for each
  let completed = 0;
  const load = (async () => {
    for (let i = 0; i < N; i += PER_ROUND) {
      const round = tradeNos.slice(i, i + PER_ROUND);
      for (const r of await Promise.all(round.map((no) => w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: no, result: 'SUCCESS' }))))
        expect(r.status).toBe(200);
      completed += round.length;
      await sleep(150);
    }
  })();
  await until(
    'a quarter paid at WeChat',
    async () => completed,
    (n) => n >= N / 4,
    20_000,
    20,
  );
  await db.stop();
  const completedAtStop = completed;
  await sleep(2_000);
  await db.start();
  await load;
  expect(completedAtStop).toBeLessThan(N); // callbacks kept coming while the database was away

  await until(
    'every order paid',
    async () => (await w.t.ds.query(`SELECT count(*)::int AS n FROM "order" WHERE id = ANY($1) AND status = 'paid'`, [ids]))[0].n,
    (n: number) => n === N,
    60_000,
    250,
  );
  await until(
    'every callback answered with success',
    async () =>
      ((await w.t.control('GET', '/__sandbox__/notifications')).body as Array<{ event_type: string; state: string }>).filter(
        (n) => n.event_type === 'TRANSACTION.SUCCESS' && n.state !== 'delivered',
      ).length,
    (n) => n === 0,
    30_000,
    250,
  );
  await until(
    'nothing left to apply',
    async () => (await w.t.ds.query(`SELECT count(*)::int AS n FROM wechat_pay_notification WHERE result = 'received'`))[0].n,
    (n: number) => n === 0,
    15_000,
    200,
  );

  // WeChat was told to retry what could not be recorded, and it was: each notification's last answer is 204
  const deliveries = (await w.t.control('GET', '/__sandbox__/deliveries')).body as Array<{
    id: number;
    notification_id: string;
    status: number | null;
    url: string;
  }>;
  const payDeliveries = deliveries.filter((d) => d.url.endsWith('/payments/wechat/notify'));
  const refused = payDeliveries.filter((d) => d.status === null || d.status < 200 || d.status >= 300);
  expect(refused.length).toBeGreaterThan(0);
  const last = new Map<string, { id: number; status: number | null }>();
  for (const d of payDeliveries) if ((last.get(d.notification_id)?.id ?? -1) < d.id) last.set(d.notification_id, d);
  expect(last.size).toBe(N);
  expect([...last.values()].map((d) => d.status)).toEqual(Array(N).fill(204));
  // every success answer was kept: its notification is recorded and applied, once
  const notes = await w.t.ds.query<Array<{ notify_id: string; result: string }>>(
    'SELECT notify_id, result FROM wechat_pay_notification WHERE out_trade_no = ANY($1)',
    [tradeNos],
  );
  expect(new Set(notes.map((n) => n.notify_id))).toEqual(new Set(last.keys()));
  expect(notes.map((n) => n.result)).toEqual(Array(N).fill('applied'));

  // exactly once, for every order
  const facts = await paymentFacts(w.t.ds, ids);
  const wrong = facts.filter(
    (f) => f.status !== 'paid' || f.payments !== 1 || f.applied !== 1 || f.postings !== 1 || f.order_postings !== 1 || f.paid_events !== 1 || f.refunds !== 0,
  );
  expect(wrong).toEqual([]);
  expect((await w.t.ds.query('SELECT sold FROM sku WHERE id = $1', [p.skuIds[0]]))[0].sold).toBe(N);
  expect(await ledgerSum(w.t.ds)).toBe(0);
  if (process.env.SHOW_FAULTS) console.log({ completedAtStop, deliveries: payDeliveries.length, refused: refused.length });
}, 115_000);
