import { WalletJobs } from '../src/wallet/wallet.module.js';
import type { CommerceWorld } from './commerce-fixtures.js';
import {
  clone,
  completeOrder,
  createUser,
  earnings,
  expectBooksBalance,
  paidOrder,
  setSettings,
  sqlMerchant,
  startDistributionApi,
} from './distribution-fixtures.js';
import type { TestUser } from './fixtures.js';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi({ sandbox: true });
});
afterAll(async () => {
  await w?.t.close();
});

const BILLS = 'POST /v3/fund-app/mch-transfer/transfer-bills';

/** A distributor whose wallet holds `available` fen of released commission (10% of one sale). */
async function funded(available: number, openid?: string): Promise<TestUser> {
  const m = await sqlMerchant(w, { rates: [1000, 0, 0], products: [{ price: available * 10 }] });
  const bob = await createUser(w.t, 'Bob', openid);
  const shop = await clone(w, bob, m.shopId);
  const order = await paidOrder(w, m, await createUser(w.t), shop.id, bob.id);
  await completeOrder(w, order.id);
  expect(await earnings(w, bob)).toMatchObject({ available });
  return bob;
}
const withdraw = (u: TestUser, amount: number) => w.t.request('POST', '/distributors/me/withdrawals', { token: u.token, body: { amount } });
const bills = async (outBillNo: string) =>
  (await w.t.control('GET', '/__sandbox__/state')).body.transfers.filter((t: { out_bill_no: string }) => t.out_bill_no === outBillNo);

/** Polls the withdrawal (the route refreshes open ones from WeChat) until it reaches `status`. */
async function until(u: TestUser, id: number, status: string) {
  for (let i = 0; i < 100; i++) {
    const res = await w.t.request('GET', `/distributors/me/withdrawals/${id}`, { token: u.token });
    if (res.body.status === status) return res.body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`withdrawal ${id} never became ${status}`);
}

test('the story ends: Bob withdraws, confirms in WeChat, the transfer succeeds', async () => {
  const bob = await funded(1000);
  const res = await withdraw(bob, 1000);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ amount: 1000, status: 'wait_user_confirm', mchId: w.t.sandbox!.credentials.mchid, appId: w.t.sandbox!.credentials.appid });
  expect(res.body.packageInfo).toEqual(expect.any(String));
  expect(res.body.outBillNo).toMatch(/^WD\d{22}$/);
  expect(await earnings(w, bob)).toMatchObject({ available: 0, withdrawing: 1000 });
  await expectBooksBalance(w, [bob]);

  expect((await w.t.control('POST', `/__sandbox__/transfers/${res.body.outBillNo}/confirm`)).status).toBe(200);
  const done = await until(bob, res.body.id, 'succeeded');
  expect(done.settledAt).toEqual(expect.any(String));
  expect(await earnings(w, bob)).toMatchObject({ available: 0, withdrawing: 0, withdrawn: 1000 });
  await expectBooksBalance(w, [bob]);
  const list = await w.t.request('GET', '/distributors/me/withdrawals', { token: bob.token });
  expect(list.body).toMatchObject({ total: 1, items: [{ id: res.body.id, status: 'succeeded' }] });
});

test('over the balance, under the minimum, over the daily limit: refused, nothing held', async () => {
  const bob = await funded(3000);
  const over = await withdraw(bob, 3001);
  expect(over.status).toBe(400);
  expect(over.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  expect(over.body.message).toMatch(/^amount: 可提现余额不足（可提现 30\.00 元）/);
  expect((await withdraw(bob, 99)).body.message).toMatch(/^amount: 最低提现 1\.00 元/);
  expect((await withdraw(bob, 0)).body.message).toMatch(/^amount:/);
  await setSettings(w, { withdrawalDailyLimitFen: 2500 });
  try {
    expect((await withdraw(bob, 2000)).status).toBe(201);
    const daily = await withdraw(bob, 600);
    expect(daily.body).toMatchObject({ code: 'DAILY_LIMIT_EXCEEDED' });
  } finally {
    await setSettings(w, { withdrawalDailyLimitFen: 2_000_000 });
  }
  expect(await earnings(w, bob)).toMatchObject({ available: 1000, withdrawing: 2000 });
  await expectBooksBalance(w, [bob]);
});

test('a transfer that fails returns the money to the wallet', async () => {
  const bob = await funded(1500);
  const res = await withdraw(bob, 1500);
  await w.t.control('POST', `/__sandbox__/transfers/${res.body.outBillNo}/reject`, { fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' });
  const failed = await until(bob, res.body.id, 'failed');
  expect(failed.failReason).toBe('PAYEE_ACCOUNT_ABNORMAL');
  expect(await earnings(w, bob)).toMatchObject({ available: 1500, withdrawing: 0, withdrawn: 0 });
  await expectBooksBalance(w, [bob]);
  // and the money can be withdrawn again (a new withdrawal, a new bill)
  expect((await withdraw(bob, 1500)).body.status).toBe('wait_user_confirm');
});

test('two withdrawals racing for one balance: at most the balance leaves', async () => {
  const bob = await funded(1000);
  const results = await Promise.all([withdraw(bob, 800), withdraw(bob, 800), withdraw(bob, 800)]);
  expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400]);
  expect(await earnings(w, bob)).toMatchObject({ available: 200, withdrawing: 800 });
  await expectBooksBalance(w, [bob]);
});

test('an unclear answer (timeout after WeChat applied it) is resolved by query: never a second bill', async () => {
  const bob = await funded(1200);
  await w.t.control('POST', '/__sandbox__/faults', { endpoint: BILLS, mode: 'timeout', count: 1, delayMs: 5_000, applied: true });
  const res = await withdraw(bob, 1200);
  expect(res.status).toBe(201);
  expect(res.body.status).toBe('wait_user_confirm'); // found by querying the same out_bill_no
  expect(await bills(res.body.outBillNo)).toHaveLength(1);
  expect((await w.t.control('GET', '/__sandbox__/state')).body.transfers.filter((t: { openid: string }) => t.openid === bob.openid)).toHaveLength(1);
  await expectBooksBalance(w, [bob]);
}, 20_000);

test('an unclear answer where WeChat created nothing: the sweep re-sends the same out_bill_no', async () => {
  const bob = await funded(1300);
  await w.t.control('POST', '/__sandbox__/faults', { endpoint: BILLS, mode: 'error500', count: 1, applied: false });
  const res = await withdraw(bob, 1300);
  expect(res.body.status).toBe('created'); // held, outcome unknown
  expect(await bills(res.body.outBillNo)).toHaveLength(0);
  expect(await earnings(w, bob)).toMatchObject({ available: 0, withdrawing: 1300 });
  await w.t.api.app.get(WalletJobs).reconcile(new Date(), 0);
  const [row] = await w.t.ds.query('SELECT status, out_bill_no, attempts FROM withdrawal WHERE id = $1', [res.body.id]);
  expect(row).toEqual({ status: 'wait_user_confirm', out_bill_no: res.body.outBillNo, attempts: 2 });
  expect(await bills(res.body.outBillNo)).toHaveLength(1);
});

test('a clear refusal from WeChat (4xx) fails the withdrawal at once and returns the money', async () => {
  const bob = await funded(1100, `o_${'x'.repeat(70)}`); // WeChat refuses an openid over 64 characters
  const res = await withdraw(bob, 1100);
  expect(res.body.status).toBe('failed');
  expect(res.body.failReason).toMatch(/^PARAM_ERROR/);
  expect(await earnings(w, bob)).toMatchObject({ available: 1100, withdrawing: 0 });
  await expectBooksBalance(w, [bob]);
});

test('unconfirmed for 24 hours: the sweep cancels the bill and the money comes back', async () => {
  const bob = await funded(1400);
  const res = await withdraw(bob, 1400);
  expect(res.body.status).toBe('wait_user_confirm');
  await w.t.api.app.get(WalletJobs).reconcile(new Date(Date.now() + 25 * 3600_000), 0);
  const cancelled = await until(bob, res.body.id, 'cancelled');
  expect(cancelled.packageInfo).toBeNull();
  expect(await earnings(w, bob)).toMatchObject({ available: 1400, withdrawing: 0 });
  await expectBooksBalance(w, [bob]);
});

test('the MCHTRANSFER notify alone settles a withdrawal (no polling, no sweep)', async () => {
  const bob = await funded(900);
  const res = await withdraw(bob, 900);
  await w.t.control('POST', `/__sandbox__/transfers/${res.body.outBillNo}/confirm`);
  let status = '';
  for (let i = 0; i < 100 && status !== 'succeeded'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    [{ status }] = await w.t.ds.query('SELECT status FROM withdrawal WHERE id = $1', [res.body.id]);
  }
  expect(status).toBe('succeeded');
  const deliveries = (await w.t.control('GET', '/__sandbox__/deliveries')).body.filter((d: { url?: string }) =>
    String(d.url ?? '').includes('/wechat/transfers/notify'),
  );
  expect(deliveries.length).toBeGreaterThan(0);
  await expectBooksBalance(w, [bob]);
});

test('transfer notifies are verified: a forged one is refused and changes nothing', async () => {
  const res = await w.t.request('POST', '/api/v1/wechat/transfers/notify', {
    rawBody: JSON.stringify({ id: 'x', event_type: 'MCHTRANSFER.BILL.FINISHED', resource: {} }),
    headers: {
      'wechatpay-serial': 'PUB_KEY_ID_0000',
      'wechatpay-signature': 'AAAA',
      'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)),
      'wechatpay-nonce': 'n',
    },
  });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.body).toMatchObject({ code: 'FAIL' });
});
