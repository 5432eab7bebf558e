import { SettlementRunner } from '../src/settlement/batch.runner.js';
import { SettlementScheduler } from '../src/settlement/settlement.scheduler.js';
import { createUser, type TestUser } from './fixtures.js';
import { startTestApi, type TestApi } from './harness.js';
import { SettlementWorld } from './settlement.fixtures.js';

// Business days are Asia/Shanghai days whatever the server's zone: run this whole file with TZ=UTC.
process.env.TZ = 'UTC';

/**
 * WeChat's two "no bill" answers (docs/settlement.md): STATEMENT_CREATING (being generated, wait) and
 * NO_STATEMENT_EXIST (final: no trades that day). A database of its own: settlement is global per day.
 */
let t: TestApi;
let w: SettlementWorld;
let admin: TestUser;
let runner: SettlementRunner;
const ADMIN_OPENID = `bill_wait_admin_${Date.now()}`;

beforeAll(async () => {
  t = await startTestApi({ sandbox: true, isolatedDatabase: true, env: { PLATFORM_ADMIN_OPENIDS: ADMIN_OPENID, SETTLEMENT_SCHEDULER_ENABLED: 'false' } });
  w = new SettlementWorld(t);
  await w.init();
  admin = await createUser(t, '平台管理员', ADMIN_OPENID);
  runner = t.api.app.get(SettlementRunner);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const items = async (day: string) =>
  (await t.request('GET', `/admin/settlements/reconciliation-items?businessDate=${day}`, { token: admin.token })).body.items.map((i: any) => [
    i.kind,
    i.extId,
    i.ledgerAmount,
  ]);

test('STATEMENT_CREATING: the batch waits (pending, not failed) until the bill is generated, then settles', async () => {
  const m = await w.merchant('等账单商家');
  const o = await w.paid(m, 1_500, '2026-10-20T12:00:00+08:00');
  for (const at of ['2026-10-21T08:00:00+08:00', '2026-10-21T09:30:00+08:00']) {
    await w.clock(at);
    const early = await runner.run('2026-10-20', 'test', new Date(at));
    expect(early).toMatchObject({ outcome: 'waiting_for_bill', batch: { status: 'pending' } });
    expect(early.batch!.lastError).toMatch(/尚未生成/);
  }
  await w.clock('2026-10-21T10:30:00+08:00');
  const done = await runner.run('2026-10-20', 'test', new Date('2026-10-21T10:30:00+08:00'));
  expect(done).toMatchObject({ outcome: 'ran', batch: { status: 'finished', billRows: 1, openItems: 0 } });
  expect(await items('2026-10-20')).toEqual([]);
  const [staged] = await t.ds.query(`SELECT ext_id, amount FROM settlement_bill_stage WHERE business_date = '2026-10-20'`);
  expect(staged).toEqual({ ext_id: o.transactionId, amount: 1_500 });
});

test('STATEMENT_CREATING past SETTLEMENT_BILL_GIVE_UP_HOURS: the bill is taken as empty and every ledger row is listed', async () => {
  const m = await w.merchant('账单不来商家');
  const o = await w.paid(m, 2_200, '2026-10-22T12:00:00+08:00');
  await w.clock('2026-10-23T08:00:00+08:00'); // WeChat keeps answering STATEMENT_CREATING
  const late = await runner.run('2026-10-22', 'test', new Date('2026-10-25T01:00:00+08:00'));
  expect(late).toMatchObject({ outcome: 'ran', batch: { billRows: 0, openItems: 1 } });
  expect(await items('2026-10-22')).toEqual([['missing_in_bill', o.transactionId, 2_200]]);
});

test('NO_STATEMENT_EXIST on a day whose ledger has payments: a listed reconciliation item at once, never an empty bill', async () => {
  const m = await w.merchant('无账单商家');
  // WeChat took the payment on the 27th; the ledger (wrongly) dated it the 26th, a day WeChat had no trades
  const o = await w.paid(m, 3_300, '2026-10-27T12:00:00+08:00', { ledger: false });
  await w.postPayment({ ...o, paidAt: new Date('2026-10-26T12:00:00+08:00') }, 3_300);
  await w.clock('2026-10-27T10:30:00+08:00');
  const res = await t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: '2026-10-26' } });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ outcome: 'ran', batch: { billRows: 0, openItems: 1 } });
  expect(await items('2026-10-26')).toEqual([['missing_in_bill', o.transactionId, 3_300]]);
  const statement = await t.request('GET', '/merchant/settlements/2026-10-26', { token: m.owner.token });
  expect(statement.body.status).toBe('held');
});

test('the scheduler asks again about a bill being generated every SETTLEMENT_BILL_RETRY_MINUTES, not every tick', async () => {
  const m = await w.merchant('半小时商家');
  await w.paid(m, 800, '2026-10-28T12:00:00+08:00');
  await w.clock('2026-10-29T08:00:00+08:00');
  const scheduler = t.api.app.get(SettlementScheduler);
  const attempts = async () => (await t.ds.query(`SELECT attempts FROM settlement_batch WHERE business_date = '2026-10-28'`))[0]?.attempts;
  const start = Date.parse('2026-10-29T08:00:00+08:00');
  await scheduler.tick(new Date(start));
  expect(await attempts()).toBe(1);
  await scheduler.tick(new Date(start + 60_000)); // the next tick, a minute later: WeChat is not asked
  await scheduler.tick(new Date(start + 29 * 60_000));
  expect(await attempts()).toBe(1);
  await scheduler.tick(new Date(start + 30 * 60_000));
  expect(await attempts()).toBe(2);
  await w.clock('2026-10-29T10:30:00+08:00');
  await scheduler.tick(new Date(start + 60 * 60_000 + 150 * 60_000));
  const [batch] = await t.ds.query(`SELECT status FROM settlement_batch WHERE business_date = '2026-10-28'`);
  expect(batch.status).toBe('finished');
});
