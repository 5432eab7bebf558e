import { createUser, type TestUser } from '../../apps/api/test/fixtures.js';
import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, placeOrder, startCommerceApi } from '../../apps/api/test/commerce-fixtures.js';
import { Accounts } from '../../apps/api/src/ledger/accounts.js';
import { LedgerService } from '../../apps/api/src/ledger/ledger.service.js';
import { PaymentSyncService } from '../../apps/api/src/payments/payment-sync.service.js';
import { WalletJobs } from '../../apps/api/src/wallet/wallet.module.js';
import { ledgerSum } from '../support/books.js';
import { until } from '../support/http.js';

/**
 * The WeChat Pay sandbox failing (`fail`: 500 SYSTEM_ERROR, `error500`: bare gateway page) or timing out
 * (answer held past the API's 3 s client timeout, the request applied or not) for prepay, refund and
 * transfer. The API answers quickly with a clear error (status, `code`, Chinese message), retries only with
 * the same out_trade_no / out_refund_no / out_bill_no and only after asking WeChat, and WeChat's own state
 * (the sandbox's control API) never shows a second refund or transfer.
 */
const PREPAY = 'POST /v3/pay/transactions/jsapi';
const REFUND = 'POST /v3/refund/domestic/refunds';
const BILLS = 'POST /v3/fund-app/mch-transfer/transfer-bills';
const HELD_MS = 8_000; // > WECHAT_HTTP_TIMEOUT_MS (3 s in the harness)
const CLIENT_BUDGET_MS = 7_000; // no API answer may take longer than this

let w: CommerceWorld;
let m: TestMerchant;
let skuId: number;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true, isolatedDatabase: true });
  m = await createMerchant(w);
  skuId = (await createProduct(w, m, [{ price: 1500, stock: 100 }])).skuIds[0]!;
}, 60_000);
afterEach(async () => {
  await control('DELETE', '/faults');
});
afterAll(async () => {
  await w?.t.close();
});

const control = (method: string, path: string, body?: unknown) => w.t.control(method, `/__sandbox__${path}`, body);
const fault = (endpoint: string, mode: 'fail' | 'error500' | 'timeout', applied = true) =>
  control('POST', '/faults', { endpoint, mode, count: 1, delayMs: HELD_MS, applied });
const mh = {
  get token() {
    return m.owner.token;
  },
  get headers() {
    return { 'x-merchant-id': String(m.id) };
  },
};
const q = (sql: string, params: unknown[] = []) => w.t.ds.query(sql, params);
type Call = { id: number; method: string; path: string; status: number; fault?: string };
const calls = async (fragment: string): Promise<Call[]> => ((await control('GET', '/calls')).body as Call[]).filter((c) => c.path.includes(fragment));

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = Date.now();
  const v = await fn();
  return [v, Date.now() - started];
}

async function newOrder() {
  const buyer = await createUser(w.t);
  const placed = await placeOrder(w, buyer, m.shopId, [{ skuId, quantity: 1 }]);
  expect(placed.status).toBe(201);
  return { buyer, order: placed.body.orders[0] as { id: number; outTradeNo: string } };
}

async function paidOrder() {
  const { buyer, order } = await newOrder();
  expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
  await control('POST', '/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    async () => (await q('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status,
    (s) => s === 'paid',
  );
  return { buyer, order };
}

describe('prepay', () => {
  test.each([
    ['fail', true],
    ['error500', true],
    ['timeout', true],
    ['timeout', false],
  ] as const)(
    '%s (applied: %s): a clear 502 within the client timeout; paying again works with the same out_trade_no',
    async (mode, applied) => {
      const { buyer, order } = await newOrder();
      await fault(PREPAY, mode, applied);
      const [res, ms] = await timed(() => w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token }));
      expect(ms).toBeLessThan(CLIENT_BUDGET_MS);
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({
        code: 'UPSTREAM_ERROR',
        message: '微信支付暂时无法下单，请稍后重试',
        details: { outcome: 'unknown', code: mode === 'timeout' ? 'TIMEOUT' : expect.any(String) },
      });
      expect((await q('SELECT status, prepay_id FROM "order" WHERE id = $1', [order.id]))[0]).toEqual({ status: 'created', prepay_id: null });

      const again = await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
      expect(again.status).toBe(200);
      // one transaction at WeChat for this order, and the API uses its prepay (the lost one, when it was applied)
      const txs = (await control('GET', '/state')).body.transactions.filter((t: any) => t.out_trade_no === order.outTradeNo);
      expect(txs).toHaveLength(1);
      const prepays = await calls('/v3/pay/transactions/jsapi');
      expect(prepays.filter((c) => c.fault === mode).length).toBeGreaterThanOrEqual(1);
      await control('POST', '/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
      await until(
        'paid',
        async () => (await q('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status,
        (s) => s === 'paid',
      );
      expect((await q('SELECT count(*)::int AS n FROM payment WHERE order_id = $1', [order.id]))[0].n).toBe(1);
    },
    40_000,
  );
});

describe('refund', () => {
  async function approveUnder(mode: 'fail' | 'error500' | 'timeout', applied: boolean) {
    const { buyer, order } = await paidOrder();
    const req = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '故障测试' } });
    expect(req.status).toBe(201);
    await fault(REFUND, mode, applied);
    const [approved, ms] = await timed(() => w.t.request('POST', `/merchant/refunds/${req.body.id}/approve`, mh));
    expect(ms).toBeLessThan(CLIENT_BUDGET_MS);
    // the merchant's decision stands; WeChat's answer is pending
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('processing');
    const [row] = await q('SELECT status, wechat_status, out_refund_no FROM refund WHERE id = $1', [req.body.id]);
    expect(row).toEqual({ status: 'processing', wechat_status: 'UNKNOWN', out_refund_no: req.body.outRefundNo });
    return { buyer, order, refund: req.body as { id: number; outRefundNo: string; amount: number } };
  }

  async function expectRefundedOnce(order: { id: number; outTradeNo: string }, refund: { id: number; outRefundNo: string }) {
    await until(
      'refund succeeded',
      async () => (await q('SELECT status FROM refund WHERE id = $1', [refund.id]))[0].status,
      (s) => s === 'succeeded',
    );
    const atWechat = (await control('GET', '/state')).body.refunds.filter((r: any) => r.out_trade_no === order.outTradeNo);
    expect(atWechat.map((r: any) => r.out_refund_no)).toEqual([refund.outRefundNo]);
    expect((await q('SELECT status, refunded_total FROM "order" WHERE id = $1', [order.id]))[0]).toEqual({ status: 'refunded', refunded_total: 1500 });
    expect((await q('SELECT count(*)::int AS n FROM ledger_posting WHERE idempotency_key = $1', [`refund:${refund.outRefundNo}`]))[0].n).toBe(1);
    expect((await q('SELECT count(*)::int AS n FROM refund WHERE order_id = $1', [order.id]))[0].n).toBe(1);
  }

  const later = () => new Date(Date.now() + 10 * 60_000);

  test('timeout, applied at WeChat: the sync job queries first and never sends the refund again', async () => {
    await control('POST', '/refunds/auto-complete', { enabled: false });
    try {
      const { order, refund } = await approveUnder('timeout', true);
      const before = (await calls(`/v3/refund/domestic/refunds`)).filter((c) => c.method === 'POST').length;
      await w.t.api.app.get(PaymentSyncService).syncRefunds(later()); // WeChat says PROCESSING: nothing to do
      const after = await calls('/v3/refund/domestic/refunds');
      expect(after.filter((c) => c.method === 'POST').length).toBe(before); // no resubmission
      expect(after.some((c) => c.method === 'GET' && c.path.includes(refund.outRefundNo) && c.status === 200)).toBe(true);
      expect((await q('SELECT status FROM refund WHERE id = $1', [refund.id]))[0].status).toBe('processing');
      await control('POST', `/refunds/${refund.outRefundNo}/result`, { status: 'SUCCESS' });
      await expectRefundedOnce(order, refund);
    } finally {
      await control('POST', '/refunds/auto-complete', { enabled: true });
    }
  }, 40_000);

  test.each([
    ['timeout', false],
    ['fail', true],
    ['error500', true],
  ] as const)(
    '%s (applied: %s) → WeChat has no refund: the sync job queries (404), then resubmits the same out_refund_no once',
    async (mode, applied) => {
      const { order, refund } = await approveUnder(mode, applied);
      expect((await control('GET', '/state')).body.refunds.filter((r: any) => r.out_trade_no === order.outTradeNo)).toEqual([]);
      const sync = w.t.api.app.get(PaymentSyncService);
      await sync.syncRefunds(later());
      const seq = (await calls(refund.outRefundNo)).map((c) => `${c.method} ${c.status}`);
      expect(seq).toEqual(['GET 404']);
      const posts = (await calls('/v3/refund/domestic/refunds')).filter((c) => c.method === 'POST');
      expect(posts.slice(-2).map((c) => c.fault ?? c.status)).toEqual([mode, 200]);
      await expectRefundedOnce(order, refund);
      // running the job again (as every minute) changes nothing
      await sync.syncRefunds(later());
      await expectRefundedOnce(order, refund);
    },
    40_000,
  );
});

describe('transfer (withdrawal)', () => {
  /** A user whose wallet holds `amount` fen of released commission. */
  async function funded(amount: number): Promise<TestUser> {
    const user = await createUser(w.t, '提现店主');
    const ledger = w.t.api.app.get(LedgerService);
    await w.t.ds.transaction((em) =>
      ledger.post(em, {
        kind: 'commission.released',
        idempotencyKey: `test:funding:${user.id}`,
        lines: [
          { account: Accounts.distributorPending(user.id), amount },
          { account: Accounts.distributorWallet(user.id), amount: -amount },
        ],
      }),
    );
    return user;
  }
  const billsFor = async (openid: string) =>
    ((await control('GET', '/state')).body.transfers as Array<{ openid: string; out_bill_no: string; state: string }>).filter((t) => t.openid === openid);
  const wallet = async (userId: number) =>
    0 -
      (
        await q(`SELECT COALESCE(sum(e.amount),0)::bigint AS b FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id WHERE a.code = $1`, [
          `distributor:${userId}:wallet`,
        ])
      )[0].b || 0;

  test('timeout, applied at WeChat: the API queries the same out_bill_no and shows the bill; no second transfer', async () => {
    const u = await funded(2000);
    await fault(BILLS, 'timeout', true);
    const [res, ms] = await timed(() => w.t.request('POST', '/distributors/me/withdrawals', { token: u.token, body: { amount: 2000 } }));
    expect(ms).toBeLessThan(CLIENT_BUDGET_MS);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'wait_user_confirm', amount: 2000 });
    const seq = (await calls(res.body.outBillNo)).map((c) => `${c.method} ${c.status}`);
    // asked about the same number, then repeated the create with that SAME number to recover package_info
    expect(seq).toEqual(['GET 200']);
    const posts = (await calls('/transfer-bills')).filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2); // the one whose answer was lost + the recovery; WeChat still has one bill:
    expect((await billsFor(u.openid)).map((b) => b.out_bill_no)).toEqual([res.body.outBillNo]);
    await control('POST', `/transfers/${res.body.outBillNo}/confirm`);
    await until(
      'transfer succeeded',
      async () => (await w.t.request('GET', `/distributors/me/withdrawals/${res.body.id}`, { token: u.token })).body.status,
      (s) => s === 'succeeded',
    );
    expect(await billsFor(u.openid)).toHaveLength(1);
    expect(await wallet(u.id)).toBe(0);
    expect((await q(`SELECT count(*)::int AS n FROM ledger_posting WHERE idempotency_key = $1`, [`withdrawal:paid:${res.body.id}`]))[0].n).toBe(1);
  }, 40_000);

  // WeChat's transfer-bill query has no package_info, so after a lost create answer the API repeats the
  // create with the SAME out_bill_no (WeChat answers the existing bill, package_info included).
  test('timeout, applied at WeChat: the buyer still gets the package_info to confirm the transfer', async () => {
    const u = await funded(1500);
    await fault(BILLS, 'timeout', true);
    const res = await w.t.request('POST', '/distributors/me/withdrawals', { token: u.token, body: { amount: 1500 } });
    expect(res.body.status).toBe('wait_user_confirm');
    const view = await w.t.request('GET', `/distributors/me/withdrawals/${res.body.id}`, { token: u.token });
    expect(view.body.packageInfo).toEqual(expect.any(String));
  }, 40_000);

  test.each([
    ['timeout', false],
    ['fail', true],
    ['error500', true],
  ] as const)(
    '%s (applied: %s): the money stays held, WeChat has no bill; the retry reuses the out_bill_no; one transfer',
    async (mode, applied) => {
      const u = await funded(1200);
      const postsBefore = (await calls('/transfer-bills')).filter((c) => c.method === 'POST').length;
      await fault(BILLS, mode, applied);
      const [res, ms] = await timed(() => w.t.request('POST', '/distributors/me/withdrawals', { token: u.token, body: { amount: 1200 } }));
      expect(ms).toBeLessThan(CLIENT_BUDGET_MS);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'created', amount: 1200, packageInfo: null });
      expect(await billsFor(u.openid)).toEqual([]);
      expect(await wallet(u.id)).toBe(0); // held, not lost, not returned
      expect((await calls(res.body.outBillNo)).map((c) => `${c.method} ${c.status}`)).toEqual(['GET 404']);

      // the sweep (every minute) retries with the same number; a second run finds the bill and creates nothing
      const jobs = w.t.api.app.get(WalletJobs);
      await jobs.reconcile(new Date(Date.now() + 5 * 60_000), 0);
      await jobs.reconcile(new Date(Date.now() + 5 * 60_000), 0);
      const bills = await billsFor(u.openid);
      expect(bills.map((b) => [b.out_bill_no, b.state])).toEqual([[res.body.outBillNo, 'WAIT_USER_CONFIRM']]);
      expect((await calls('/transfer-bills')).filter((c) => c.method === 'POST').length).toBe(postsBefore + 2); // the faulted one + one retry
      const view = await w.t.request('GET', `/distributors/me/withdrawals/${res.body.id}`, { token: u.token });
      expect(view.body).toMatchObject({ status: 'wait_user_confirm', outBillNo: res.body.outBillNo });
      await control('POST', `/transfers/${res.body.outBillNo}/confirm`);
      await until(
        'transfer succeeded',
        async () => (await w.t.request('GET', `/distributors/me/withdrawals/${res.body.id}`, { token: u.token })).body.status,
        (s) => s === 'succeeded',
      );
      expect(await billsFor(u.openid)).toHaveLength(1);
      expect((await q(`SELECT count(*)::int AS n FROM ledger_posting WHERE idempotency_key LIKE $1`, [`withdrawal:%:${res.body.id}`]))[0].n).toBe(2); // held + paid
    },
    40_000,
  );
});

test('books balance after all of it', async () => {
  expect(await ledgerSum(w.t.ds)).toBe(0);
});
