import { CommissionReleaseService } from '../src/commission/commission-release.service.js';
import { OrderSweepsService } from '../src/orders/order-sweeps.service.js';
import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, placeOrder } from './commerce-fixtures.js';
import { clone, createUser, drain, earnings, expectBooksBalance, setSettings, startDistributionApi } from './distribution-fixtures.js';
import type { TestUser } from './fixtures.js';
import { until } from './polling.js';

/**
 * The domain brief's story end to end, through the real routes of every module and the WeChat sandbox:
 * merchant lists → Alice opens a shop → Bob clones it (Alice becomes his upline) → Carol buys in Bob's
 * shop and pays → Bob earns level 1, Alice level 2 (levels = 2) → window passes → available → Bob
 * withdraws to WeChat change → confirmed. The books balance at every step.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi({ sandbox: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });

test('Alice → Bob clones → Carol buys in Bob’s shop → commissions → window → Bob withdraws', async () => {
  await setSettings(w, { commissionLevels: 2, acknowledgeMultiLevelRisk: true });
  const m = await createMerchant(w, '云南茶园');
  const rates = await w.t.request('PATCH', '/merchant/settings', { ...mh(m), body: { commissionL1Bps: 1000, commissionL2Bps: 300 } });
  expect(rates.status).toBe(200);
  const tea = await createProduct(w, m, [{ price: 16_800, stock: 10 }]);

  const alice: TestUser = await createUser(w.t, 'Alice');
  const aliceShop = await clone(w, alice, m.shopId);
  expect(aliceShop.productIds).toEqual([tea.id]);
  const bob: TestUser = await createUser(w.t, 'Bob');
  const bobShop = await clone(w, bob, aliceShop.id);
  expect(bobShop.binding).toMatchObject({ outcome: 'bound', uplineUserId: alice.id });

  const carol = await createUser(w.t, 'Carol');
  const placed = await placeOrder(w, carol, bobShop.id, [{ skuId: tea.skuIds[0]!, quantity: 2 }]);
  expect(placed.status).toBe(201);
  const order = placed.body.orders[0];
  expect(order.distributorUserId).toBe(bob.id);
  expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token: carol.token })).status).toBe(200);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'order paid',
    () => w.t.request('GET', `/orders/${order.id}`, { token: carol.token }).then((r) => r.body.status),
    (s) => s === 'paid',
  );
  await until(
    'commission',
    async () => (await drain(w), earnings(w, bob)),
    (e) => e.pending > 0,
  );

  // 2 × 168.00 = 336.00 paid: Bob 10% = 33.60, Alice 3% = 10.08
  expect(await earnings(w, bob)).toMatchObject({ pending: 3360, available: 0 });
  expect(await earnings(w, alice)).toMatchObject({ pending: 1008, available: 0 });
  await expectBooksBalance(w, [alice, bob]);

  const shipped = await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: 'SF10001' } });
  expect(shipped.body).toMatchObject({ status: 'shipped' });
  const received = await w.t.request('POST', `/orders/${order.id}/confirm-receipt`, { token: carol.token });
  expect(received.body).toMatchObject({ status: 'received' });
  await drain(w);
  const release = w.t.api.app.get(CommissionReleaseService);
  await release.releaseDue(new Date(Date.now() + 6 * 86_400_000));
  expect(await earnings(w, bob)).toMatchObject({ pending: 3360, available: 0 }); // inside the after-sale window
  await w.t.api.app.get(OrderSweepsService).autoComplete(new Date(Date.now() + 8 * 86_400_000));
  await drain(w);
  await release.releaseDue(new Date(Date.now() + 8 * 86_400_000));
  expect(await earnings(w, bob)).toMatchObject({ pending: 0, available: 3360 });
  expect(await earnings(w, alice)).toMatchObject({ pending: 0, available: 1008 });

  const wd = await w.t.request('POST', '/distributors/me/withdrawals', { token: bob.token, body: { amount: 3360 } });
  expect(wd.body).toMatchObject({ status: 'wait_user_confirm', packageInfo: expect.any(String) });
  await w.t.control('POST', `/__sandbox__/transfers/${wd.body.outBillNo}/confirm`);
  await until(
    'withdrawal succeeded',
    () => w.t.request('GET', `/distributors/me/withdrawals/${wd.body.id}`, { token: bob.token }).then((r) => r.body.status),
    (s) => s === 'succeeded',
  );
  expect(await earnings(w, bob)).toMatchObject({ pending: 0, available: 0, withdrawing: 0, withdrawn: 3360 });
  await expectBooksBalance(w, [alice, bob]);

  // the merchant's payable was charged exactly the commissions
  const [{ commission }] = await w.t.ds.query(
    `SELECT COALESCE(SUM(e.amount), 0)::bigint AS commission FROM ledger_entry e JOIN ledger_posting p ON p.id = e.posting_id
     JOIN ledger_account a ON a.id = e.account_id WHERE p.kind = 'commission.accrued' AND a.code = $1`,
    [`merchant:${m.id}:payable`],
  );
  expect(commission).toBe(3360 + 1008);
}, 60_000);

test('a refund through the commerce routes after the commission became available reverses it from the wallet', async () => {
  const m = await createMerchant(w, '大米');
  const rice = await createProduct(w, m, [{ price: 10_000, stock: 10 }]);
  const dan = await createUser(w.t, 'Dan');
  const shop = await clone(w, dan, m.shopId);
  const buyer = await createUser(w.t, 'Eve');
  const order = (await placeOrder(w, buyer, shop.id, [{ skuId: rice.skuIds[0]!, quantity: 1 }])).body.orders[0];
  await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'commission',
    async () => (await drain(w), earnings(w, dan)),
    (e) => e.pending === 1000,
  );
  await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: 'SF10002' } });
  await w.t.request('POST', `/orders/${order.id}/confirm-receipt`, { token: buyer.token });
  await drain(w);
  // the merchant's window is 7 days; the platform sweep runs later than that
  await w.t.api.app.get(CommissionReleaseService).releaseDue(new Date(Date.now() + 7.1 * 86_400_000));
  expect(await earnings(w, dan)).toMatchObject({ pending: 0, available: 1000 });

  const asked = await w.t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '不想要了' } });
  expect(asked.status).toBe(201);
  const refundId = asked.body.id;
  const approved = await w.t.request('POST', `/merchant/refunds/${refundId}/approve`, mh(m));
  expect(approved.status).toBeLessThan(300);
  await until(
    'reversed',
    async () => (await drain(w), earnings(w, dan)),
    (e) => e.reversed === 1000,
  );
  expect(await earnings(w, dan)).toMatchObject({ available: 0, reversed: 1000 });
  await expectBooksBalance(w, [dan]);
}, 60_000);

test('opening a shared 小程序码 and logging in binds the new user to the sharer (login seam)', async () => {
  const m = await createMerchant(w, '坚果');
  const alice = await createUser(w.t, 'Alice');
  const shop = await clone(w, alice, m.shopId);
  const { code } = (await w.t.control('POST', '/__sandbox__/users/story-frank/login-code')).body;
  const login = await w.t.request('POST', '/auth/wechat/login', { body: { code, scene: encodeURIComponent(shop.share.scene) } });
  expect(login.status).toBe(200);
  expect(login.body.isNewUser).toBe(true);
  const [frank] = await w.t.ds.query('SELECT upline1_id FROM app_user WHERE id = $1', [login.body.user.id]);
  expect(frank.upline1_id).toBe(alice.id);
  const [log] = await w.t.ds.query('SELECT via, outcome FROM referral_binding_log WHERE user_id = $1', [login.body.user.id]);
  expect(log).toEqual({ via: 'login', outcome: 'bound' });
  // a later login through someone else's link changes nothing (first touch)
  const other = await createUser(w.t, 'Grace');
  const otherShop = await clone(w, other, m.shopId);
  const again = (await w.t.control('POST', '/__sandbox__/users/story-frank/login-code')).body.code;
  await w.t.request('POST', '/auth/wechat/login', { body: { code: again, ref: otherShop.referralCode } });
  expect((await w.t.ds.query('SELECT upline1_id FROM app_user WHERE id = $1', [login.body.user.id]))[0].upline1_id).toBe(alice.id);
});
