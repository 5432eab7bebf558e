import { CommissionReleaseService } from '../src/commission/commission-release.service.js';
import { Accounts } from '../src/ledger/accounts.js';
import { LedgerService } from '../src/ledger/ledger.service.js';
import { WalletJobs } from '../src/wallet/wallet.module.js';
import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, placeOrder } from './commerce-fixtures.js';
import { clone, createUser, drain, earnings, expectBooksBalance, startDistributionApi } from './distribution-fixtures.js';
import type { TestUser } from './fixtures.js';
import { until } from './polling.js';

/**
 * Commission is never withdrawable while its order has an open refund (docs/distribution.md). Everything
 * here goes through the product's routes and the WeChat sandbox; only the scheduled release sweep is
 * called directly, with a `now` past the after-sale window.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi({ sandbox: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const DAY = 86_400_000;
/** on sale needs a main image */
const IMAGES = { images: ['https://img.example.com/p.png'] };
const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const sweep = (days: number) => w.t.api.app.get(CommissionReleaseService).releaseDue(new Date(Date.now() + days * DAY));
const withdraw = (u: TestUser, amount: number) => w.t.request('POST', '/distributors/me/withdrawals', { token: u.token, body: { amount } });
const balance = (code: string) => w.t.api.app.get(LedgerService).balance(w.t.ds.manager, code);

/** A merchant (default 10% level-1 rate) selling one product, a distributor's shop of it, a buyer. */
async function world(price: number) {
  const m = await createMerchant(w, '退款冻结');
  const p = await createProduct(w, m, [{ price, stock: 20 }], IMAGES);
  const dist = await createUser(w.t, '分销员');
  const shop = await clone(w, dist, m.shopId);
  return { m, p, dist, shop };
}

/** Places and pays (sandbox) an order of `quantity` in the shop; waits until its commission is pending. */
async function paidOrder(x: Awaited<ReturnType<typeof world>>, quantity = 1) {
  const buyer = await createUser(w.t, '买家');
  const placed = await placeOrder(w, buyer, x.shop.id, [{ skuId: x.p.skuIds[0]!, quantity }]);
  expect(placed.status).toBe(201);
  const order = placed.body.orders[0];
  expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'commission accrued',
    async () => (await drain(w), w.t.ds.query('SELECT count(*)::int AS n FROM commission WHERE order_id = $1', [order.id])),
    (r) => r[0].n > 0,
  );
  return { buyer, order };
}

async function ship(m: TestMerchant, orderId: number) {
  const res = await w.t.request('POST', `/merchant/orders/${orderId}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: `SF${orderId}0001` } });
  expect(res.status).toBe(200);
}

async function receive(buyer: TestUser, orderId: number) {
  expect((await w.t.request('POST', `/orders/${orderId}/confirm-receipt`, { token: buyer.token })).status).toBe(200);
  await drain(w);
}

/** Approves a refund and waits until WeChat (sandbox) completed it and its events were applied. */
async function refundCompletes(m: TestMerchant, buyer: TestUser, orderId: number, refundId: number) {
  expect((await w.t.request('POST', `/merchant/refunds/${refundId}/approve`, mh(m))).status).toBe(200);
  await until(
    'refund succeeded',
    async () => (await drain(w), w.t.request('GET', `/orders/${orderId}`, { token: buyer.token })),
    (r) => r.body.refunds.some((f: any) => f.id === refundId && f.status === 'succeeded'),
  );
  await drain(w);
}

test('refund asked before receipt → receipt confirmed → sweep → withdrawal refused → refund completes: nothing refunded is paid out', async () => {
  const x = await world(10_000);
  const { buyer, order } = await paidOrder(x);
  await ship(x.m, order.id);
  const asked = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '还没收到就不想要了' } });
  expect(asked.status).toBe(201);
  await receive(buyer, order.id);

  // the after-sale window is over for the sweep, but the refund is still open: the commission stays frozen
  await sweep(8);
  expect(await earnings(w, x.dist)).toMatchObject({ pending: 1000, available: 0 });
  const tried = await withdraw(x.dist, 1000);
  expect(tried.status).toBe(400);
  expect(tried.body).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });

  await refundCompletes(x.m, buyer, order.id, asked.body.id);
  await sweep(8);
  expect(await earnings(w, x.dist)).toMatchObject({ pending: 0, available: 0, withdrawing: 0, withdrawn: 0, reversed: 1000 });
  // nothing left for WeChat: no withdrawal, no transfer bill, no money out of the platform
  expect(await w.t.ds.query('SELECT id FROM withdrawal WHERE user_id = $1', [x.dist.id])).toEqual([]);
  expect(await balance(Accounts.transfersOut().code)).toBe(0);
  expect(await balance(Accounts.distributorDebt(x.dist.id).code)).toBe(0);
  await expectBooksBalance(w, [x.dist]);
}, 90_000);

test('a refund that is decided lets the next sweep release what is left: rejected in full, or a part refunded', async () => {
  const x = await world(10_000);
  const rejected = await paidOrder(x);
  const partial = await paidOrder(x, 2);
  for (const o of [rejected, partial]) await ship(x.m, o.order.id);
  const r1 = await w.t.request('POST', `/orders/${rejected.order.id}/refunds`, { token: rejected.buyer.token, body: { reason: '想退' } });
  const r2 = await w.t.request('POST', `/orders/${partial.order.id}/refunds`, {
    token: partial.buyer.token,
    body: { reason: '退一件', items: [{ orderItemId: partial.order.items[0].id, quantity: 1 }] },
  });
  expect([r1.status, r2.status]).toEqual([201, 201]);
  for (const o of [rejected, partial]) await receive(o.buyer, o.order.id);
  await sweep(8);
  expect(await earnings(w, x.dist)).toMatchObject({ pending: 3000, available: 0 });

  expect((await w.t.request('POST', `/merchant/refunds/${r1.body.id}/reject`, { ...mh(x.m), body: { reason: '商品无质量问题' } })).status).toBe(200);
  await refundCompletes(x.m, partial.buyer, partial.order.id, r2.body.id);
  expect(await earnings(w, x.dist)).toMatchObject({ pending: 2000, available: 0, reversed: 1000 });
  await sweep(8);
  expect(await earnings(w, x.dist)).toMatchObject({ pending: 0, available: 2000 });
  const wd = await withdraw(x.dist, 2000);
  expect(wd.status).toBe(201);
  await expectBooksBalance(w, [x.dist]);
}, 90_000);

test('a refund completing after release becomes a debt: the wallet never goes negative, withdrawals count it, returned money and the next commissions pay it off first', async () => {
  const x = await world(10_000);
  const first = await paidOrder(x);
  await ship(x.m, first.order.id);
  await receive(first.buyer, first.order.id);
  await sweep(8);
  expect(await earnings(w, x.dist)).toMatchObject({ available: 1000 });
  // 6.00 withdrawn and paid out; 4.00 held for a bill the distributor has not confirmed yet
  const paid = await withdraw(x.dist, 600);
  await w.t.control('POST', `/__sandbox__/transfers/${paid.body.outBillNo}/confirm`);
  await until(
    'withdrawn',
    () => w.t.request('GET', `/distributors/me/withdrawals/${paid.body.id}`, { token: x.dist.token }).then((r) => r.body.status),
    (s) => s === 'succeeded',
  );
  const held = await withdraw(x.dist, 400);
  expect(held.body).toMatchObject({ status: 'wait_user_confirm' });

  // a late refund (still inside the buyer's after-sale window) takes back money that already left the wallet
  const late = await w.t.request('POST', `/orders/${first.order.id}/refunds`, { token: first.buyer.token, body: { reason: '用了几天坏了' } });
  expect(late.status).toBe(201);
  await refundCompletes(x.m, first.buyer, first.order.id, late.body.id);
  expect(await balance(Accounts.distributorWallet(x.dist.id).code)).toBe(0); // never a negative wallet
  expect(await balance(Accounts.distributorDebt(x.dist.id).code)).toBe(1000);
  expect(await earnings(w, x.dist)).toMatchObject({ available: -1000, withdrawing: 400, withdrawn: 600, reversed: 1000 });
  expect((await withdraw(x.dist, 100)).body).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  await expectBooksBalance(w, [x.dist]);

  // the unconfirmed bill expires: the 4.00 coming back pays the debt, not the wallet
  await w.t.api.app.get(WalletJobs).reconcile(new Date(Date.now() + 25 * 3600_000), 0);
  await until(
    'bill cancelled',
    () => w.t.request('GET', `/distributors/me/withdrawals/${held.body.id}`, { token: x.dist.token }).then((r) => r.body.status),
    (s) => s === 'cancelled',
  );
  expect(await balance(Accounts.distributorDebt(x.dist.id).code)).toBe(600);
  expect(await balance(Accounts.distributorWallet(x.dist.id).code)).toBe(0);
  expect(await earnings(w, x.dist)).toMatchObject({ available: -600, withdrawing: 0 });

  // the next commissions (2 × 10.00) pay the remaining 6.00 first; 14.00 is withdrawable and not a fen more
  const second = await paidOrder(x, 1);
  const third = await paidOrder(x, 1);
  for (const o of [second, third]) {
    await ship(x.m, o.order.id);
    await receive(o.buyer, o.order.id);
  }
  await sweep(8);
  expect(await balance(Accounts.distributorDebt(x.dist.id).code)).toBe(0);
  expect(await earnings(w, x.dist)).toMatchObject({ pending: 0, available: 1400 });
  expect((await withdraw(x.dist, 1401)).body).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  expect((await withdraw(x.dist, 1400)).status).toBe(201);
  // each payment of the debt is a line of the posting that made it: the release, the returned withdrawal
  const settled = await w.t.ds.query(
    `SELECT p.kind, SUM(e.amount)::bigint AS amount FROM ledger_entry e JOIN ledger_posting p ON p.id = e.posting_id JOIN ledger_account a ON a.id = e.account_id
     WHERE a.code = $1 GROUP BY p.kind ORDER BY p.kind`,
    [Accounts.distributorDebt(x.dist.id).code],
  );
  expect(settled).toEqual([
    { kind: 'commission.released', amount: -600 },
    { kind: 'commission.reversed', amount: 1000 },
    { kind: 'withdrawal.returned', amount: -400 },
  ]);
  await expectBooksBalance(w, [x.dist]);
}, 120_000);
