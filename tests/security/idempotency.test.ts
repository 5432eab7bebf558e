import { type CommerceWorld, address, createMerchant, createProduct, newKey, startCommerceApi } from '../../apps/api/test/commerce-fixtures.js';
import { createUser } from '../../apps/api/test/fixtures.js';
import type { HttpResult } from '../../apps/api/test/harness.js';
import { fundedDistributor } from '../../apps/api/test/money-fixtures.js';
import { operations } from '../support/openapi.js';

/**
 * Idempotency keys mean one thing, on every route that takes one (found in the OpenAPI document: every body
 * with an `idempotencyKey`): the same key and body give the same resource, the same key with another body
 * is a 422 IDEMPOTENCY_KEY_REUSED naming the field, and duplicates sent at once make one resource.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true, isolatedDatabase: true, notifyTimeScale: 0.01 });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

interface Caller {
  token: string;
  /** a valid body (without the key) and one that differs from it */
  body: Record<string, unknown>;
  other: Record<string, unknown>;
  /** how many resources this caller has made on the route */
  count(): Promise<number>;
}
interface KeyedRoute {
  arrange(): Promise<Caller>;
  /** what names the resource a response is about */
  identity(res: HttpResult): string;
}

const KEYED_ROUTES: Record<string, KeyedRoute> = {
  'POST /api/v1/orders': {
    async arrange() {
      const m = await createMerchant(w, '幂等商家');
      const p = await createProduct(w, m, [{ price: 1000, stock: 100 }], { images: ['https://img.example.com/p.png'] });
      const buyer = await createUser(w.t);
      const body = { shopId: m.shopId, items: [{ skuId: p.skuIds[0]!, quantity: 1 }], address };
      return {
        token: buyer.token,
        body,
        other: { ...body, items: [{ skuId: p.skuIds[0]!, quantity: 2 }] },
        count: async () => (await w.t.ds.query('SELECT count(*)::int AS n FROM "order" WHERE buyer_user_id = $1', [buyer.id]))[0].n,
      };
    },
    identity: (res) => res.body.orders.map((o: { id: number }) => o.id).join(','),
  },
  'POST /api/v1/distributors/me/withdrawals': {
    async arrange() {
      const distributor = await fundedDistributor(w, 3000);
      return {
        token: distributor.token,
        body: { amount: 1000 },
        other: { amount: 2000 },
        count: async () => (await w.t.ds.query('SELECT count(*)::int AS n FROM withdrawal WHERE user_id = $1', [distributor.id]))[0].n,
      };
    },
    identity: (res) => String(res.body.id),
  },
};
const ROUTES = Object.keys(KEYED_ROUTES);
const send = (route: string, token: string, body: Record<string, unknown>) =>
  w.t.request('POST', route.slice('POST '.length).replace('/api/v1', ''), { token, body });

test('the table covers every route whose body takes an idempotencyKey', async () => {
  const ops = operations((await w.t.request('GET', '/docs/openapi.json')).body);
  const keyed = ops.filter((o) => o.bodySchema?.properties?.idempotencyKey).map((o) => `${o.method} ${o.path}`);
  expect(keyed.sort()).toEqual([...ROUTES].sort());
});

describe.each(ROUTES)('%s', (route) => {
  const r = KEYED_ROUTES[route]!;

  test('same key, same body → the same resource, made once', async () => {
    const c = await r.arrange();
    const key = newKey();
    const first = await send(route, c.token, { ...c.body, idempotencyKey: key });
    expect(first.status).toBe(201);
    const retry = await send(route, c.token, { ...c.body, idempotencyKey: key });
    expect(retry.status).toBe(201);
    expect(r.identity(retry)).toBe(r.identity(first));
    expect(await c.count()).toBe(1);
  }, 60_000);

  test('same key, another body → 422 IDEMPOTENCY_KEY_REUSED naming the field; nothing made', async () => {
    const c = await r.arrange();
    const key = newKey();
    expect((await send(route, c.token, { ...c.body, idempotencyKey: key })).status).toBe(201);
    const reused = await send(route, c.token, { ...c.other, idempotencyKey: key });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: [{ field: 'idempotencyKey' }] });
    expect(reused.body.message).toMatch(/^idempotencyKey: /);
    expect(await c.count()).toBe(1);
  }, 60_000);

  test('five duplicates at once → one resource, every answer about it', async () => {
    const c = await r.arrange();
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(route, c.token, { ...c.body, idempotencyKey: key })));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => r.identity(a))).size).toBe(1);
    expect(await c.count()).toBe(1);
  }, 60_000);
});
