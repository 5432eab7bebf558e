import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { WechatPayClient } from '@shareshop/wechat';
import { SettlementRunner } from '../src/settlement/batch.runner.js';
import { TradeBillSource, toBillRow } from '../src/settlement/bill-source.js';
import { PayoutsService } from '../src/settlement/payouts.service.js';
import { SettlementHooks } from '../src/settlement/settlement.hooks.js';
import { dueBusinessDate } from '../src/settlement/settlement.scheduler.js';
import { createUser, type TestUser } from './fixtures.js';
import { startTestApi, type TestApi } from './harness.js';
import { SettlementWorld, type TestMerchant } from './settlement.fixtures.js';

// Business days are Asia/Shanghai days whatever the server's zone: run this whole file with TZ=UTC.
process.env.TZ = 'UTC';

/**
 * One file, days in ascending order: settlement is global per business day, and a day can only be
 * stated after the days before it, so these scenarios share one timeline (2026-10-01 … 2026-10-10).
 */
let t: TestApi;
let w: SettlementWorld;
let admin: TestUser;
let runner: SettlementRunner;
let hooks: SettlementHooks;
const ADMIN_OPENID = `settle_admin_${Date.now()}`;

beforeAll(async () => {
  t = await startTestApi({
    sandbox: true,
    env: { PLATFORM_ADMIN_OPENIDS: ADMIN_OPENID, SETTLEMENT_SCHEDULER_ENABLED: 'false', WECHAT_HTTP_TIMEOUT_MS: '1500' },
  });
  w = new SettlementWorld(t);
  await w.init();
  admin = await createUser(t, '平台管理员', ADMIN_OPENID);
  runner = t.api.app.get(SettlementRunner);
  hooks = t.api.app.get(SettlementHooks);
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  hooks.afterStep = undefined;
  hooks.beforePayout = undefined;
});

/** Runs day D the way the admin does, with WeChat's clock after the bill is ready (10:00 on D+1). */
async function settle(day: string) {
  const next = new Date(Date.parse(`${day}T10:30:00+08:00`) + 24 * 3600_000).toISOString();
  await w.clock(next);
  const res = await t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: day } });
  expect(res.status).toBe(200);
  return res.body;
}

async function statement(m: TestMerchant, day: string) {
  const res = await t.request('GET', `/merchant/settlements/${day}`, { token: m.owner.token });
  return res;
}

async function ledgerTotal(): Promise<number> {
  const [r] = await t.ds.query('SELECT COALESCE(sum(amount), 0)::bigint AS s FROM ledger_entry');
  return r.s;
}

async function payable(m: TestMerchant): Promise<number> {
  const [r] = await t.ds.query(
    `SELECT COALESCE(sum(e.amount), 0)::bigint AS s FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id WHERE a.code = $1`,
    [`merchant:${m.id}:payable`],
  );
  return r.s;
}

const lines = (body: { lines: { category: string; amount: number }[] }) => Object.fromEntries(body.lines.map((l) => [l.category, l.amount]));

test('scheduler: day D is due at SETTLEMENT_RUN_AT on D+1, Asia/Shanghai', () => {
  expect(dueBusinessDate(new Date('2026-11-22T02:00:00+08:00'), '02:00')).toBe('2026-11-21');
  expect(dueBusinessDate(new Date('2026-11-22T01:59:59+08:00'), '02:00')).toBe('2026-11-20');
  expect(dueBusinessDate(new Date('2026-11-21T16:00:00Z'), '00:00')).toBe('2026-11-21');
});

test('time zone: 23:59:59 and 00:00:00 Asia/Shanghai fall on their own days with TZ=UTC', async () => {
  expect(new Date('2026-10-01T12:00:00Z').getTimezoneOffset()).toBe(0);
  const m = await w.merchant('时区商家');
  const late = await w.paid(m, 1234, '2026-10-01T23:59:59+08:00');
  const early = await w.paid(m, 5678, '2026-10-02T00:00:00+08:00');
  const dates = await t.ds.query(`SELECT idempotency_key AS k, business_date::text AS d FROM ledger_posting WHERE idempotency_key = ANY($1) ORDER BY d`, [
    [`payment:${late.transactionId}`, `payment:${early.transactionId}`],
  ]);
  expect(dates).toEqual([
    { k: `payment:${late.transactionId}`, d: '2026-10-01' },
    { k: `payment:${early.transactionId}`, d: '2026-10-02' },
  ]);

  expect((await settle('2026-10-01')).batch).toMatchObject({ status: 'finished', billRows: 1, openItems: 0 });
  const d1 = await statement(m, '2026-10-01');
  expect(d1.body).toMatchObject({ sales: 1234, netPayable: 1234, status: 'payable' });
  expect((await settle('2026-10-02')).batch).toMatchObject({ status: 'finished', billRows: 1, openItems: 0 });
  expect((await statement(m, '2026-10-02')).body).toMatchObject({ sales: 5678, netPayable: 5678 });
});

test('a bill streamed in tiny pieces and parsed on the way into COPY stages exactly what WechatPayClient.tradeBill parses', async () => {
  const m = await w.merchant('账单解析商家');
  const o = await w.paid(m, 12_345, '2026-10-03T08:00:00+08:00');
  await w.paid(m, 1, '2026-10-03T09:00:00+08:00');
  await w.refund(o, 2_345, '2026-10-03T10:00:00+08:00');
  await w.clock('2026-10-04T10:30:00+08:00');
  const bill = await t.api.app.get(WechatPayClient).tradeBill('2026-10-03');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bill-')), 'bill.csv');
  fs.writeFileSync(file, bill.raw);
  const source = t.api.app.get(TradeBillSource);
  const original = source.open;
  // 7-byte pieces: lines (and the Chinese header's UTF-8 characters) are cut across reads
  source.open = async () =>
    Readable.from(
      (function* () {
        const raw = fs.readFileSync(file);
        for (let i = 0; i < raw.length; i += 7) yield raw.subarray(i, i + 7);
      })(),
    );
  try {
    expect((await settle('2026-10-03')).batch).toMatchObject({ billRows: 3, openItems: 0, statements: 1 });
  } finally {
    source.open = original;
  }
  const staged = await t.ds.query(
    `SELECT row_kind AS "rowKind", ext_id AS "extId", transaction_id AS "transactionId", out_trade_no AS "outTradeNo", refund_id AS "refundId",
       amount, trade_time AS "tradeTime" FROM settlement_bill_stage WHERE business_date = '2026-10-03' ORDER BY trade_time`,
  );
  expect(staged).toEqual(bill.rows.map(toBillRow));
  expect(staged.map((r: any) => [r.rowKind, r.amount])).toEqual([
    ['payment', 12_345],
    ['payment', 1],
    ['refund', 2_345],
  ]);
  expect((await statement(m, '2026-10-03')).body).toMatchObject({ sales: 12_346, refunds: -2_345, netPayable: 10_001 });
});

test('a settlement story to the fen: sales, same-day refund, commission held and released, refund after settlement, carried negative, fee, paid by hand and by profit sharing', async () => {
  const m1 = await w.merchant('手工结算商家');
  const m2 = await w.merchant('分账商家', 'profit_sharing');
  const dist = await createUser(t, '分销员');

  // --- 2026-10-05
  const p1 = await w.paid(m1, 10_000, '2026-10-05T10:00:00+08:00');
  const p2 = await w.paid(m1, 5_000, '2026-10-05T11:00:00+08:00');
  await w.paid(m1, 2_000, '2026-10-05T12:00:00+08:00');
  await w.commission(p1, dist, 1_000);
  await w.releaseCommission(p1, dist, 1_000, new Date('2026-10-05T20:00:00+08:00'));
  await w.refund(p2, 1_500, '2026-10-05T15:00:00+08:00');
  const q1 = await w.paid(m2, 20_000, '2026-10-05T09:00:00+08:00');
  await w.paid(m2, 10_000, '2026-10-05T09:30:00+08:00');
  await w.commission(q1, dist, 2_000);

  const run = await settle('2026-10-05');
  expect(run).toMatchObject({ outcome: 'ran', batch: { status: 'finished', openItems: 0, statements: 2 } });

  const s1 = (await statement(m1, '2026-10-05')).body;
  expect(s1).toMatchObject({ sales: 17_000, refunds: -1_500, commission: -1_000, fee: 0, adjustments: 0, carriedIn: 0, netPayable: 14_500, status: 'payable' });
  expect(lines(s1)).toEqual({ sales: 17_000, refunds: -1_500, commission: -1_000 });
  expect(s1.payout).toMatchObject({ method: 'manual', amount: 14_500, status: 'awaiting_manual' });

  const s2 = (await statement(m2, '2026-10-05')).body;
  expect(s2).toMatchObject({ sales: 30_000, commission: -2_000, netPayable: 28_000 });
  // profit sharing carries at most 30% of each transaction: 6,000 + 3,000; the rest is paid by hand
  expect(s2.payout).toMatchObject({ method: 'profit_sharing', amount: 28_000, manualAmount: 19_000, status: 'processing' });
  await new Promise((r) => setTimeout(r, 200)); // the sandbox finishes profit sharing after 60 scaled seconds
  expect((await t.request('POST', '/admin/settlements/payouts/refresh', { token: admin.token })).status).toBe(200);
  const s2b = (await statement(m2, '2026-10-05')).body;
  expect(s2b.payout).toMatchObject({ status: 'awaiting_manual', manualAmount: 19_000 });
  const psOrders = (await t.control('GET', '/__sandbox__/state')).body.profit_sharing_orders.filter((o: any) => o.out_order_no.startsWith(`ST${s2.id}P`));
  const shared = psOrders.filter((o: any) => !o.out_order_no.endsWith('U'));
  expect(shared.map((o: any) => [o.state, o.unfreeze, o.receivers[0].amount]).sort()).toEqual([
    ['FINISHED', false, 3_000],
    ['FINISHED', false, 6_000],
  ]);
  // each transaction's unshared rest is released once its part is final (shares keep it frozen until then)
  const released = psOrders.filter((o: any) => o.out_order_no.endsWith('U'));
  expect(released.map((o: any) => [o.receivers[0].description, o.receivers[0].amount]).sort()).toEqual([
    ['解冻给分账方', 14_000],
    ['解冻给分账方', 7_000],
  ]);

  // the merchant cannot mark its own payout; the admin marks both paid by hand
  expect((await t.request('POST', `/admin/settlements/payouts/${s1.payout.id}/mark-paid`, { token: m1.owner.token, body: { reference: 'x' } })).status).toBe(
    403,
  );
  for (const p of [s1.payout, s2b.payout]) {
    const r = await t.request('POST', `/admin/settlements/payouts/${p.id}/mark-paid`, { token: admin.token, body: { reference: 'BANK-20261006-1' } });
    expect(r.status).toBe(204);
  }
  const again = await t.request('POST', `/admin/settlements/payouts/${s1.payout.id}/mark-paid`, { token: admin.token, body: { reference: 'again' } });
  expect(again.status).toBe(409);
  expect((await statement(m1, '2026-10-05')).body).toMatchObject({ status: 'paid', payout: { status: 'succeeded', paidReference: 'BANK-20261006-1' } });
  expect(await payable(m1)).toBe(0);
  expect(await payable(m2)).toBe(0);

  // --- 2026-10-06: a refund of a settled order (with its commission reversed), nothing else: a negative day
  await w.refund(p1, 3_000, '2026-10-06T09:00:00+08:00', { distributor: dist, amount: 300 });
  const m3 = await w.merchant('迟到分录商家');
  const r1 = await w.paid(m3, 1_000, '2026-10-06T22:00:00+08:00');
  await settle('2026-10-06');
  // distribution's accrual for r1 lands after 2026-10-06 was settled, dated 2026-10-06: it is not lost,
  // it shows up on the next statement as a late entry
  await w.commission(r1, dist, 100);
  expect((await statement(m3, '2026-10-06')).body).toMatchObject({ sales: 1_000, commission: 0, netPayable: 1_000 });
  const s3 = (await statement(m1, '2026-10-06')).body;
  expect(s3).toMatchObject({ sales: 0, refunds: -3_000, commission: 300, netPayable: -2_700, carryOut: -2_700, status: 'nothing_due', payout: null });
  expect(lines(s3)).toEqual({ refunds_of_earlier_days: -3_000, commission: 300 });

  // --- 2026-10-07: a 1% platform fee; the negative day is carried in
  const feeSet = await t.request('PUT', '/admin/settlements/settings', { token: admin.token, body: { platformFeeBps: 100 } });
  expect([feeSet.status, feeSet.body]).toEqual([200, { platformFeeBps: 100 }]);
  expect((await t.request('GET', '/admin/settlements/settings', { token: admin.token })).body).toEqual({ platformFeeBps: 100 });
  const [stored] = await t.ds.query(
    `SELECT value, updated_by, updated_at > now() - interval '1 minute' AS fresh FROM platform_setting WHERE key = 'settlement'`,
  );
  expect(stored).toEqual({ value: { platformFeeBps: 100 }, updated_by: admin.id, fresh: true });
  await w.paid(m1, 4_000, '2026-10-07T08:00:00+08:00');
  await settle('2026-10-07');
  const s4 = (await statement(m1, '2026-10-07')).body;
  expect(s4).toMatchObject({
    sales: 4_000,
    fee: -40,
    carriedIn: -2_700,
    netPayable: 1_260,
    status: 'payable',
    payout: { amount: 1_260, status: 'awaiting_manual' },
  });
  expect(lines(s4)).toEqual({ carried_in: -2_700, sales: 4_000, fee: -40 });
  await t.request('PUT', '/admin/settlements/settings', { token: admin.token, body: { platformFeeBps: 0 } });
  const s5 = (await statement(m3, '2026-10-07')).body;
  expect(s5).toMatchObject({ sales: 0, adjustments: -100, netPayable: -100, carryOut: -100, status: 'nothing_due' });
  expect(lines(s5)).toEqual({ late_entries: -100 });
  expect(await payable(m3)).toBe(-900);
  // what the ledger says we owe m1 is exactly the unpaid statement
  expect(await payable(m1)).toBe(-1_260);
  expect(await ledgerTotal()).toBe(0);

  // list + CSV
  const list = await t.request('GET', '/merchant/settlements?from=2026-10-01', { token: m1.owner.token });
  expect(list.body.items.map((s: any) => [s.businessDate, s.netPayable])).toEqual([
    ['2026-10-07', 1_260],
    ['2026-10-06', -2_700],
    ['2026-10-05', 14_500],
  ]);
  const csv = await t.request('GET', '/merchant/settlements/export.csv?from=2026-10-05&to=2026-10-05', { token: m1.owner.token });
  expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
  expect(csv.body).toContain('2026-10-05,sales,3,170.00,145.00,paid');
  expect((await t.request('GET', '/merchant/settlements/2026-13-01', { token: m1.owner.token })).status).toBe(400);
  // tenants never see each other's statements
  expect((await t.request('GET', '/merchant/settlements/2026-10-07', { token: m2.owner.token })).status).toBe(404);

  // rerunning a finished day changes nothing
  const before = await t.ds.query('SELECT * FROM settlement_statement ORDER BY id');
  const payoutsBefore = await t.ds.query('SELECT id, status, amount FROM payout ORDER BY id');
  expect((await settle('2026-10-05')).outcome).toBe('ran');
  expect(await t.ds.query('SELECT * FROM settlement_statement ORDER BY id')).toEqual(before);
  expect(await t.ds.query('SELECT id, status, amount FROM payout ORDER BY id')).toEqual(payoutsBefore);
  // and an earlier day cannot be settled after a later one
  const out = await t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: '2026-10-04' } });
  expect(out.status).toBe(409);
  expect(out.body.code).toBe('SETTLEMENT_OUT_OF_ORDER');
  // only finished days can be settled, and the body is validated
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  expect((await t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: today } })).status).toBe(400);
  const bad = await t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: '2026/10/01' } });
  expect(bad.status).toBe(400);
  expect(bad.body.details[0].field).toBe('businessDate');
});

test('reconciliation: missing in ledger, missing in bill and amount mismatch are reported; matching merchants still settle', async () => {
  const ok = await w.merchant('对账一致商家');
  const noBill = await w.merchant('账单缺失商家');
  const noLedger = await w.merchant('台账缺失商家');
  const wrong = await w.merchant('金额不符商家');
  await w.paid(ok, 3_000, '2026-10-08T10:00:00+08:00');
  const refunded = await w.paid(ok, 2_000, '2026-10-08T10:05:00+08:00');
  await w.refund(refunded, 500, '2026-10-08T10:10:00+08:00');
  // a ledger payment WeChat never reported
  await w.postPayment({ id: 0, merchantId: noBill.id, transactionId: '4200009999000000000000000000', paidAt: new Date('2026-10-08T11:00:00+08:00') }, 700);
  await w.paid(noBill, 1_000, '2026-10-08T11:01:00+08:00');
  const lost = await w.paid(noLedger, 800, '2026-10-08T12:00:00+08:00', { ledger: false });
  await w.paid(wrong, 5_000, '2026-10-08T13:00:00+08:00', { ledgerAmount: 4_999 });

  const run = await settle('2026-10-08');
  expect(run.batch).toMatchObject({ status: 'finished', openItems: 3 });
  const items = (await t.request('GET', '/admin/settlements/reconciliation-items?businessDate=2026-10-08', { token: admin.token })).body.items;
  expect(items.map((i: any) => [i.kind, i.merchantId, i.billAmount, i.ledgerAmount]).sort()).toEqual(
    [
      ['amount_mismatch', wrong.id, 5_000, 4_999],
      ['missing_in_bill', noBill.id, null, 700],
      ['missing_in_ledger', noLedger.id, 800, null],
    ].sort(),
  );
  expect(items.find((i: any) => i.kind === 'missing_in_ledger').outTradeNo).toBe(lost.outTradeNo);

  expect((await statement(ok, '2026-10-08')).body).toMatchObject({
    sales: 5_000,
    refunds: -500,
    netPayable: 4_500,
    status: 'payable',
    payout: { status: 'awaiting_manual' },
  });
  expect((await statement(noBill, '2026-10-08')).body).toMatchObject({ sales: 1_700, status: 'held', payout: null });
  expect((await statement(wrong, '2026-10-08')).body).toMatchObject({ sales: 4_999, status: 'held', payout: null });
  const status = await t.request('GET', '/admin/settlements/merchants?businessDate=2026-10-08', { token: admin.token });
  expect(status.body.items.find((s: any) => s.merchantId === wrong.id)).toMatchObject({ openItems: 1, status: 'held' });

  // resolving the last difference of a merchant releases its statement for payout
  const item = items.find((i: any) => i.kind === 'missing_in_bill');
  expect(
    (await t.request('POST', `/admin/settlements/reconciliation-items/${item.id}/resolve`, { token: admin.token, body: { note: '测试单，已核实' } })).status,
  ).toBe(204);
  expect((await statement(noBill, '2026-10-08')).body).toMatchObject({ status: 'payable', payout: { amount: 1_700, status: 'awaiting_manual' } });
  expect(await ledgerTotal()).toBe(0);
});

test('faults: killed after reconciliation and after half the payouts, rerun → same statements, every payout sent exactly once', async () => {
  const ms: TestMerchant[] = [];
  for (let i = 0; i < 4; i++) {
    const m = await w.merchant(`分账商家${i}`, 'profit_sharing');
    await w.paid(m, 10_000 * (i + 1), `2026-10-09T1${i}:00:00+08:00`);
    ms.push(m);
  }
  const day = '2026-10-09';
  const callsBefore = (await t.control('GET', '/__sandbox__/calls')).body.length;
  await w.clock(new Date(Date.parse(`${day}T10:30:00+08:00`) + 24 * 3600_000).toISOString());
  const now = new Date();

  hooks.afterStep = (step) => {
    if (step === 'reconciled') throw new Error('killed after reconciliation');
  };
  await expect(runner.run(day, 'test', now)).rejects.toThrow('killed after reconciliation');
  expect((await t.ds.query('SELECT status FROM settlement_batch WHERE business_date = $1', [day]))[0].status).toBe('reconciled');
  hooks.afterStep = undefined;

  // the second payout's first send reaches WeChat but its answer is lost: the retry must query, not resend
  await t.control('POST', '/__sandbox__/faults', { endpoint: 'POST /v3/profitsharing/orders', mode: 'timeout', delayMs: 2500, applied: true, count: 1 });
  let sent = 0;
  hooks.beforePayout = (i) => {
    sent = i;
    if (i === 2) throw new Error('killed after half the payouts');
  };
  await expect(runner.run(day, 'test', now)).rejects.toThrow('killed after half the payouts');
  expect(sent).toBe(2);
  const statements = await t.ds.query('SELECT id, merchant_id, net_payable FROM settlement_statement WHERE business_date = $1 ORDER BY id', [day]);
  expect(statements).toHaveLength(4);
  hooks.beforePayout = undefined;

  expect((await runner.run(day, 'test', now)).outcome).toBe('ran');
  await new Promise((r) => setTimeout(r, 200));
  await t.api.app.get(PayoutsService).refreshOpen();
  expect((await runner.run(day, 'test', now)).batch).toMatchObject({ status: 'finished' });

  expect(await t.ds.query('SELECT id, merchant_id, net_payable FROM settlement_statement WHERE business_date = $1 ORDER BY id', [day])).toEqual(statements);
  const payouts = await t.ds.query(`SELECT statement_id, status, amount, manual_amount FROM payout WHERE business_date = $1 ORDER BY statement_id`, [day]);
  expect(payouts.map((p: any) => p.statement_id)).toEqual(statements.map((s: any) => s.id));
  expect(payouts.every((p: any) => p.status === 'awaiting_manual' && p.manual_amount === p.amount - Math.floor(p.amount * 0.3))).toBe(true);
  const calls = (await t.control('GET', '/__sandbox__/calls')).body.slice(callsBefore);
  const creates = calls.filter((c: any) => c.method === 'POST' && c.path === '/v3/profitsharing/orders');
  expect(creates).toHaveLength(4); // one per payout, the lost answer included; the retry was a query
  expect(calls.filter((c: any) => c.fault)).toHaveLength(1);
  const orders = (await t.control('GET', '/__sandbox__/state')).body.profit_sharing_orders;
  expect(statements.map((s: any) => orders.filter((o: any) => o.out_order_no === `ST${s.id}P1`).length)).toEqual([1, 1, 1, 1]);
  expect(await ledgerTotal()).toBe(0);
});

test('two runs of the same day at once: one does the work, the other is told it is busy', async () => {
  const m = await w.merchant('并发商家');
  await w.paid(m, 900, '2026-10-10T10:00:00+08:00');
  // 08:00 on D+1: WeChat has not generated the bill yet, and the ledger has payments, so the batch waits
  await w.clock('2026-10-11T08:00:00+08:00');
  const early = await runner.run('2026-10-10', 'test', new Date('2026-10-11T08:00:00+08:00'));
  expect(early).toMatchObject({ outcome: 'waiting_for_bill', batch: { status: 'pending', attempts: 1 } });
  expect(early.batch!.lastError).toMatch(/尚未生成/);
  await w.clock('2026-10-11T10:30:00+08:00');
  hooks.afterStep = async (step) => {
    if (step === 'downloaded') await new Promise((r) => setTimeout(r, 300));
  };
  const [a, b] = await Promise.all([
    t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: '2026-10-10' } }),
    t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: '2026-10-10' } }),
  ]);
  expect([a.body.outcome, b.body.outcome].sort()).toEqual(['busy', 'ran']);
  const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM settlement_statement WHERE business_date = '2026-10-10'`);
  expect(n).toBe(1);
  const batches = await t.request('GET', '/admin/settlements/batches', { token: admin.token });
  expect(batches.body.items[0]).toMatchObject({ businessDate: '2026-10-10', status: 'finished', statements: 1 });
  expect((await t.request('GET', '/admin/settlements/batches', { token: m.owner.token })).status).toBe(403);
});

test('a refund WeChat bills on its request day and we post on its success day is matched, not reported', async () => {
  const m = await w.merchant('跨日退款商家');
  const o = await w.paid(m, 3_000, '2026-10-12T20:00:00+08:00');
  // requested at 23:59:59 (WeChat's bill: 2026-10-12), succeeded after midnight (our ledger: 2026-10-13)
  await w.clock('2026-10-12T23:59:59+08:00');
  const outRefundNo = `RX${Date.now()}`;
  await t.api.app.get(WechatPayClient).refund({ outTradeNo: o.outTradeNo, outRefundNo, refundFen: 1_000, totalFen: 3_000, notifyUrl: `${t.url}/health` });
  await t.ds.query(
    `INSERT INTO refund (order_id, merchant_id, buyer_user_id, kind, out_refund_no, transaction_id, status, amount) VALUES ($1, $2, $3, 'buyer', $4, $5, 'succeeded', 1000)`,
    [o.id, m.id, w.buyer.id, outRefundNo, o.transactionId],
  );
  await w.postRefund(m.id, outRefundNo, 1_000, new Date('2026-10-13T00:00:05+08:00'));
  expect((await settle('2026-10-12')).batch).toMatchObject({ billRows: 2, openItems: 0 });
  expect((await statement(m, '2026-10-12')).body).toMatchObject({ sales: 3_000, refunds: 0, netPayable: 3_000 });
  expect((await settle('2026-10-13')).batch).toMatchObject({ openItems: 0 });
  expect((await statement(m, '2026-10-13')).body).toMatchObject({ refunds: -1_000, netPayable: -1_000, status: 'nothing_due' });
  expect(lines((await statement(m, '2026-10-13')).body)).toEqual({ refunds_of_earlier_days: -1_000 });
});
