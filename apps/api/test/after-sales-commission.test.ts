import { CommissionReleaseService } from '../src/commission/commission-release.service.js';
import { type CommerceWorld, type TestMerchant, address, createMerchant, createProduct, placeOrder } from './commerce-fixtures.js';
import { clone, createUser, drain, earnings, expectBooksBalance, startDistributionApi } from './distribution-fixtures.js';
import { until } from './polling.js';

/**
 * A return-and-refund keeps its refund open while the goods travel back, so the order's commission stays frozen
 * past the after-sale window until the merchant confirms the parcel (docs/orders.md "After-sales",
 * docs/distribution.md). Only the release sweep is called directly, with a `now` past the window.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi({ sandbox: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const DAY = 86_400_000;
const mh = (m: TestMerchant) => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
const sweep = (days: number) => w.t.api.app.get(CommissionReleaseService).releaseDue(new Date(Date.now() + days * DAY));

test('a return on its way back freezes the commission past the window; the confirmed return reverses it', async () => {
  const m = await createMerchant(w, '退货冻结佣金');
  const p = await createProduct(w, m, [{ price: 10_000, stock: 20 }], { images: ['https://img.example.com/p.png'] });
  const dist = await createUser(w.t, '分销员');
  const shop = await clone(w, dist, m.shopId);
  const buyer = await createUser(w.t, '买家');
  const order = (await placeOrder(w, buyer, shop.id, [{ skuId: p.skuIds[0]!, quantity: 1 }])).body.orders[0];
  await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'commission accrued',
    async () => (await drain(w), w.t.ds.query('SELECT count(*)::int AS n FROM commission WHERE order_id = $1', [order.id])),
    (r) => r[0].n > 0,
  );
  expect(
    (await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh(m), body: { carrier: '顺丰速运', trackingNo: `SF${order.id}0001` } })).status,
  ).toBe(200);

  const asked = await w.t.request('POST', `/orders/${order.id}/after-sales`, {
    token: buyer.token,
    body: { type: 'return_refund', reason: 'quality', items: [{ orderItemId: order.items[0].id, quantity: 1 }] },
  });
  expect(asked.status).toBe(201);
  const approved = await w.t.request('POST', `/merchant/after-sales/${asked.body.id}/approve`, {
    ...mh(m),
    body: { returnAddress: { ...address, name: '退货仓' } },
  });
  expect(approved.body.status).toBe('awaiting_return');
  expect((await w.t.request('POST', `/orders/${order.id}/confirm-receipt`, { token: buyer.token })).status).toBe(200);
  await drain(w);

  // the window is over for the sweep, but the goods are on their way back: nothing becomes withdrawable
  await sweep(8);
  expect(await earnings(w, dist)).toMatchObject({ pending: 1000, available: 0 });
  await w.t.request('POST', `/after-sales/${asked.body.id}/return-shipment`, { token: buyer.token, body: { carrier: '中通快递', trackingNo: 'ZT000111222' } });
  await sweep(8);
  expect(await earnings(w, dist)).toMatchObject({ pending: 1000, available: 0 });

  expect((await w.t.request('POST', `/merchant/after-sales/${asked.body.id}/confirm-return`, mh(m))).status).toBe(200);
  await until(
    'refunded',
    async () => (await drain(w), w.t.request('GET', `/after-sales/${asked.body.id}`, { token: buyer.token })),
    (r) => r.body.status === 'completed',
  );
  await drain(w);
  await sweep(8);
  expect(await earnings(w, dist)).toMatchObject({ pending: 0, available: 0, reversed: 1000 });
  await expectBooksBalance(w, [dist]);
}, 90_000);
