import { LedgerService } from '../src/ledger/ledger.service.js';
import { Accounts } from '../src/ledger/accounts.js';
import { type CommerceWorld, type TestMerchant, addStaff, createMerchant, createProduct, placeOrder, skuStock } from './commerce-fixtures.js';
import { clone, createUser, drain, expectBooksBalance, startDistributionApi } from './distribution-fixtures.js';
import { until } from './polling.js';

/**
 * 运费 (issue 15, docs/orders.md "Freight"): a per-merchant flat fee, free at or above an items amount, set by
 * the owner in the merchant settings, charged once per merchant order at placement and shown before it by
 * POST /orders/quote (the same pricing code). Shipping is paid and booked with the order, never a commission base.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startDistributionApi({ sandbox: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const IMAGES = { images: ['https://img.example.com/p.png'] };
const mh = (m: TestMerchant, token = m.owner.token) => ({ token, headers: { 'x-merchant-id': String(m.id) } });
const setFreight = (m: TestMerchant, body: Record<string, unknown>, token?: string) => w.t.request('PATCH', '/merchant/settings', { ...mh(m, token), body });
const quote = (token: string, shopId: number, items: Array<{ skuId: number; quantity: number }>) =>
  w.t.request('POST', '/orders/quote', { token, body: { shopId, items } });

async function payAndWait(token: string, order: { id: number; outTradeNo: string }) {
  expect((await w.t.request('POST', `/orders/${order.id}/pay`, { token })).status).toBe(200);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    () => w.t.request('GET', `/orders/${order.id}`, { token }),
    (r) => r.body.status === 'paid',
  );
}

test('the owner sets the rule (returned in the settings); bad values are a 400 naming the field and change nothing; staff may not', async () => {
  const m = await createMerchant(w, '运费设置');
  const before = await w.t.request('GET', '/merchant/settings', mh(m));
  expect(before.body).toMatchObject({ freightFee: 0, freeShippingAbove: null }); // every merchant starts with 包邮

  const set = await setFreight(m, { freightFee: 800, freeShippingAbove: 9900 });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ freightFee: 800, freeShippingAbove: 9900 });

  const cases: Array<[Record<string, unknown>, string]> = [
    [{ freightFee: -1 }, 'freightFee'],
    [{ freightFee: 12.5 }, 'freightFee'],
    [{ freightFee: 100_000 }, 'freightFee'],
    [{ freightFee: '800' }, 'freightFee'],
    [{ freeShippingAbove: 0 }, 'freeShippingAbove'],
    [{ freeShippingAbove: -5 }, 'freeShippingAbove'],
    [{ freeShippingAbove: 100_000_001 }, 'freeShippingAbove'],
  ];
  for (const [body, field] of cases) {
    const res = await setFreight(m, body);
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe(field);
  }
  const staff = await createUser(w.t, '店员');
  await addStaff(w, m, staff);
  expect((await setFreight(m, { freightFee: 0 }, staff.token)).status).toBe(403);
  expect((await w.t.request('GET', '/merchant/settings', mh(m))).body).toMatchObject({ freightFee: 800, freeShippingAbove: 9900 });

  // the threshold can be removed again
  expect((await setFreight(m, { freeShippingAbove: null })).body).toMatchObject({ freightFee: 800, freeShippingAbove: null });
}, 60_000);

test('满 X 包邮 at the boundary: exactly X ships free, one fen less pays the fee; the quote is what placement charges', async () => {
  const m = await createMerchant(w, '满额包邮');
  const p = await createProduct(
    w,
    m,
    [
      { price: 4950, stock: 50 },
      { price: 4949, stock: 50 },
    ],
    IMAGES,
  );
  await setFreight(m, { freightFee: 1000, freeShippingAbove: 9900 });
  const buyer = await createUser(w.t);

  const exactly = [{ skuId: p.skuIds[0]!, quantity: 2 }]; // 9,900 fen
  const below = [
    { skuId: p.skuIds[0]!, quantity: 1 },
    { skuId: p.skuIds[1]!, quantity: 1 },
  ]; // 9,899 fen
  const q1 = await quote(buyer.token, m.shopId, exactly);
  expect(q1.status).toBe(200);
  expect(q1.body).toEqual({
    orders: [{ merchantId: m.id, merchantName: '满额包邮', itemsTotal: 9900, shippingFee: 0, freeShippingAbove: 9900, payable: 9900 }],
    itemsTotal: 9900,
    shippingFee: 0,
    payable: 9900,
  });
  const q2 = await quote(buyer.token, m.shopId, below);
  expect(q2.body).toMatchObject({ orders: [{ itemsTotal: 9899, shippingFee: 1000, payable: 10_899 }], shippingFee: 1000, payable: 10_899 });

  const o1 = (await placeOrder(w, buyer, m.shopId, exactly)).body.orders[0];
  const o2 = (await placeOrder(w, buyer, m.shopId, below)).body.orders[0];
  expect(o1).toMatchObject({ itemsTotal: 9900, shippingFee: 0, paidTotal: q1.body.payable });
  expect(o2).toMatchObject({ itemsTotal: 9899, shippingFee: 1000, paidTotal: q2.body.payable });
  // a quote writes nothing: only the two placements reserved stock
  expect(await skuStock(w, p.skuIds[0]!)).toBe(47);
}, 60_000);

test('a two-merchant cart: one fee per merchant order, by each merchant’s own rule', async () => {
  const a = await createMerchant(w, '甲店');
  const b = await createMerchant(w, '乙店');
  const pa = await createProduct(w, a, [{ price: 2000, stock: 10 }], IMAGES);
  const pb = await createProduct(w, b, [{ price: 3000, stock: 10 }], IMAGES);
  await setFreight(a, { freightFee: 600 });
  await setFreight(b, { freightFee: 800, freeShippingAbove: 50_000 });
  // a distributor's shop carries both merchants' products
  const dist = await createUser(w.t, '两家都卖');
  const shop = await clone(w, dist, a.shopId);
  const added = await w.t.request('PUT', '/shops/mine/products', { token: dist.token, body: { productIds: [pa.id, pb.id] } });
  expect(added.status).toBe(200);
  const buyer = await createUser(w.t);
  const items = [
    { skuId: pa.skuIds[0]!, quantity: 1 },
    { skuId: pb.skuIds[0]!, quantity: 2 },
  ];
  const q = await quote(buyer.token, shop.id, items);
  expect(q.status).toBe(200);
  expect(q.body.orders).toEqual(
    expect.arrayContaining([
      { merchantId: a.id, merchantName: '甲店', itemsTotal: 2000, shippingFee: 600, freeShippingAbove: null, payable: 2600 },
      { merchantId: b.id, merchantName: '乙店', itemsTotal: 6000, shippingFee: 800, freeShippingAbove: 50_000, payable: 6800 },
    ]),
  );
  expect(q.body).toMatchObject({ itemsTotal: 8000, shippingFee: 1400, payable: 9400 });
  const placed = await placeOrder(w, buyer, shop.id, items);
  expect(placed.status).toBe(201);
  const byMerchant = Object.fromEntries(placed.body.orders.map((o: any) => [o.merchantId, o]));
  expect(byMerchant[a.id]).toMatchObject({ shippingFee: 600, paidTotal: 2600 });
  expect(byMerchant[b.id]).toMatchObject({ shippingFee: 800, paidTotal: 6800 });
}, 60_000);

test('the quote checks lines as placement does: a missing or off-sale SKU is a 400 naming the item', async () => {
  const m = await createMerchant(w, '报价校验');
  const p = await createProduct(
    w,
    m,
    [
      { price: 1000, stock: 5 },
      { price: 1200, stock: 5 },
    ],
    IMAGES,
  );
  const buyer = await createUser(w.t);
  const missing = await quote(buyer.token, m.shopId, [
    { skuId: p.skuIds[0]!, quantity: 1 },
    { skuId: 999_999_999, quantity: 1 },
  ]);
  expect(missing.status).toBe(400);
  expect(missing.body.details[0].field).toBe('items.1.skuId');
  await w.t.request('PATCH', `/merchant/products/${p.id}`, { ...mh(m), body: { status: 'off_sale' } });
  const off = await quote(buyer.token, m.shopId, [{ skuId: p.skuIds[1]!, quantity: 1 }]);
  expect(off.status).toBe(400);
  expect(off.body.details[0].field).toBe('items.0.skuId');
  expect((await w.t.request('POST', '/orders/quote', { body: { shopId: m.shopId, items: [{ skuId: p.skuIds[0]!, quantity: 1 }] } })).status).toBe(401);
}, 60_000);

test('shipping is paid and booked with the order, is no commission base, and goes back only when an unshipped order is emptied', async () => {
  const m = await createMerchant(w, '运费记账');
  const p = await createProduct(w, m, [{ price: 10_000, stock: 20 }], IMAGES);
  await setFreight(m, { freightFee: 1200 });
  const dist = await createUser(w.t, '分销员');
  const shop = await clone(w, dist, m.shopId);
  const buyer = await createUser(w.t, '买家');
  const order = (await placeOrder(w, buyer, shop.id, [{ skuId: p.skuIds[0]!, quantity: 2 }])).body.orders[0];
  expect(order).toMatchObject({ itemsTotal: 20_000, shippingFee: 1200, paidTotal: 21_200 });
  const pay = await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  expect(pay.body.amount).toBe(21_200); // what WeChat is asked for
  await payAndWait(buyer.token, order);

  // commission: 10% of the items paid (20,000), not of 21,200
  await until(
    'commission accrued',
    async () => (await drain(w), w.t.ds.query('SELECT COALESCE(sum(amount), 0)::int AS s FROM commission WHERE order_id = $1', [order.id])),
    (r) => r[0].s > 0,
  );
  const [{ s }] = await w.t.ds.query('SELECT sum(amount)::int AS s FROM commission WHERE order_id = $1', [order.id]);
  expect(s).toBe(2000);
  // the merchant is owed the whole paid total, shipping included, less that commission
  const ledger = w.t.api.app.get(LedgerService);
  expect(await ledger.balance(w.t.ds.manager, Accounts.merchantPayable(m.id).code)).toBe(-(21_200 - 2000));

  // one unit back: its line amount only; the last unit (order emptied, nothing shipped): the rest, shipping included
  const first = await w.t.request('POST', `/orders/${order.id}/refunds`, {
    token: buyer.token,
    body: { reason: '买多了', items: [{ orderItemId: order.items[0].id, quantity: 1 }] },
  });
  expect(first.status).toBe(201);
  expect(first.body.amount).toBe(10_000);
  expect((await w.t.request('POST', `/merchant/refunds/${first.body.id}/approve`, mh(m))).status).toBe(200);
  await until(
    'first refund',
    () => w.t.request('GET', `/orders/${order.id}`, { token: buyer.token }),
    (r) => r.body.refundedTotal === 10_000,
  );
  const last = await w.t.request('POST', `/orders/${order.id}/refunds`, {
    token: buyer.token,
    body: { reason: '不要了', items: [{ orderItemId: order.items[0].id, quantity: 1 }] },
  });
  expect(last.status).toBe(201);
  expect(last.body.amount).toBe(11_200);
  expect((await w.t.request('POST', `/merchant/refunds/${last.body.id}/approve`, mh(m))).status).toBe(200);
  await until(
    'emptied',
    () => w.t.request('GET', `/orders/${order.id}`, { token: buyer.token }),
    (r) => r.body.refundedTotal === 21_200,
  );
  await drain(w);
  expect(await ledger.balance(w.t.ds.manager, Accounts.merchantPayable(m.id).code)).toBe(0);
  await expectBooksBalance(w, [dist]);
}, 90_000);

test('the WeChat 32-bit total counts shipping: items under the limit plus the fee over it are refused, quote and placement alike', async () => {
  const m = await createMerchant(w, '上限含运费');
  // 21 × 99,999,999 + 47,433,668 = 2,147,433,647 fen of items: 50,000 fen under WeChat's 2,147,483,647
  const p = await createProduct(
    w,
    m,
    [
      { price: 99_999_999, stock: 100 },
      { price: 47_433_668, stock: 100 },
    ],
    IMAGES,
  );
  const items = [
    { skuId: p.skuIds[0]!, quantity: 21 },
    { skuId: p.skuIds[1]!, quantity: 1 },
  ];
  const buyer = await createUser(w.t);
  await setFreight(m, { freightFee: 50_001 });
  for (const res of [await quote(buyer.token, m.shopId, items), await placeOrder(w, buyer, m.shopId, items)]) {
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('items');
  }
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM "order" WHERE buyer_user_id = $1', [buyer.id]);
  expect(n).toBe(0);
  await setFreight(m, { freightFee: 50_000 });
  expect((await quote(buyer.token, m.shopId, items)).body).toMatchObject({ shippingFee: 50_000, payable: 2_147_483_647 });
  const placed = await placeOrder(w, buyer, m.shopId, items);
  expect(placed.status).toBe(201);
  expect(placed.body.orders[0]).toMatchObject({ shippingFee: 50_000, paidTotal: 2_147_483_647 });
}, 60_000);
