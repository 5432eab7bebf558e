import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUser } from '../../apps/api/test/fixtures.js';
import { TEST_TOKEN_SECRET, startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { ledgerSum, paymentFacts } from '../support/books.js';
import { until } from '../support/http.js';
import { createTenant } from '../support/roles.js';
import { spawnApi, type SpawnedApi } from '../support/spawned-api.js';
import { placeAndPrepay } from '../support/spawned-orders.js';

/**
 * The callback inbox's crash safety (#18): WeChat's callbacks are answered 204 once recorded, and the API is
 * SIGKILLed after answering and before applying (its applier held back by the test-only
 * PAYMENT_APPLY_DELAY_MS). WeChat has no reason to resend anything, the query fallback is off (JOBS_ENABLED
 * false), and the in-process instance that serves the fixtures is held back too: only the restarted API's
 * sweep can apply the recorded rows. Every order must end paid exactly once, from its callback.
 */
const N = 12;
const HELD = '600000'; // the applier waits 10 minutes: far longer than this test

let t: TestApi;
let first: SpawnedApi | undefined;
let restarted: SpawnedApi | undefined;
let credsDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  t = await startTestApi({ isolatedDatabase: true, sandbox: true, notifyTimeScale: 0.01, env: { PAYMENT_APPLY_DELAY_MS: HELD } });
  credsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareshop-inbox-'));
  const credentialsFile = path.join(credsDir, 'credentials.json');
  fs.writeFileSync(credentialsFile, JSON.stringify(t.sandbox!.credentials), { mode: 0o600 });
  env = {
    DATABASE_URL: t.api.databaseUrl,
    WECHAT_SANDBOX_CREDENTIALS_FILE: credentialsFile,
    WECHAT_SANDBOX_URL: t.sandbox!.baseUrl,
    JOBS_ENABLED: 'false',
    AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
    DB_POOL_SIZE: '10',
    PAYMENT_INBOX_SWEEP_MS: '200',
    RATE_LIMIT_ORDER_PER_IP: '1000000',
    RATE_LIMIT_ORDER_PER_USER: '1000000',
  };
  first = await spawnApi({ env: { ...env, PAYMENT_APPLY_DELAY_MS: HELD } });
}, 90_000);

afterAll(async () => {
  await first?.stop();
  await restarted?.stop();
  await t?.close();
  if (credsDir) fs.rmSync(credsDir, { recursive: true, force: true });
});

test('SIGKILL after the 204 and before the apply: the restarted API applies every recorded callback exactly once', async () => {
  const api = first!;
  const tenant = await createTenant(t, 'INBOX');
  await t.ds.query('UPDATE sku SET stock = 1000 WHERE id = $1', [tenant.skuId]);
  const base = `${api.url}/api/v1`;
  const orders: Array<{ id: number; outTradeNo: string }> = [];
  for (let i = 0; i < N; i++) {
    const buyer = await createUser(t, `收件买家${i}`);
    orders.push(await placeAndPrepay(base, buyer, tenant, `inbox_order_${i}`));
  }
  const ids = orders.map((o) => o.id);
  const tradeNos = orders.map((o) => o.outTradeNo);

  // every buyer pays; WeChat's callbacks are answered as soon as they are recorded
  for (const r of await Promise.all(tradeNos.map((no) => t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: no, result: 'SUCCESS' }))))
    expect(r.status).toBe(200);
  const recorded = await until(
    'every callback recorded',
    async () => t.ds.query(`SELECT notify_id, result FROM wechat_pay_notification WHERE out_trade_no = ANY($1)`, [tradeNos]),
    (rows: Array<{ result: string }>) => rows.length === N,
    20_000,
    100,
  );
  expect(recorded.map((r: { result: string }) => r.result)).toEqual(Array(N).fill('received'));
  const toFirst = async () =>
    ((await t.control('GET', '/__sandbox__/deliveries')).body as Array<{ notification_id: string; status: number | null; url: string }>).filter((d) =>
      d.url.startsWith(api.url),
    );
  const answered = await until('every callback answered', toFirst, (ds) => ds.length >= N, 10_000, 100);
  expect(answered.map((d) => d.status)).toEqual(Array(N).fill(204)); // success: WeChat will not send them again
  // ... and nothing is applied yet
  expect((await t.ds.query(`SELECT count(*)::int AS n FROM "order" WHERE id = ANY($1) AND status = 'created'`, [ids]))[0].n).toBe(N);

  await api.kill('SIGKILL');

  // the same API started again on the same port, its applier no longer held back
  restarted = await spawnApi({ port: api.port, env: { ...env, PAYMENT_APPLY_DELAY_MS: '0' } });
  await until(
    'recorded callbacks applied after the restart',
    async () => (await t.ds.query(`SELECT count(*)::int AS n FROM "order" WHERE id = ANY($1) AND status = 'paid'`, [ids]))[0].n,
    (n: number) => n === N,
    30_000,
    200,
  );

  const facts = await paymentFacts(t.ds, ids);
  const wrong = facts.filter(
    (f) => f.status !== 'paid' || f.payments !== 1 || f.applied !== 1 || f.postings !== 1 || f.order_postings !== 1 || f.paid_events !== 1 || f.refunds !== 0,
  );
  expect(wrong).toEqual([]);
  // applied from the inbox: no query (jobs are off), no redelivery (each callback was delivered once)
  expect(await t.ds.query(`SELECT DISTINCT source FROM payment WHERE order_id = ANY($1)`, [ids])).toEqual([{ source: 'notify' }]);
  expect((await toFirst()).length).toBe(N);
  const results = await t.ds.query(`SELECT result, count(*)::int AS n FROM wechat_pay_notification WHERE out_trade_no = ANY($1) GROUP BY result`, [tradeNos]);
  expect(results).toEqual([{ result: 'applied', n: N }]);
  expect((await t.ds.query('SELECT sold FROM sku WHERE id = $1', [tenant.skuId]))[0].sold).toBe(N);
  expect(await ledgerSum(t.ds)).toBe(0);
}, 115_000);
