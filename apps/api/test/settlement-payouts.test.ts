import { WechatPayClient } from '@shareshop/wechat';
import { PayoutsService } from '../src/settlement/payouts.service.js';
import { UnfreezeService } from '../src/settlement/unfreeze.service.js';
import { createUser, type TestUser } from './fixtures.js';
import { startTestApi, type TestApi } from './harness.js';
import { SettlementWorld, type TestMerchant } from './settlement.fixtures.js';

// Business days are Asia/Shanghai days whatever the server's zone.
process.env.TZ = 'UTC';

/**
 * Profit sharing leftovers: a part WeChat closes is sent again (bounded, with backoff, a new out_order_no
 * per attempt, never paid twice) before it falls back to payment by hand, every transaction's unshared
 * rest is unfrozen once its part is final, and the merchant-day's other payments (no part uses them, or
 * nothing was due) are unfrozen once each. Its own database: settlement days are global, and this file's
 * timeline (2026-09-xx) must not interleave with settlement.test.ts's.
 */
let t: TestApi;
let w: SettlementWorld;
let admin: TestUser;
let dist: TestUser;
let payouts: PayoutsService;
const ADMIN_OPENID = `settle_ps_admin_${Date.now()}`;
const RETRY_S = 600; // SETTLEMENT_PS_RETRY_SECONDS below: attempt 2 after 600 s, attempt 3 1,200 s after that

beforeAll(async () => {
  t = await startTestApi({
    sandbox: true,
    isolatedDatabase: true,
    env: {
      PLATFORM_ADMIN_OPENIDS: ADMIN_OPENID,
      SETTLEMENT_SCHEDULER_ENABLED: 'false',
      WECHAT_HTTP_TIMEOUT_MS: '1500',
      SETTLEMENT_PS_RETRY_SECONDS: String(RETRY_S),
      SETTLEMENT_PS_MAX_ATTEMPTS: '3',
    },
  });
  w = new SettlementWorld(t);
  await w.init();
  admin = await createUser(t, '平台管理员', ADMIN_OPENID);
  dist = await createUser(t, '分销员');
  payouts = t.api.app.get(PayoutsService);
});
afterAll(async () => {
  await t?.close();
});

async function settle(day: string) {
  await w.clock(new Date(Date.parse(`${day}T10:30:00+08:00`) + 24 * 3600_000).toISOString());
  const res = await t.request('POST', '/admin/settlements/run', { token: admin.token, body: { businessDate: day } });
  expect(res.status).toBe(200);
  return res.body;
}

/** The sandbox settles profit sharing orders 60 scaled seconds (60 ms here) after they are made. */
const settled = () => new Promise((r) => setTimeout(r, 250));

async function payoutOf(m: TestMerchant, day: string) {
  const [p] = await t.ds.query(
    `SELECT id, statement_id AS "statementId", status, amount, manual_amount AS "manualAmount" FROM payout WHERE merchant_id = $1 AND business_date = $2`,
    [m.id, day],
  );
  return p;
}

async function parts(payoutId: number) {
  return t.ds.query(
    `SELECT seq, status, attempt, out_order_no AS "outOrderNo", fail_reason AS "failReason", unfreeze_status AS "unfreeze" FROM payout_part WHERE payout_id = $1 ORDER BY seq`,
    [payoutId],
  );
}

async function sandboxOrders(statementId: number) {
  const all = (await t.control('GET', '/__sandbox__/state')).body.profit_sharing_orders as any[];
  return all.filter((o) => o.out_order_no.startsWith(`ST${statementId}P`));
}

async function callCount(path: string): Promise<number> {
  return ((await t.control('GET', '/__sandbox__/calls')).body as any[]).filter((c) => c.method === 'POST' && c.path === path).length;
}

async function ledgerTotal(): Promise<number> {
  const [r] = await t.ds.query('SELECT COALESCE(sum(amount), 0)::bigint AS s FROM ledger_entry');
  return r.s;
}

test('a part WeChat closes is sent again after the backoff under a new out_order_no, found (not resent) after a lost answer, paid once; the rest is unfrozen', async () => {
  const day = '2026-09-01';
  const m = await w.merchant('分账重试商家', 'profit_sharing');
  const o = await w.paid(m, 10_000, `${day}T10:00:00+08:00`);
  await w.commission(o, dist, 7_000); // net 3,000 = 30% of the payment: profit sharing carries all of it
  expect((await t.control('POST', '/__sandbox__/profit-sharing/fail-next', { account: m.owner.openid, fail_reason: 'ACCOUNT_ABNORMAL' })).status).toBe(201);

  const t0 = Date.now();
  expect((await settle(day)).batch).toMatchObject({ status: 'finished' });
  const p = await payoutOf(m, day);
  expect(p).toMatchObject({ status: 'processing', amount: 3_000, manualAmount: 0 });

  await settled();
  await payouts.refreshOpen(200, new Date(t0));
  expect(await parts(p.id)).toEqual([
    { seq: 1, status: 'retry_wait', attempt: 1, outOrderNo: `ST${p.statementId}P1`, failReason: 'ACCOUNT_ABNORMAL', unfreeze: null },
  ]);
  const [{ retry_at: retryAt }] = await t.ds.query('SELECT retry_at FROM payout_part WHERE payout_id = $1', [p.id]);
  expect(retryAt.getTime()).toBe(t0 + RETRY_S * 1000);

  // not due yet: nothing is sent, and the closed attempt keeps the transaction frozen (no unfreeze)
  const createsBefore = await callCount('/v3/profitsharing/orders');
  await payouts.refreshOpen(200, new Date(t0 + (RETRY_S - 1) * 1000));
  expect(await callCount('/v3/profitsharing/orders')).toBe(createsBefore);
  expect(await callCount('/v3/profitsharing/orders/unfreeze')).toBe(0);

  // due: attempt 2 goes out under ST…P1R2, but its answer is lost (WeChat applied it)
  await t.control('POST', '/__sandbox__/faults', { endpoint: 'POST /v3/profitsharing/orders', mode: 'timeout', delayMs: 2500, applied: true, count: 1 });
  await payouts.refreshOpen(200, new Date(t0 + RETRY_S * 1000));
  expect(await parts(p.id)).toEqual([expect.objectContaining({ status: 'created', attempt: 2, outOrderNo: `ST${p.statementId}P1R2` })]);
  // the next refresh asks WeChat about ST…P1R2 first and finds it: no second create
  await settled();
  await payouts.refreshOpen(200, new Date(t0 + (RETRY_S + 60) * 1000));
  expect(await callCount('/v3/profitsharing/orders')).toBe(createsBefore + 1);
  expect(await parts(p.id)).toEqual([{ seq: 1, status: 'finished', attempt: 2, outOrderNo: `ST${p.statementId}P1R2`, failReason: null, unfreeze: 'accepted' }]);
  expect(await payoutOf(m, day)).toMatchObject({ status: 'succeeded', manualAmount: 0 });
  expect((await t.request('GET', `/merchant/settlements/${day}`, { token: m.owner.token })).body).toMatchObject({
    status: 'paid',
    payout: { status: 'succeeded' },
  });

  // WeChat's side: one closed attempt, one paid attempt, one unfreeze of the other 7,000
  const orders = await sandboxOrders(p.statementId);
  const byNo = Object.fromEntries(orders.map((x) => [x.out_order_no, x]));
  expect(Object.keys(byNo).sort()).toEqual([`ST${p.statementId}P1`, `ST${p.statementId}P1R2`, `ST${p.statementId}P1U`]);
  expect(byNo[`ST${p.statementId}P1`].receivers[0]).toMatchObject({ result: 'CLOSED', fail_reason: 'ACCOUNT_ABNORMAL', amount: 3_000 });
  expect(byNo[`ST${p.statementId}P1R2`].receivers[0]).toMatchObject({ result: 'SUCCESS', amount: 3_000, account: m.owner.openid });
  expect(byNo[`ST${p.statementId}P1U`].receivers[0]).toMatchObject({ description: '解冻给分账方', amount: 7_000 });
  const paid = orders.flatMap((x) => x.receivers).filter((r: any) => r.account === m.owner.openid && r.result === 'SUCCESS');
  expect(paid).toHaveLength(1);

  // finished payouts are no longer followed: nothing more is sent
  const calls = (await t.control('GET', '/__sandbox__/calls')).body.length;
  await payouts.refreshOpen(200, new Date(t0 + 10 * RETRY_S * 1000));
  expect((await t.control('GET', '/__sandbox__/calls')).body.length).toBe(calls);
  expect(await ledgerTotal()).toBe(0);
});

test('retries are bounded: attempts exhausted, or a reason WeChat says not to retry, fall back to manual; a removed receiver is added again', async () => {
  const day = '2026-09-02';
  const exhausted = await w.merchant('分账失败商家', 'profit_sharing');
  const risky = await w.merchant('高风险接收方商家', 'profit_sharing');
  const unbound = await w.merchant('关系解除商家', 'profit_sharing');
  for (const m of [exhausted, risky, unbound]) {
    const o = await w.paid(m, 10_000, `${day}T11:00:00+08:00`);
    await w.commission(o, dist, 8_000); // net 2,000: one part of 2,000
  }
  await t.control('POST', '/__sandbox__/profit-sharing/fail-next', { account: exhausted.owner.openid, fail_reason: 'ACCOUNT_ABNORMAL', count: 3 });
  await t.control('POST', '/__sandbox__/profit-sharing/fail-next', { account: risky.owner.openid, fail_reason: 'RECEIVER_HIGH_RISK' });
  await t.control('POST', '/__sandbox__/profit-sharing/fail-next', { account: unbound.owner.openid, fail_reason: 'NO_RELATION' });
  const addsBefore = await callCount('/v3/profitsharing/receivers/add');

  const t0 = Date.now();
  await settle(day);
  const [pe, pr, pu] = await Promise.all([payoutOf(exhausted, day), payoutOf(risky, day), payoutOf(unbound, day)]);
  await settled();
  await payouts.refreshOpen(200, new Date(t0));
  // high risk: no retry at all, the part is given up, its transaction unfrozen, the payout left to a person
  expect(await parts(pr.id)).toEqual([expect.objectContaining({ status: 'failed', attempt: 1, failReason: 'RECEIVER_HIGH_RISK', unfreeze: 'accepted' })]);
  expect(await payoutOf(risky, day)).toMatchObject({ status: 'awaiting_manual', manualAmount: 2_000 });
  expect(await parts(pe.id)).toEqual([expect.objectContaining({ status: 'retry_wait', attempt: 1, unfreeze: null })]);
  expect(await parts(pu.id)).toEqual([expect.objectContaining({ status: 'retry_wait', attempt: 1, failReason: 'NO_RELATION' })]);

  // attempt 2 (600 s later): the unbound merchant is added as a receiver again first, and is paid
  await payouts.refreshOpen(200, new Date(t0 + RETRY_S * 1000));
  expect(await callCount('/v3/profitsharing/receivers/add')).toBe(addsBefore + 3 + 1);
  await settled();
  await payouts.refreshOpen(200, new Date(t0 + RETRY_S * 1000));
  expect(await parts(pu.id)).toEqual([expect.objectContaining({ status: 'finished', attempt: 2, unfreeze: 'accepted' })]);
  expect(await payoutOf(unbound, day)).toMatchObject({ status: 'succeeded' });
  const [pe2] = await parts(pe.id);
  expect(pe2).toMatchObject({ status: 'retry_wait', attempt: 2 });

  // attempt 3 is due 1,200 s after attempt 2 failed (doubling backoff), not before
  await payouts.refreshOpen(200, new Date(t0 + (RETRY_S + 2 * RETRY_S - 1) * 1000));
  expect((await parts(pe.id))[0]).toMatchObject({ status: 'retry_wait', attempt: 2 });
  await payouts.refreshOpen(200, new Date(t0 + 3 * RETRY_S * 1000));
  await settled();
  await payouts.refreshOpen(200, new Date(t0 + 3 * RETRY_S * 1000));
  // the third closed attempt is the last: manual, and the transaction is released
  expect(await parts(pe.id)).toEqual([
    { seq: 1, status: 'failed', attempt: 3, outOrderNo: `ST${pe.statementId}P1R3`, failReason: 'ACCOUNT_ABNORMAL', unfreeze: 'accepted' },
  ]);
  expect(await payoutOf(exhausted, day)).toMatchObject({ status: 'awaiting_manual', manualAmount: 2_000 });
  const orders = await sandboxOrders(pe.statementId);
  expect(orders.map((o) => o.out_order_no).sort()).toEqual([
    `ST${pe.statementId}P1`,
    `ST${pe.statementId}P1R2`,
    `ST${pe.statementId}P1R3`,
    `ST${pe.statementId}P1U`,
  ]);
  expect(orders.flatMap((o) => o.receivers).filter((r: any) => r.result === 'SUCCESS' && r.account === exhausted.owner.openid)).toHaveLength(0);
  expect(orders.find((o) => o.out_order_no.endsWith('U')).receivers[0].amount).toBe(10_000); // nothing was shared

  // the person pays what profit sharing could not, and the ledger closes to zero
  for (const p of [pe, pr]) {
    expect((await t.request('POST', `/admin/settlements/payouts/${p.id}/mark-paid`, { token: admin.token, body: { reference: 'BANK-0902' } })).status).toBe(
      204,
    );
  }
  expect(await ledgerTotal()).toBe(0);
  const [{ owed }] = await t.ds.query(
    `SELECT COALESCE(sum(e.amount), 0)::bigint AS owed FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id WHERE a.code = ANY($1)`,
    [[exhausted, risky, unbound].map((m) => `merchant:${m.id}:payable`)],
  );
  expect(owed).toBe(0);
});

async function unfreezeRows(statementId: number) {
  return t.ds.query(
    `SELECT seq, transaction_id AS "transactionId", out_order_no AS "outOrderNo", status, attempts, amount, fail_code AS "failCode"
     FROM settlement_unfreeze WHERE statement_id = $1 ORDER BY seq`,
    [statementId],
  );
}

async function calls(): Promise<any[]> {
  return (await t.control('GET', '/__sandbox__/calls')).body;
}

/** WeChat's unfreeze orders, per transaction. */
async function unfreezeOrders(transactionId: string): Promise<any[]> {
  const all = (await t.control('GET', '/__sandbox__/state')).body.profit_sharing_orders as any[];
  return all.filter((o) => o.transaction_id === transactionId && o.kind === 'unfreeze');
}

test("the day's payments no part uses are unfrozen once each after the parts are final; lost answers are asked about, not resent; the payout waits for them; a rerun changes nothing", async () => {
  const day = '2026-09-03';
  const m = await w.merchant('分账解冻商家', 'profit_sharing');
  const big = await w.paid(m, 10_000, `${day}T09:00:00+08:00`);
  const mid = await w.paid(m, 8_000, `${day}T09:10:00+08:00`);
  const small = await w.paid(m, 300, `${day}T09:20:00+08:00`);
  const refunded = await w.paid(m, 500, `${day}T09:30:00+08:00`);
  const released = await w.paid(m, 400, `${day}T09:40:00+08:00`);
  const tiny = await w.paid(m, 200, `${day}T09:50:00+08:00`);
  await w.commission(big, dist, 7_000);
  await w.commission(mid, dist, 6_900);
  await w.refund(refunded, 500, `${day}T15:00:00+08:00`); // fully refunded: nothing frozen is left
  // someone released this one already (an operator on WeChat's merchant platform)
  await t.api.app
    .get(WechatPayClient)
    .unfreezeProfitSharing({ transactionId: released.transactionId, outOrderNo: `OPS${Date.now()}`, description: '手工解冻' });
  const postsBefore = await callCount('/v3/profitsharing/orders/unfreeze');

  // net 19,400 − 500 − 13,900 = 5,000: parts of 3,000 (big) and 2,000 (mid) carry it all
  expect((await settle(day)).batch).toMatchObject({ status: 'finished', openItems: 0 });
  const p = await payoutOf(m, day);
  expect(p).toMatchObject({ status: 'processing', amount: 5_000, manualAmount: 0 });
  expect((await parts(p.id)).map((x: any) => x.outOrderNo)).toEqual([`ST${p.statementId}P1`, `ST${p.statementId}P2`]);
  // the other four are fixed with the parts, in payment order, each with its own number; nothing sent yet
  const planned = [small, refunded, released, tiny].map((o, i) => ({
    seq: i + 1,
    transactionId: o.transactionId,
    outOrderNo: `ST${p.statementId}F${i + 1}`,
    status: 'created',
    attempts: 0,
    amount: null,
    failCode: null,
  }));
  expect(await unfreezeRows(p.statementId)).toEqual(planned);
  expect(await callCount('/v3/profitsharing/orders/unfreeze')).toBe(postsBefore);

  // the parts finish; the answers of the next three unfreezes (P1U, P2U, F1) are lost although WeChat applied them
  await t.control('POST', '/__sandbox__/faults', {
    endpoint: 'POST /v3/profitsharing/orders/unfreeze',
    mode: 'timeout',
    delayMs: 2500,
    applied: true,
    count: 3,
  });
  await settled();
  await payouts.refreshOpen();
  expect(await parts(p.id)).toEqual([
    expect.objectContaining({ status: 'finished', unfreeze: null }),
    expect.objectContaining({ status: 'finished', unfreeze: null }),
  ]);
  expect(await unfreezeRows(p.statementId)).toEqual([
    { ...planned[0], attempts: 1 }, // unclear: still open
    { ...planned[1], status: 'nothing_left', attempts: 1, failCode: 'NOT_ENOUGH' }, // fully refunded
    { ...planned[2], status: 'nothing_left', attempts: 1, failCode: 'INVALID_REQUEST' }, // already unfrozen
    { ...planned[3], status: 'accepted', attempts: 1, amount: 200 },
  ]);
  // money is still being released: the payout has not completed
  expect(await payoutOf(m, day)).toMatchObject({ status: 'processing' });

  // next refresh: each lost one is asked about by its number and found; none is sent again; then the payout completes
  const gets = (await calls()).length;
  await payouts.refreshOpen();
  const asked = (await calls())
    .slice(gets)
    .filter((c) => c.method === 'GET')
    .map((c) => c.path.split('?')[0]);
  expect(asked.sort()).toEqual([
    `/v3/profitsharing/orders/ST${p.statementId}F1`,
    `/v3/profitsharing/orders/ST${p.statementId}P1U`,
    `/v3/profitsharing/orders/ST${p.statementId}P2U`,
  ]);
  expect(await callCount('/v3/profitsharing/orders/unfreeze')).toBe(postsBefore + 6); // P1U, P2U, F1-F4: one POST each
  expect((await unfreezeRows(p.statementId))[0]).toEqual({ ...planned[0], status: 'accepted', attempts: 2, amount: 300 });
  expect((await parts(p.id)).map((x: any) => x.unfreeze)).toEqual(['accepted', 'accepted']);
  expect(await payoutOf(m, day)).toMatchObject({ status: 'succeeded', manualAmount: 0 });

  // WeChat's side: every payment of the day was released exactly once (the part's by P<n>U, the others by F<n>)
  const once = async (o: { transactionId: string }) =>
    (await unfreezeOrders(o.transactionId)).map((x) => [x.out_order_no.replace(`ST${p.statementId}`, ''), x.receivers[0].amount]);
  expect(await once(big)).toEqual([['P1U', 7_000]]);
  expect(await once(mid)).toEqual([['P2U', 6_000]]);
  expect(await once(small)).toEqual([['F1', 300]]);
  expect(await once(tiny)).toEqual([['F4', 200]]);
  expect(await once(refunded)).toEqual([]);
  expect((await unfreezeOrders(released.transactionId)).map((x) => x.out_order_no)).toEqual([expect.stringMatching(/^OPS/)]);

  // rerun: the day is finished, the unfreezes are planned once, refreshes send nothing
  const rows = await unfreezeRows(p.statementId);
  const n = (await calls()).length;
  expect((await settle(day)).batch).toMatchObject({ status: 'finished' });
  expect(await t.api.app.get(UnfreezeService).plan(t.ds.manager, [p.statementId])).toBe(0);
  await payouts.refreshOpen();
  await payouts.refreshOpen();
  expect((await calls()).length).toBe(n);
  expect(await unfreezeRows(p.statementId)).toEqual(rows);
  expect(await ledgerTotal()).toBe(0);
});

test('a profit sharing day with nothing to pay still releases its payments (by the sweep), once each; a lost answer is asked about', async () => {
  const day = '2026-09-04';
  const m = await w.merchant('分账零结算商家', 'profit_sharing');
  const manual = await w.merchant('手工结算商家0904');
  const kept = await w.paid(m, 2_000, `${day}T10:00:00+08:00`);
  const gone = await w.paid(m, 3_000, `${day}T11:00:00+08:00`);
  await w.paid(manual, 1_000, `${day}T11:30:00+08:00`);
  await w.commission(kept, dist, 600);
  await w.refund(kept, 1_400, `${day}T14:00:00+08:00`);
  await w.refund(gone, 3_000, `${day}T15:00:00+08:00`);

  // 5,000 − 4,400 refunded − 600 commission = 0: nothing to pay, no payout
  await settle(day);
  const [s] = await t.ds.query(`SELECT id, net_payable AS net, status FROM settlement_statement WHERE merchant_id = $1 AND business_date = $2`, [m.id, day]);
  expect(s).toMatchObject({ net: 0, status: 'nothing_due' });
  expect(await payoutOf(m, day)).toBeUndefined();
  expect(await unfreezeRows(s.id)).toEqual([
    expect.objectContaining({ seq: 1, transactionId: kept.transactionId, outOrderNo: `ST${s.id}F1`, status: 'created' }),
    expect.objectContaining({ seq: 2, transactionId: gone.transactionId, outOrderNo: `ST${s.id}F2`, status: 'created' }),
  ]);
  // a merchant paid by hand took no profit sharing payments: nothing to release
  const [ms] = await t.ds.query(`SELECT id FROM settlement_statement WHERE merchant_id = $1 AND business_date = $2`, [manual.id, day]);
  expect(await unfreezeRows(ms.id)).toEqual([]);

  const postsBefore = await callCount('/v3/profitsharing/orders/unfreeze');
  await t.control('POST', '/__sandbox__/faults', {
    endpoint: 'POST /v3/profitsharing/orders/unfreeze',
    mode: 'timeout',
    delayMs: 2500,
    applied: true,
    count: 1,
  });
  await payouts.refreshOpen();
  expect(await unfreezeRows(s.id)).toEqual([
    expect.objectContaining({ seq: 1, status: 'created', attempts: 1 }),
    expect.objectContaining({ seq: 2, status: 'nothing_left', attempts: 1, failCode: 'NOT_ENOUGH' }),
  ]);
  const before = (await calls()).length;
  await payouts.refreshOpen();
  const next = (await calls()).slice(before);
  expect(next.map((c) => `${c.method} ${c.path.split('?')[0]}`)).toEqual([`GET /v3/profitsharing/orders/ST${s.id}F1`]);
  expect(await unfreezeRows(s.id)).toEqual([
    expect.objectContaining({ seq: 1, status: 'accepted', attempts: 2, amount: 600 }), // 2,000 − 1,400 refunded
    expect.objectContaining({ seq: 2, status: 'nothing_left', attempts: 1 }),
  ]);
  expect(await callCount('/v3/profitsharing/orders/unfreeze')).toBe(postsBefore + 2);
  expect((await unfreezeOrders(kept.transactionId)).map((o) => o.out_order_no)).toEqual([`ST${s.id}F1`]);

  const n = (await calls()).length;
  await payouts.refreshOpen();
  expect((await calls()).length).toBe(n);
  expect(await ledgerTotal()).toBe(0);
});
