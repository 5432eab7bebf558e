import { createUser, type TestUser } from '../../apps/api/test/fixtures.js';
import { address, type CommerceWorld, createMerchant, createProduct } from '../../apps/api/test/commerce-fixtures.js';
import { PaymentSyncService } from '../../apps/api/src/payments/payment-sync.service.js';
import { ledgerSum, paymentFacts, stockFacts } from '../support/books.js';
import { call, sleep, until } from '../support/http.js';
import { type PrivateCommerce, startCommerceOnPrivatePostgres } from '../support/private-commerce.js';
import type { PrivatePostgres } from '../support/private-postgres.js';

/**
 * PostgreSQL is restarted (fast shutdown: every session killed) in the middle of an order/payment load.
 * The machine's shared PostgreSQL is never touched: the API runs on a private embedded server. While the
 * database is down /health answers 503 and requests fail fast (no hang); the API recovers by itself when
 * it is back; no stock leaks (stock + reserved by open orders + sold = initial, per SKU) and every order
 * WeChat (the sandbox) took money for ends paid exactly once.
 */
const WORKERS = 6;
const SKUS = 6;
const INITIAL_STOCK = 500;
const MAX_ORDERS = 60; // per worker
// Failed attempts (the outage) are bounded apart from orders: counting them as iterations let a fast-failing
// outage use up every worker's loop before the database came back, leaving no load to show the recovery.
const MAX_FAILURES = 300; // per worker, each followed by a 50 ms pause
const HARD_STOP_MS = 30_000; // the load never runs longer than this, whatever happens

let stack: PrivateCommerce | undefined;
let db: PrivatePostgres;
let w: CommerceWorld;

beforeAll(async () => {
  stack = await startCommerceOnPrivatePostgres('restart');
  ({ db, w } = stack);
}, 90_000);
afterAll(() => stack?.close(), 60_000);

test('PostgreSQL restarted during order load: 503 while down, recovers alone, no paid order lost, no stock leaked', async () => {
  // every 4th order stays unpaid on purpose: let a buyer hold that many (default 5: orders/order-limits.ts)
  expect((await w.t.request('PUT', '/admin/settings', { token: w.admin.token, body: { maxUnpaidOrdersPerUser: 50 } })).status).toBe(200);
  const m = await createMerchant(w);
  const product = await createProduct(
    w,
    m,
    Array.from({ length: SKUS }, (_, i) => ({ price: 100 + i * 10, stock: INITIAL_STOCK })),
  );
  const buyers: TestUser[] = [];
  for (let i = 0; i < WORKERS; i++) buyers.push(await createUser(w.t, `压测买家${i}`));
  const api = w.t.url;
  const base = `${api}/api/v1`;

  const placed: number[] = [];
  const paidAtWechat = new Set<string>();
  const tally = { ok: 0, failed: 0, slowest: 0, downFailures: 0, statuses: new Set<number>() };
  let dbDown = false;
  let stop = false;
  const hardStop = Date.now() + HARD_STOP_MS;

  async function worker(buyer: TestUser, n: number) {
    for (let i = 0, failures = 0; i < MAX_ORDERS && failures < MAX_FAILURES && !stop && Date.now() < hardStop;) {
      const skuId = product.skuIds[(n + i) % SKUS]!;
      const res = await call(base, 'POST', '/orders', {
        token: buyer.token,
        body: { shopId: m.shopId, items: [{ skuId, quantity: 1 + (i % 2) }], address, idempotencyKey: `pgr_${n}_${i}_${failures}_${Date.now()}` },
      });
      tally.slowest = Math.max(tally.slowest, res.ms);
      if (res.status !== 201) {
        if (res.status >= 500) tally.statuses.add(res.status);
        tally.failed++;
        failures++;
        if (dbDown) tally.downFailures++;
        await sleep(50);
        continue;
      }
      tally.ok++;
      i++;
      const order = res.body.orders[0];
      placed.push(order.id);
      const pay = await call(base, 'POST', `/orders/${order.id}/pay`, { token: buyer.token });
      tally.slowest = Math.max(tally.slowest, pay.ms);
      if (pay.status !== 200 || i % 4 === 3) continue; // some orders stay unpaid (stock stays reserved)
      const done = await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
      if (done.status === 200) paidAtWechat.add(order.outTradeNo);
    }
  }

  const load = Promise.all(buyers.map((b, n) => worker(b, n)));
  await sleep(2_000);
  expect((await call(api, 'GET', '/health')).status).toBe(200);

  // the database goes away
  await db.stop();
  dbDown = true;
  const down = await until(
    'health 503',
    () => call(api, 'GET', '/health', { timeoutMs: 5_000 }),
    (r) => r.status === 503,
    10_000,
    100,
  );
  expect(down.body).toMatchObject({ status: 'unhealthy', database: 'down' });
  expect(down.ms).toBeLessThan(3_000);
  await sleep(2_500);

  // ... and comes back: the API recovers without being touched
  await db.start();
  dbDown = false;
  const back = await until(
    'health 200 again',
    () => call(api, 'GET', '/health', { timeoutMs: 5_000 }),
    (r) => r.status === 200,
    20_000,
    100,
  );
  expect(back.body).toMatchObject({ status: 'ok' });
  const okBeforeRecovery = tally.ok;
  await sleep(2_000);
  stop = true;
  await load;
  expect(tally.downFailures).toBeGreaterThan(0); // requests did hit the outage ...
  expect([...tally.statuses]).toEqual([503]); // ... and were told to retry (503), not that the API is broken (500)
  expect(tally.slowest).toBeLessThan(10_000); // ... and failed fast instead of hanging
  expect(tally.ok).toBeGreaterThan(okBeforeRecovery); // orders succeed again after recovery

  // Callbacks refused during the outage are retried by the sandbox; the query fallback catches the rest.
  const sync = w.t.api.app.get(PaymentSyncService);
  const paidIds = async () =>
    (await w.t.ds.query(`SELECT out_trade_no FROM "order" WHERE out_trade_no = ANY($1) AND status = 'paid'`, [[...paidAtWechat]])).map(
      (r: { out_trade_no: string }) => r.out_trade_no,
    );
  await until(
    'every order WeChat took money for is paid',
    async () => {
      const paid = await paidIds();
      if (paid.length < paidAtWechat.size) await sync.queryUnpaid(new Date(Date.now() + 10 * 60_000));
      return paid.length;
    },
    (n) => n === paidAtWechat.size,
    30_000,
    500,
  );

  // WeChat's record is the reference: every SUCCESS transaction is one paid order, exactly once
  const txs = (await w.t.control('GET', '/__sandbox__/state')).body.transactions as Array<{
    out_trade_no: string;
    trade_state: string;
    transaction_id?: string;
  }>;
  const success = txs.filter((x) => x.trade_state === 'SUCCESS');
  expect(success.length).toBe(paidAtWechat.size);
  expect(success.length).toBeGreaterThan(10);
  const ids = (await w.t.ds.query(`SELECT id FROM "order" WHERE merchant_id = $1`, [m.id])).map((r: { id: number }) => r.id);
  const facts = await paymentFacts(w.t.ds, ids);
  const byNo = new Map(facts.map((f) => [f.out_trade_no, f]));
  for (const x of success) {
    expect({ no: x.out_trade_no, ...byNo.get(x.out_trade_no) }).toMatchObject({
      no: x.out_trade_no,
      status: 'paid',
      transaction_id: x.transaction_id,
      payments: 1,
      applied: 1,
      postings: 1,
      order_postings: 1,
      paid_events: 1,
      refunds: 0,
    });
  }
  // nothing WeChat did not take money for is paid
  expect(facts.filter((f) => f.status === 'paid').length).toBe(success.length);
  expect(facts.every((f) => f.status === 'paid' || f.status === 'created')).toBe(true);

  // no stock leaked: what is on the shelf + what open orders hold + what was sold = what was put in
  const stock = await stockFacts(w.t.ds, product.skuIds);
  for (const s of stock) {
    expect({ sku: s.id, total: s.stock + s.reserved + s.sold, sold: s.sold }).toEqual({ sku: s.id, total: INITIAL_STOCK, sold: s.paid_units });
  }
  // every order the API acknowledged exists
  const [{ n: missing }] = await w.t.ds.query(
    `SELECT count(*)::int AS n FROM unnest($1::int[]) AS u(oid) WHERE NOT EXISTS (SELECT 1 FROM "order" o WHERE o.id = u.oid)`,
    [placed],
  );
  expect(missing).toBe(0);
  expect(await ledgerSum(w.t.ds)).toBe(0);
  if (process.env.SHOW_FAULTS) {
    const deliveries = (await w.t.control('GET', '/__sandbox__/deliveries')).body as Array<{ status: number | null }>;
    const sources = await w.t.ds.query(`SELECT source, count(*)::int AS n FROM payment GROUP BY source`);
    console.log({
      tally,
      placed: placed.length,
      paidAtWechat: paidAtWechat.size,
      failedDeliveries: deliveries.filter((d) => d.status !== 204).length,
      sources,
    });
  }
}, 110_000);
