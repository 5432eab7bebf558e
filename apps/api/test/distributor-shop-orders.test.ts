import { CommissionReleaseService } from '../src/commission/commission-release.service.js';
import type { CommerceWorld } from './commerce-fixtures.js';
import {
  clone,
  createUser,
  orderItems,
  paidOrder,
  receiveOrder,
  refundOrder,
  setSettings,
  sqlMerchant,
  startDistributionApi,
} from './distribution-fixtures.js';

/** GET /shops/mine/orders: the distributor's "orders through my shop" page. */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi();
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const days = (n: number) => new Date(Date.now() + n * 86_400_000);

test('orders through my shop: newest first, paged, buyer masked, my commission and where it stands', async () => {
  const m = await sqlMerchant(w, { rates: [1000, 0, 0] });
  const bob = await createUser(w.t, 'Bob');
  const bobShop = await clone(w, bob, m.shopId);
  const alice = await createUser(w.t, 'Alice');
  const aliceShop = await clone(w, alice, m.shopId);
  const carol = await createUser(w.t, 'Carol');
  const dave = await createUser(w.t, '王小明');

  const first = await paidOrder(w, m, carol, bobShop.id, bob.id); // ¥100.00, commission ¥10.00
  const second = await paidOrder(w, m, dave, bobShop.id, bob.id, m.products); // ¥150.00 over two lines
  const third = await paidOrder(w, m, carol, bobShop.id, bob.id, m.products.slice(1)); // ¥50.00
  await paidOrder(w, m, carol, aliceShop.id, alice.id); // Alice's shop: not Bob's business

  const page1 = await w.t.request('GET', '/shops/mine/orders?pageSize=2', { token: bob.token });
  expect(page1.status).toBe(200);
  expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
  expect(page1.body.items.map((r: any) => r.orderId)).toEqual([third.id, second.id]);
  expect(page1.body.items[1]).toEqual({
    orderId: second.id,
    orderNo: expect.stringMatching(/^\d{22}$/),
    status: 'paid',
    buyerNickname: '王*明',
    title: 't',
    quantity: 2,
    paidAmount: 15_000,
    refundedAmount: 0,
    commission: 1500,
    commissionStatus: 'pending',
    paidAt: expect.any(String),
  });
  const page2 = await w.t.request('GET', '/shops/mine/orders?page=2&pageSize=2', { token: bob.token });
  expect(page2.body.items.map((r: any) => [r.orderId, r.buyerNickname])).toEqual([[first.id, 'C***l']]);
  // the full nickname is nowhere in the answer
  expect(JSON.stringify([page1.body, page2.body])).not.toMatch(/Carol|王小明/);

  // received + after-sale window → available; a full refund → reversed, net commission 0
  await receiveOrder(w, first.id, days(-8));
  await w.t.api.app.get(CommissionReleaseService).releaseDue(new Date());
  const [line] = await orderItems(w, third.id);
  await refundOrder(w, third.id, [{ orderItemId: line!.id, refundAmount: 5000 }]);
  const after = await w.t.request('GET', '/shops/mine/orders', { token: bob.token });
  const byId = Object.fromEntries(after.body.items.map((r: any) => [r.orderId, r]));
  expect(byId[first.id]).toMatchObject({ commission: 1000, commissionStatus: 'available', status: 'received' });
  expect(byId[third.id]).toMatchObject({ commission: 0, commissionStatus: 'reversed', refundedAmount: 5000 });
  expect(byId[second.id]).toMatchObject({ commissionStatus: 'pending' });

  const aliceView = await w.t.request('GET', '/shops/mine/orders', { token: alice.token });
  expect(aliceView.body.items).toHaveLength(1);
});

test('with commission off the sale still shows, as "none"; no shop is 404; bad paging names the field', async () => {
  await setSettings(w, { commissionLevels: 0 });
  try {
    const m = await sqlMerchant(w);
    const eve = await createUser(w.t, 'Eve');
    const shop = await clone(w, eve, m.shopId);
    await paidOrder(w, m, await createUser(w.t, 'Frank'), shop.id, eve.id);
    const res = await w.t.request('GET', '/shops/mine/orders', { token: eve.token });
    expect(res.body.items).toEqual([expect.objectContaining({ commission: 0, commissionStatus: 'none', buyerNickname: 'F***k' })]);
  } finally {
    await setSettings(w, { commissionLevels: 1 });
  }
  const nobody = await createUser(w.t);
  expect((await w.t.request('GET', '/shops/mine/orders', { token: nobody.token })).status).toBe(404);
  const bad = await w.t.request('GET', '/shops/mine/orders?pageSize=1000', { token: nobody.token });
  expect([bad.status, bad.body.message.split(':')[0]]).toEqual([400, 'pageSize']);
  expect((await w.t.request('GET', '/shops/mine/orders')).status).toBe(401);
});
