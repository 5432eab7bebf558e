import { CommissionReleaseService } from '../src/commission/commission-release.service.js';
import type { CommerceWorld } from './commerce-fixtures.js';
import {
  clone,
  commissions,
  completeOrder,
  createUser,
  earnings,
  expectBooksBalance,
  orderItems,
  paidOrder,
  receiveOrder,
  refundOrder,
  setSettings,
  sqlMerchant,
  startDistributionApi,
} from './distribution-fixtures.js';
import type { TestUser } from './fixtures.js';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi();
});
afterAll(async () => {
  await w?.t.close();
});
afterEach(async () => {
  await setSettings(w, { commissionLevels: 1, commissionCapBps: 3000, selfPurchaseCommission: false });
});

/** Merchant → Alice (opens a shop) → Bob clones Alice's shop: Alice is Bob's upline. */
async function aliceAndBob(rates: [number, number, number] = [1000, 500, 300], afterSaleDays = 7) {
  const m = await sqlMerchant(w, { rates, afterSaleDays });
  const alice = await createUser(w.t, 'Alice');
  const aliceShop = await clone(w, alice, m.shopId);
  const bob = await createUser(w.t, 'Bob');
  const bobShop = await clone(w, bob, aliceShop.id);
  expect(bobShop.binding.uplineUserId).toBe(alice.id);
  return { m, alice, bob, bobShop };
}
const release = () => w.t.api.app.get(CommissionReleaseService);
const days = (n: number) => new Date(Date.now() + n * 86_400_000);

test('the story: Carol buys in Bob’s shop; with 2 levels Bob earns level 1 and Alice level 2; after the window it is available', async () => {
  await setSettings(w, { commissionLevels: 2, acknowledgeMultiLevelRisk: true });
  const { m, alice, bob, bobShop } = await aliceAndBob();
  const carol = await createUser(w.t, 'Carol');
  const order = await paidOrder(w, m, carol, bobShop.id, bob.id); // 100.00 yuan
  expect(await commissions(w, order.id)).toEqual([
    { level: 1, userId: bob.id, rateBps: 1000, amount: 1000, reversed: 0, status: 'pending' },
    { level: 2, userId: alice.id, rateBps: 500, amount: 500, reversed: 0, status: 'pending' },
  ]);
  expect(await earnings(w, bob)).toMatchObject({ pending: 1000, available: 0 });
  await expectBooksBalance(w, [alice, bob]);

  const receivedAt = new Date();
  await receiveOrder(w, order.id, receivedAt);
  expect(await release().releaseDue(days(6))).toBe(0); // the after-sale window is still open
  expect(await release().releaseDue(days(7.01))).toBe(2);
  expect(await earnings(w, bob)).toMatchObject({ pending: 0, available: 1000 });
  expect(await earnings(w, alice)).toMatchObject({ pending: 0, available: 500 });
  const list = await w.t.request('GET', '/distributors/me/commissions', { token: alice.token });
  expect(list.body).toMatchObject({ total: 1, items: [{ orderId: order.id, level: 2, amount: 500, status: 'available' }] });
  // Carol's order also counts in Alice's team sales (informational only)
  const summary = await w.t.request('GET', '/distributors/me/team/summary', { token: alice.token });
  expect(summary.body.sales).toMatchObject({ level1: 10000 });
  const shopOrders = await w.t.request('GET', '/shops/mine/orders', { token: bob.token });
  expect(shopOrders.body.items).toEqual([
    expect.objectContaining({
      orderId: order.id,
      buyerNickname: 'C***l',
      paidAmount: 10000,
      commission: 1000,
      commissionStatus: 'available',
      status: 'received',
    }),
  ]);
  await expectBooksBalance(w, [alice, bob]);
});

test('levels = 1 pays only level 1', async () => {
  const { m, alice, bob, bobShop } = await aliceAndBob();
  const order = await paidOrder(w, m, await createUser(w.t), bobShop.id, bob.id);
  expect(await commissions(w, order.id)).toEqual([expect.objectContaining({ level: 1, userId: bob.id, amount: 1000 })]);
  expect(await earnings(w, alice)).toMatchObject({ pending: 0 });
  await expectBooksBalance(w, [alice, bob]);
});

test('levels = 0 pays nothing; the sale is still attributed', async () => {
  await setSettings(w, { commissionLevels: 0 });
  const { m, bob, bobShop } = await aliceAndBob();
  const order = await paidOrder(w, m, await createUser(w.t), bobShop.id, bob.id);
  expect(await commissions(w, order.id)).toEqual([]);
  const [sale] = await w.t.ds.query('SELECT distributor_user_id FROM distribution_sale WHERE order_id = $1', [order.id]);
  expect(sale.distributor_user_id).toBe(bob.id);
});

test('a cap trims rates from the deepest level; product overrides come first; amounts round down', async () => {
  await setSettings(w, { commissionLevels: 3, acknowledgeMultiLevelRisk: true, commissionCapBps: 1200 });
  const m = await sqlMerchant(w, { rates: [1000, 500, 300], products: [{ price: 999 }, { price: 999, override: [1100, null, 0] }] });
  const top = await createUser(w.t, 'Top');
  const topShop = await clone(w, top, m.shopId);
  const alice = await createUser(w.t, 'Alice');
  const aliceShop = await clone(w, alice, topShop.id);
  const bob = await createUser(w.t, 'Bob');
  const bobShop = await clone(w, bob, aliceShop.id);
  const order = await paidOrder(w, m, await createUser(w.t), bobShop.id, bob.id, m.products);
  expect(await commissions(w, order.id)).toEqual([
    // line 1: 1000 + 500 + 300 = 1800 > 1200 → level 3 cut to 0, level 2 to 200
    expect.objectContaining({ level: 1, userId: bob.id, rateBps: 1000, amount: 99 }),
    expect.objectContaining({ level: 2, userId: alice.id, rateBps: 200, amount: 19 }),
    // line 2: override 1100 + merchant 500 + override 0 → level 2 cut to 100
    expect.objectContaining({ level: 1, userId: bob.id, rateBps: 1100, amount: 109 }),
    expect.objectContaining({ level: 2, userId: alice.id, rateBps: 100, amount: 9 }),
  ]);
  await expectBooksBalance(w, [top, alice, bob]);
});

test('self-purchase earns nothing by default, and level 1 when the platform enables it', async () => {
  const { m, bob, bobShop } = await aliceAndBob();
  const own = await paidOrder(w, m, bob, bobShop.id, bob.id);
  expect(await commissions(w, own.id)).toEqual([]);
  await setSettings(w, { selfPurchaseCommission: true });
  const again = await paidOrder(w, m, bob, bobShop.id, bob.id);
  expect(await commissions(w, again.id)).toEqual([expect.objectContaining({ level: 1, userId: bob.id, amount: 1000 })]);
});

test('a partial refund while pending reverses proportionally from pending; a full refund reverses all', async () => {
  await setSettings(w, { commissionLevels: 2, acknowledgeMultiLevelRisk: true });
  const { m, alice, bob, bobShop } = await aliceAndBob([1000, 500, 0]);
  const order = await paidOrder(w, m, await createUser(w.t), bobShop.id, bob.id);
  const [item] = await orderItems(w, order.id);
  await refundOrder(w, order.id, [{ orderItemId: item!.id, refundAmount: 2500 }]); // a quarter
  expect(await commissions(w, order.id)).toEqual([
    expect.objectContaining({ level: 1, amount: 1000, reversed: 250, status: 'pending' }),
    expect.objectContaining({ level: 2, amount: 500, reversed: 125, status: 'pending' }),
  ]);
  expect(await earnings(w, bob)).toMatchObject({ pending: 750, reversed: 250 });
  await expectBooksBalance(w, [alice, bob]);
  await refundOrder(w, order.id, [{ orderItemId: item!.id, refundAmount: 7500 }]);
  expect((await commissions(w, order.id)).map((c: { status: string; reversed: number }) => [c.status, c.reversed])).toEqual([
    ['reversed', 1000],
    ['reversed', 500],
  ]);
  await completeOrder(w, order.id); // nothing left to release
  expect(await earnings(w, bob)).toMatchObject({ pending: 0, available: 0, reversed: 1000 });
  await expectBooksBalance(w, [alice, bob]);
});

test('a refund after the commission became available takes it from the wallet, carrying a negative balance', async () => {
  const { m, alice, bob, bobShop } = await aliceAndBob();
  const first = await paidOrder(w, m, await createUser(w.t), bobShop.id, bob.id);
  const second = await paidOrder(w, m, await createUser(w.t), bobShop.id, bob.id);
  await completeOrder(w, first.id); // order completed: the window is over, released at once
  expect(await earnings(w, bob)).toMatchObject({ pending: 1000, available: 1000 });
  // Bob's available money has left (a withdrawal, modelled directly): the wallet is at 0
  await w.t.ds.query(
    `INSERT INTO withdrawal (user_id, amount, status, out_bill_no, openid, business_date, settled_at) VALUES ($1, 1000, 'succeeded', $2, 'x', current_date, now())`,
    [bob.id, `WDTEST${bob.id}`],
  );
  const { LedgerService } = await import('../src/ledger/ledger.service.js');
  const { Accounts } = await import('../src/ledger/accounts.js');
  await w.t.ds.transaction((em) =>
    w.t.api.app.get(LedgerService).post(em, {
      kind: 'withdrawal.paid',
      idempotencyKey: `test:withdrawal:${bob.id}`,
      lines: [
        { account: Accounts.distributorWallet(bob.id), amount: 1000 },
        { account: Accounts.transfersOut(), amount: -1000 },
      ],
    }),
  );
  const [item] = await orderItems(w, first.id);
  await refundOrder(w, first.id, [{ orderItemId: item!.id, refundAmount: 10000 }]);
  expect(await earnings(w, bob)).toMatchObject({ pending: 1000, available: -1000, reversed: 1000 });
  // the debt is paid back by the next release, never dropped
  await completeOrder(w, second.id);
  expect(await earnings(w, bob)).toMatchObject({ pending: 0, available: 0 });
  await expectBooksBalance(w, [alice, bob]);
});

test('events are applied once: a duplicate delivery of the same order and refund changes nothing', async () => {
  const { m, bob, bobShop } = await aliceAndBob();
  const order = await paidOrder(w, m, await createUser(w.t), bobShop.id, bob.id);
  const { CommissionAccrualService } = await import('../src/commission/commission-accrual.service.js');
  const { CommissionReversalService } = await import('../src/commission/commission-reversal.service.js');
  const { paidOrderOf } = await import('../src/commission/order-events.js');
  const [event] = await w.t.ds.query(`SELECT payload FROM domain_event WHERE type = 'order.paid' AND aggregate_id = $1`, [order.id]);
  await w.t.ds.transaction(async (em) => w.t.api.app.get(CommissionAccrualService).onPaid(em, paidOrderOf(event.payload)));
  const [item] = await orderItems(w, order.id);
  await refundOrder(w, order.id, [{ orderItemId: item!.id, refundAmount: 5000 }]);
  const [refunded] = await w.t.ds.query(`SELECT id, payload FROM domain_event WHERE type = 'order.refunded' AND aggregate_id = $1`, [order.id]);
  const { orderRefundOf } = await import('../src/commission/order-events.js');
  await w.t.ds.transaction((em) => w.t.api.app.get(CommissionReversalService).onRefunded(em, orderRefundOf(refunded.payload)));
  expect(await commissions(w, order.id)).toEqual([expect.objectContaining({ amount: 1000, reversed: 500 })]);
  expect(await earnings(w, bob)).toMatchObject({ pending: 500 });
  await expectBooksBalance(w, [bob]);
});

test('a merchant-shop sale with a ref credits the ref distributor; commission routes need a token', async () => {
  const { m, alice } = await aliceAndBob();
  const { OrderAttribution } = await import('../src/referral/order-attribution.js');
  const [{ referral_code }] = await w.t.ds.query('SELECT referral_code FROM app_user WHERE id = $1', [alice.id]);
  const hooks = w.t.api.app.get(OrderAttribution);
  const shop = { id: m.shopId, kind: 'merchant' as const, ownerUserId: m.owner.id, merchantId: m.id };
  expect(await hooks.attribute({ em: w.t.ds.manager, buyerUserId: 1, shop, ref: referral_code })).toBe(alice.id);
  expect(await hooks.attribute({ em: w.t.ds.manager, buyerUserId: 1, shop })).toBeNull();
  expect((await w.t.request('GET', '/distributors/me/commissions')).status).toBe(401);
  expect((await w.t.request('GET', '/distributors/me/commissions?status=lost', { token: alice.token })).body.message).toMatch(/^status:/);
});

export type { TestUser };
