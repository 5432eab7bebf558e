import { createUser, type TestUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, placeOrder, skuStock, startCommerceApi } from './commerce-fixtures.js';
import { until } from './polling.js';
import { PlatformSettingsService } from '../src/platform/settings.service.js';

/**
 * No hoarding of stock (issue 13): unpaid orders reserve stock, so a buyer may hold at most
 * `maxUnpaidOrdersPerUser` unpaid orders (platform setting, default 5), and a product may limit what one
 * buyer holds (限购: unpaid plus paid orders). Both hold when one buyer sends orders in parallel.
 * Platform settings change here, so this file has a database of its own.
 */
let w: CommerceWorld;
let m: TestMerchant;
beforeAll(async () => {
  w = await startCommerceApi({ isolatedDatabase: true, sandbox: true });
  m = await createMerchant(w, '限购商家');
});
afterAll(async () => {
  await w?.t.close();
});

const merchant = () => ({ token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } });
async function setUnpaidCap(n: number) {
  const res = await w.t.request('PUT', '/admin/settings', { token: w.admin.token, body: { maxUnpaidOrdersPerUser: n } });
  expect(res.status).toBe(200);
  w.t.api.app.get(PlatformSettingsService).invalidate();
}
const buy = (buyer: TestUser, skuId: number, quantity = 1) => placeOrder(w, buyer, m.shopId, [{ skuId, quantity }]);

test('the setting: default 5, validated 1..50 naming the field', async () => {
  const view = await w.t.request('GET', '/admin/settings', { token: w.admin.token });
  expect(view.body.maxUnpaidOrdersPerUser).toBe(5);
  for (const bad of [0, 51, 2.5, '3']) {
    const res = await w.t.request('PUT', '/admin/settings', { token: w.admin.token, body: { maxUnpaidOrdersPerUser: bad } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^maxUnpaidOrdersPerUser:/);
  }
  expect((await w.t.request('GET', '/admin/settings', { token: w.admin.token })).body.maxUnpaidOrdersPerUser).toBe(5);
});

test('a buyer holds at most 5 unpaid orders (default): the 6th is a 409 that reserves nothing; paying or cancelling frees a place', async () => {
  const p = await createProduct(w, m, [{ price: 1000, stock: 100 }]);
  const skuId = p.skuIds[0]!;
  const hoarder = await createUser(w.t, '囤货的人');
  const ids: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await buy(hoarder, skuId, 10);
    expect(res.status).toBe(201);
    ids.push(res.body.orders[0].id);
  }
  const sixth = await buy(hoarder, skuId, 10);
  expect(sixth.status).toBe(409);
  expect(sixth.body).toMatchObject({ code: 'TOO_MANY_UNPAID_ORDERS', details: { unpaidOrders: 5, maxUnpaidOrders: 5 } });
  expect(sixth.body.message).toContain('未支付订单');
  expect(await skuStock(w, skuId)).toBe(50);

  // somebody else still buys
  expect((await buy(await createUser(w.t), skuId)).status).toBe(201);
  // cancelling one frees a place
  expect((await w.t.request('POST', `/orders/${ids[0]}/cancel`, { token: hoarder.token })).status).toBe(200);
  expect((await buy(hoarder, skuId)).status).toBe(201);
  expect((await buy(hoarder, skuId)).status).toBe(409);
  // so does paying one
  const [order] = await w.t.ds.query('SELECT out_trade_no FROM "order" WHERE id = $1', [ids[1]]);
  expect((await w.t.request('POST', `/orders/${ids[1]}/pay`, { token: hoarder.token })).status).toBe(200);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.out_trade_no, result: 'SUCCESS' });
  await until(
    'paid',
    async () => (await w.t.request('GET', `/orders/${ids[1]}`, { token: hoarder.token })).body.status,
    (s) => s === 'paid',
  );
  expect((await buy(hoarder, skuId)).status).toBe(201);
});

test('parallel orders of one buyer cannot pass the unpaid cap together', async () => {
  await setUnpaidCap(3);
  try {
    const p = await createProduct(w, m, [{ price: 500, stock: 100 }]);
    const racer = await createUser(w.t, '并发下单');
    const results = await Promise.all(Array.from({ length: 8 }, () => buy(racer, p.skuIds[0]!)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    expect(await skuStock(w, p.skuIds[0]!)).toBe(97);
  } finally {
    await setUnpaidCap(5);
  }
});

test('限购: set on create and edit, shown in views; unpaid and paid quantities count, cancelled ones do not', async () => {
  const created = await w.t.request('POST', '/merchant/products', {
    ...merchant(),
    body: {
      title: '限量茶饼',
      status: 'on_sale',
      images: ['https://img.example.com/tea.jpg'],
      specNames: ['年份'],
      skus: [
        { specValues: ['2023'], price: 3000, stock: 50 },
        { specValues: ['2024'], price: 2000, stock: 50 },
      ],
      purchaseLimit: 3,
    },
  });
  expect(created.status).toBe(201);
  expect(created.body.purchaseLimit).toBe(3);
  const productId = created.body.id as number;
  const [a, b] = created.body.skus.map((s: { id: number }) => s.id) as [number, number];
  expect((await w.t.request('GET', `/products/${productId}`)).body.purchaseLimit).toBe(3);

  const buyer = await createUser(w.t, '爱喝茶');
  const tooMany = await placeOrder(w, buyer, m.shopId, [
    { skuId: a, quantity: 2 },
    { skuId: b, quantity: 2 },
  ]);
  expect(tooMany.status).toBe(409);
  expect(tooMany.body.code).toBe('PURCHASE_LIMIT_EXCEEDED');
  expect(tooMany.body.message).toMatch(/^items\.1\.quantity: .*限量茶饼.*限购 3 件/);
  expect(await skuStock(w, a)).toBe(50);

  const first = await buy(buyer, a, 2);
  expect(first.status).toBe(201);
  const over = await buy(buyer, b, 2);
  expect(over.status).toBe(409);
  expect(over.body.details).toMatchObject({ productId, purchaseLimit: 3, bought: 2 });
  const third = await buy(buyer, b, 1);
  expect(third.status).toBe(201); // exactly the limit
  expect((await buy(buyer, a, 1)).status).toBe(409);
  expect((await buy(await createUser(w.t), a, 3)).status).toBe(201); // per buyer

  // paid orders keep counting
  const firstId = first.body.orders[0].id as number;
  expect((await w.t.request('POST', `/orders/${firstId}/pay`, { token: buyer.token })).status).toBe(200);
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: first.body.orders[0].outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    async () => (await w.t.request('GET', `/orders/${firstId}`, { token: buyer.token })).body.status,
    (s) => s === 'paid',
  );
  expect((await buy(buyer, a, 1)).status).toBe(409);
  // a cancelled order gives its quantity back
  expect((await w.t.request('POST', `/orders/${third.body.orders[0].id}/cancel`, { token: buyer.token })).status).toBe(200);
  expect((await buy(buyer, a, 1)).status).toBe(201);
  expect((await buy(buyer, a, 1)).status).toBe(409);

  // the merchant raises the limit, then removes it
  const raised = await w.t.request('PATCH', `/merchant/products/${productId}`, { ...merchant(), body: { purchaseLimit: 4 } });
  expect(raised.status).toBe(200);
  expect(raised.body.purchaseLimit).toBe(4);
  expect((await buy(buyer, a, 1)).status).toBe(201);
  expect((await buy(buyer, a, 1)).status).toBe(409);
  for (const bad of [0, 1000, 1.5, '2']) {
    const res = await w.t.request('PATCH', `/merchant/products/${productId}`, { ...merchant(), body: { purchaseLimit: bad } });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^purchaseLimit:/);
  }
  const none = await w.t.request('PATCH', `/merchant/products/${productId}`, { ...merchant(), body: { purchaseLimit: null } });
  expect(none.body.purchaseLimit).toBeNull();
  expect((await buy(buyer, a, 1)).status).toBe(201);
});

test('限购: refunded units are given back (a buyer refunded one of two lines may buy that product again)', async () => {
  const limited = await w.t.request('POST', '/merchant/products', {
    ...merchant(),
    body: {
      title: '每人一件',
      status: 'on_sale',
      images: ['https://img.example.com/one.jpg'],
      specNames: [],
      skus: [{ specValues: [], price: 1500, stock: 20 }],
      purchaseLimit: 1,
    },
  });
  const other = await createProduct(w, m, [{ price: 800, stock: 20 }], { images: ['https://img.example.com/other.jpg'] });
  const limitedSku = limited.body.skus[0].id as number;
  const buyer = await createUser(w.t, '退过款');
  const placed = await placeOrder(w, buyer, m.shopId, [
    { skuId: limitedSku, quantity: 1 },
    { skuId: other.skuIds[0]!, quantity: 1 },
  ]);
  const order = placed.body.orders[0];
  await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    async () => (await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body.status,
    (s) => s === 'paid',
  );
  expect((await buy(buyer, limitedSku)).status).toBe(409);

  // refund only the limited line (before shipping); the order stays paid for the other line
  const line = order.items.find((i: { skuId: number }) => i.skuId === limitedSku);
  const asked = await w.t.request('POST', `/orders/${order.id}/after-sales`, {
    token: buyer.token,
    body: { type: 'refund_only', reason: 'other', items: [{ orderItemId: line.id, quantity: 1 }] },
  });
  expect(asked.status).toBe(201);
  // the result is set by hand below: the sandbox's own SUCCESS (60 s × 0.001 after the submission) could win
  // that race on a loaded machine and leave the hand-set result a 409 (the only refund of this file)
  await w.t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: false });
  expect((await w.t.request('POST', `/merchant/after-sales/${asked.body.id}/approve`, { ...merchant(), body: {} })).status).toBe(200);
  await until(
    'refund sent',
    () => w.t.control('POST', `/__sandbox__/refunds/${asked.body.outRefundNo}/result`, { status: 'SUCCESS' }),
    (r: any) => r.status === 200,
  );
  await until(
    'refunded',
    async () => (await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body,
    (o: any) => o.refundedTotal === 1500,
  );
  expect((await w.t.request('GET', `/orders/${order.id}`, { token: buyer.token })).body.status).toBe('paid');
  expect((await buy(buyer, limitedSku)).status).toBe(201);
}, 60_000);

test('限购 under concurrency: one buyer racing six orders of one item against a limit of 3 gets exactly 3', async () => {
  await setUnpaidCap(50);
  try {
    const p = await createProduct(w, m, [{ price: 800, stock: 100 }], { purchaseLimit: 3 });
    const racer = await createUser(w.t, '抢购');
    const results = await Promise.all(Array.from({ length: 6 }, () => buy(racer, p.skuIds[0]!)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    expect(await skuStock(w, p.skuIds[0]!)).toBe(97);
  } finally {
    await setUnpaidCap(5);
  }
});
