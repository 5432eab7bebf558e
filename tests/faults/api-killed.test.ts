import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUser, type TestUser } from '../../apps/api/test/fixtures.js';
import { TEST_TOKEN_SECRET, startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { PaymentSyncService } from '../../apps/api/src/payments/payment-sync.service.js';
import { ledgerSum, paymentFacts } from '../support/books.js';
import { call, sleep, until } from '../support/http.js';
import { createTenant } from '../support/roles.js';
import { spawnApi, type SpawnedApi } from '../support/spawned-api.js';
import { placeAndPrepay } from '../support/spawned-orders.js';

/**
 * The API (production build, its own process) is SIGKILLed while the sandbox is delivering a storm of
 * payment callbacks, more payments complete while it is down, and a few callbacks are withheld entirely.
 * After a restart on the same port, the sandbox's retries plus the query fallback (run here from a second
 * instance on the same database, as pg-boss would on any instance) must leave every paid order paid exactly
 * once: one payment row, one `payment:<tx>` posting, one order.paid event, no refund, books at zero.
 */
const N_LIVE = 16; // delivered while the API is killed
const N_DOWN = 12; // completed while the API is down: first attempts fail, retries land after the restart
const N_HELD = 6; // callbacks never delivered until the end: only the query fallback can apply them
const N = N_LIVE + N_DOWN + N_HELD;

let t: TestApi; // in-process instance on the same isolated database: fixtures, queries, the fallback job
let api: SpawnedApi;
let credsDir: string;

beforeAll(async () => {
  // notify retries 15s,15s,30s,3m,10m,... × 0.01 → 0.15s, 0.15s, 0.3s, 1.8s, 6s, 12s, ...
  t = await startTestApi({ isolatedDatabase: true, sandbox: true, notifyTimeScale: 0.01 });
  credsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareshop-fault-'));
  const credentialsFile = path.join(credsDir, 'credentials.json');
  fs.writeFileSync(credentialsFile, JSON.stringify(t.sandbox!.credentials), { mode: 0o600 });
  api = await spawnApi({
    env: {
      DATABASE_URL: t.api.databaseUrl,
      WECHAT_SANDBOX_CREDENTIALS_FILE: credentialsFile,
      WECHAT_SANDBOX_URL: t.sandbox!.baseUrl,
      WECHAT_HTTP_TIMEOUT_MS: '3000',
      JOBS_ENABLED: 'true',
      PAYMENT_QUERY_AFTER_SECONDS: '5',
      AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
      DB_POOL_SIZE: '10',
      RATE_LIMIT_LOGIN_PER_IP: '1000000',
      RATE_LIMIT_ORDER_PER_IP: '1000000',
      RATE_LIMIT_ORDER_PER_USER: '1000000',
    },
  });
}, 90_000);

afterAll(async () => {
  await api?.stop();
  await t?.control('POST', '/__sandbox__/notifications/release', {}).catch(() => undefined);
  await t?.close();
  if (credsDir) fs.rmSync(credsDir, { recursive: true, force: true });
});

test('SIGKILL mid notify storm, restart: every paid order ends paid exactly once', async () => {
  const tenant = await createTenant(t, 'KILL');
  await t.ds.query('UPDATE sku SET stock = 1000 WHERE id = $1', [tenant.skuId]);
  const base = `${api.url}/api/v1`;

  // N buyers place and prepay through the spawned API (so WeChat's notify_url is that process's port)
  const buyers: TestUser[] = [];
  for (let i = 0; i < N; i++) buyers.push(await createUser(t, `买家${i}`));
  const orders: Array<{ id: number; outTradeNo: string }> = [];
  for (const [i, buyer] of buyers.entries()) {
    orders.push(await placeAndPrepay(base, buyer, tenant, `kill_order_${i}`));
  }
  const complete = (o: { outTradeNo: string }) => t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: o.outTradeNo, result: 'SUCCESS' });

  // 1. the storm: all live payments at once; the API is killed while their callbacks are in flight
  const live = orders.slice(0, N_LIVE);
  const paidCount = async (ids: number[]) =>
    (await t.ds.query(`SELECT count(*)::int AS n FROM "order" WHERE id = ANY($1) AND status = 'paid'`, [ids]))[0].n as number;
  const storm = Promise.all(live.map(complete));
  // kill as soon as the first callback has been applied: the rest of the storm is in flight
  await until(
    'first callback applied',
    () => paidCount(live.map((o) => o.id)),
    (n) => n >= 1,
    10_000,
    5,
  );
  const killedPid = api.pid;
  await api.kill('SIGKILL');
  const paidAtKill = await paidCount(live.map((o) => o.id));
  const stormResults = await storm;
  expect(stormResults.every((r) => r.status === 200)).toBe(true);

  // 2. while it is down, more buyers pay: their first deliveries are refused connections
  for (const r of await Promise.all(orders.slice(N_LIVE, N_LIVE + N_DOWN).map(complete))) expect(r.status).toBe(200);
  // 3. and a few callbacks are lost altogether (held in the sandbox until the very end)
  await t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  for (const o of orders.slice(N_LIVE + N_DOWN)) expect((await complete(o)).status).toBe(200);
  await t.control('POST', '/__sandbox__/notifications/hold', { enabled: false });
  await sleep(500);

  await api.restart();
  expect(api.pid).not.toBe(killedPid);

  // the sandbox's retries bring the delivered-late ones in
  const visible = orders.slice(0, N_LIVE + N_DOWN).map((o) => o.id);
  await until(
    'callbacks retried after restart',
    async () => (await t.ds.query(`SELECT count(*)::int AS n FROM "order" WHERE id = ANY($1) AND status = 'paid'`, [visible]))[0].n,
    (n) => n === visible.length,
    45_000,
    250,
  );
  // the lost ones: the query fallback (PAYMENT_QUERY_AFTER_SECONDS after prepay) applies them
  const sync = t.api.app.get(PaymentSyncService);
  await until(
    'query fallback',
    async () => {
      await sync.queryUnpaid(new Date(Date.now() + 60_000));
      return (await t.ds.query(`SELECT count(*)::int AS n FROM "order" WHERE id = ANY($1) AND status = 'paid'`, [orders.map((o) => o.id)]))[0].n;
    },
    (n) => n === N,
    20_000,
    500,
  );
  // now the withheld callbacks arrive too, late: harmless duplicates
  await t.control('POST', '/__sandbox__/notifications/release', { order: 'reverse' });
  const deliveries = (await t.control('GET', '/__sandbox__/deliveries')).body as Array<{
    notification_id: string;
    status: number | null;
    error?: string;
    url: string;
  }>;
  const toApi = deliveries.filter((d) => d.url.startsWith(api.url));
  expect(toApi.some((d) => d.status === null)).toBe(true); // deliveries were cut off
  const liveIds = new Set(
    ((await t.control('GET', '/__sandbox__/notifications')).body as Array<{ id: string; resource: { out_trade_no: string } }>)
      .filter((n) => live.some((o) => o.outTradeNo === n.resource.out_trade_no))
      .map((n) => n.id),
  );
  const liveFailed = toApi.filter((d) => liveIds.has(d.notification_id) && d.status !== 204).length;
  if (process.env.SHOW_FAULTS) console.log({ paidAtKill, liveFailed, deliveries: toApi.length });
  expect(paidAtKill).toBeGreaterThanOrEqual(1);
  expect(liveFailed).toBeGreaterThan(0); // storm callbacks were cut off by the kill and retried
  await until(
    'every notification delivered',
    async () =>
      ((await t.control('GET', '/__sandbox__/notifications')).body as Array<{ event_type: string; state: string }>).filter(
        (n) => n.event_type === 'TRANSACTION.SUCCESS' && n.state !== 'delivered',
      ).length,
    (n) => n === 0,
    30_000,
    250,
  );

  // exactly once, for every order
  const facts = await paymentFacts(
    t.ds,
    orders.map((o) => o.id),
  );
  const wrong = facts.filter(
    (f) => f.status !== 'paid' || f.payments !== 1 || f.applied !== 1 || f.postings !== 1 || f.order_postings !== 1 || f.paid_events !== 1 || f.refunds !== 0,
  );
  expect(wrong).toEqual([]);
  // and it matches WeChat's own record
  const sandboxTx = new Map(
    ((await t.control('GET', '/__sandbox__/state')).body.transactions as Array<{ out_trade_no: string; trade_state: string; transaction_id: string }>).map(
      (x) => [x.out_trade_no, x],
    ),
  );
  for (const f of facts)
    expect({ id: f.id, tx: f.transaction_id, state: 'SUCCESS' }).toEqual({
      id: f.id,
      tx: sandboxTx.get(f.out_trade_no)?.transaction_id,
      state: sandboxTx.get(f.out_trade_no)?.trade_state,
    });
  const sources = await t.ds.query(`SELECT source, count(*)::int AS n FROM payment WHERE order_id = ANY($1) GROUP BY source ORDER BY source`, [
    orders.map((o) => o.id),
  ]);
  expect(sources.find((s: { source: string }) => s.source === 'query')?.n ?? 0).toBeGreaterThanOrEqual(N_HELD);
  const [{ sold }] = await t.ds.query('SELECT sold FROM sku WHERE id = $1', [tenant.skuId]);
  expect(sold).toBe(N);
  expect(await ledgerSum(t.ds)).toBe(0);
  // the restarted process is healthy and kept answering
  expect((await call(api.url, 'GET', '/health')).status).toBe(200);
}, 115_000);
