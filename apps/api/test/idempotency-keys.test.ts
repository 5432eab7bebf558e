import { type CommerceWorld, address, createMerchant, createProduct, newKey, skuStock, startCommerceApi } from './commerce-fixtures.js';
import { createUser } from './fixtures.js';
import { fundedDistributor } from './money-fixtures.js';
import { until } from './polling.js';

/**
 * Idempotency keys mean one thing (http/idempotency.ts): a retry with the same key and body gets the same
 * resource; the key with another body is a 422 IDEMPOTENCY_KEY_REUSED. The route-by-route table is in
 * tests/security/idempotency.test.ts; here are the stories behind it.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true, isolatedDatabase: true, notifyTimeScale: 0.01 });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const BILLS = 'POST /v3/fund-app/mch-transfer/transfer-bills';
const transfersTo = async (openid: string) =>
  (await w.t.control('GET', '/__sandbox__/state')).body.transfers.filter((t: { openid: string }) => t.openid === openid);
const earnings = async (token: string) => (await w.t.request('GET', '/distributors/me/earnings', { token })).body;

test('a withdrawal retried after the client timed out is the same withdrawal: one hold, one transfer bill', async () => {
  const bob = await fundedDistributor(w, 1500);
  const key = newKey();
  // WeChat is slow to answer the transfer bill: the app gives up waiting and the user taps again
  await w.t.control('POST', '/__sandbox__/faults', { endpoint: BILLS, mode: 'timeout', count: 1, delayMs: 2_000, applied: true });
  const first = await fetch(`${w.t.url}/api/v1/distributors/me/withdrawals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 1500, idempotencyKey: key }),
    signal: AbortSignal.timeout(300),
  }).then(
    () => 'answered',
    (error: Error) => error.name,
  );
  expect(first).toBe('TimeoutError'); // the client gave up; the server went on
  const retry = await w.t.request('POST', '/distributors/me/withdrawals', { token: bob.token, body: { amount: 1500, idempotencyKey: key } });
  expect(retry.status).toBe(201);
  const settled = await until(
    'bill created',
    () => w.t.request('GET', `/distributors/me/withdrawals/${retry.body.id}`, { token: bob.token }),
    (r) => r.body.status === 'wait_user_confirm',
  );
  const again = await w.t.request('POST', '/distributors/me/withdrawals', { token: bob.token, body: { idempotencyKey: key, amount: 1500 } });
  expect(again.body).toMatchObject({ id: retry.body.id, outBillNo: settled.body.outBillNo, status: 'wait_user_confirm' });

  expect(await w.t.ds.query('SELECT id FROM withdrawal WHERE user_id = $1', [bob.id])).toEqual([{ id: retry.body.id }]);
  expect(await transfersTo(bob.openid)).toHaveLength(1);
  expect(await earnings(bob.token)).toMatchObject({ available: 0, withdrawing: 1500 });
}, 60_000);

test('a withdrawal key reused for another amount is a 422 IDEMPOTENCY_KEY_REUSED and holds nothing more', async () => {
  const bob = await fundedDistributor(w, 2000);
  const key = newKey();
  expect((await w.t.request('POST', '/distributors/me/withdrawals', { token: bob.token, body: { amount: 500, idempotencyKey: key } })).status).toBe(201);
  const reused = await w.t.request('POST', '/distributors/me/withdrawals', { token: bob.token, body: { amount: 1500, idempotencyKey: key } });
  expect(reused.status).toBe(422);
  expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: [{ field: 'idempotencyKey' }] });
  expect(reused.body.message).toMatch(/^idempotencyKey: /);
  expect(await earnings(bob.token)).toMatchObject({ available: 1500, withdrawing: 500 });
  expect(await transfersTo(bob.openid)).toHaveLength(1);
  // the same key is another user's own key: keys are per user
  const alice = await fundedDistributor(w, 1000);
  expect((await w.t.request('POST', '/distributors/me/withdrawals', { token: alice.token, body: { amount: 1000, idempotencyKey: key } })).status).toBe(201);
}, 60_000);

test('an order key reused with another body is a 422 (not the old orders), and reserves nothing', async () => {
  const m = await createMerchant(w, '幂等');
  const p = await createProduct(
    w,
    m,
    [
      { price: 1000, stock: 10 },
      { price: 2000, stock: 10 },
    ],
    { images: ['https://img.example.com/p.png'] },
  );
  const buyer = await createUser(w.t);
  const body = { shopId: m.shopId, items: [{ skuId: p.skuIds[0]!, quantity: 1 }], address, idempotencyKey: newKey() };
  const placed = await w.t.request('POST', '/orders', { token: buyer.token, body });
  expect(placed.status).toBe(201);
  // the same request again, its fields in another order: the same orders
  const replay = await w.t.request('POST', '/orders', {
    token: buyer.token,
    body: { idempotencyKey: body.idempotencyKey, address, items: body.items, shopId: body.shopId },
  });
  expect(replay.body.orders.map((o: { id: number }) => o.id)).toEqual(placed.body.orders.map((o: { id: number }) => o.id));
  for (const changed of [{ items: [{ skuId: p.skuIds[0]!, quantity: 3 }] }, { items: [{ skuId: p.skuIds[1]!, quantity: 1 }] }, { remark: '改了备注' }]) {
    const reused = await w.t.request('POST', '/orders', { token: buyer.token, body: { ...body, ...changed } });
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  }
  expect([await skuStock(w, p.skuIds[0]!), await skuStock(w, p.skuIds[1]!)]).toEqual([9, 10]);
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM "order" WHERE buyer_user_id = $1', [buyer.id]);
  expect(n).toBe(1);
}, 60_000);
