import { createUser, type TestUser } from '../../apps/api/test/fixtures.js';
import { startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { fillPath, minimalValue, operations, type Operation } from '../support/openapi.js';
import { createTenant, type Tenant } from '../support/roles.js';

/**
 * Every route in the OpenAPI document, called as anonymous, a buyer, a distributor, another merchant's
 * owner and a platform admin, against tenant A's ids. Tenant A's private data carries a canary string
 * (a draft product's description, a SKU code, an order's remark and address): no response to anyone but
 * A may contain it. Anonymous callers get 401 except on the public routes listed here, merchant routes
 * refuse non-members (403) and other tenants' ids (404), admin routes refuse non-admins (403).
 */
const PUBLIC_ROUTES: RegExp[] = [
  /^GET \/health$/,
  /^POST \/api\/v1\/auth\/wechat\/login$/,
  /^GET \/api\/v1\/shops\/(default|\{\w+\})$/,
  /^GET \/api\/v1\/products(\/\{\w+\})?$/,
  /^GET \/api\/v1\/categories$/,
  /^POST \/api\/v1\/referrals\/resolve$/,
  /^POST \/api\/v1\/payments\/wechat\/[\w-]*notify$/,
  /^POST \/api\/v1\/[\w/-]*\/notify$/,
];
const isPublic = (op: Operation) => PUBLIC_ROUTES.some((r) => r.test(`${op.method} ${op.path}`));

let t: TestApi;
let a: Tenant;
let b: Tenant;
let roles: Record<'anonymous' | 'buyer' | 'distributor' | 'otherMerchant' | 'admin', TestUser | undefined>;
let ops: Operation[];
let orderId: number | undefined;

beforeAll(async () => {
  t = await startTestApi({ isolatedDatabase: true, sandbox: true, env: { PLATFORM_ADMIN_OPENIDS: 'access_admin' } });
  a = await createTenant(t, 'A');
  b = await createTenant(t, 'B');
  const buyer = await createUser(t, '买家乙');
  const distributor = await createUser(t, '分销员丙');
  await t.ds.query(`INSERT INTO shop (kind, owner_user_id, name) VALUES ('distributor', $1, '丙的小店')`, [distributor.id]);
  await t.ds.query('UPDATE app_user SET is_distributor = true WHERE id = $1', [distributor.id]);
  const admin = await createUser(t, '平台运营', 'access_admin');
  roles = { anonymous: undefined, buyer, distributor, otherMerchant: b.owner, admin };

  // tenant A's buyer places an order whose remark and address carry the canary
  const buyerA = await createUser(t, '买家甲');
  const order = await t.request('POST', '/orders', {
    token: buyerA.token,
    body: {
      shopId: a.shopId,
      items: [{ skuId: a.skuId, quantity: 1 }],
      address: { name: '甲', phone: '13800000000', province: '上海', city: '上海', district: '浦东', detail: a.canary },
      remark: a.canary,
      idempotencyKey: `access-${Date.now()}`,
    },
  });
  if (order.status === 201 || order.status === 200) orderId = order.body.orders?.[0]?.id ?? order.body.id;
  ops = operations((await t.request('GET', '/docs/openapi.json')).body);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

function targetPath(op: Operation): string {
  return fillPath(op.path, {
    default: a.merchantId,
    id: op.path.includes('/orders')
      ? (orderId ?? a.merchantId)
      : op.path.includes('/products')
        ? a.draftProductId
        : op.path.includes('/shops')
          ? a.shopId
          : a.merchantId,
    orderId: orderId ?? a.merchantId,
    productId: a.draftProductId,
    skuId: a.skuId,
    shopId: a.shopId,
    merchantId: a.merchantId,
    day: '2026-11-20',
    businessDate: '2026-11-20',
  });
}

test('tenant A has an order to protect', () => {
  expect(orderId).toEqual(expect.any(Number));
});

test('no role sees another tenant’s data, and each gets the expected refusal', async () => {
  const problems: string[] = [];
  const snapshot = async () =>
    JSON.stringify(
      await t.ds.query(
        `SELECT (SELECT json_agg(p ORDER BY id) FROM product p WHERE merchant_id = $1) AS products,
                (SELECT json_agg(s ORDER BY id) FROM sku s WHERE merchant_id = $1) AS skus,
                (SELECT json_agg(m) FROM merchant m WHERE id = $1) AS merchant`,
        [a.merchantId],
      ),
    );
  const before = await snapshot();
  // Reads first: a write (e.g. applying to become a merchant) may legitimately change the caller's role.
  // Signing out everywhere ends the caller's tokens (tests/security/sessions.test.ts): it goes last.
  const endsSessions = (o: Operation) => o.path.endsWith('/logout-all');
  const ordered = [...ops.filter((o) => o.method === 'GET'), ...ops.filter((o) => o.method !== 'GET' && !endsSessions(o)), ...ops.filter(endsSessions)];
  for (const op of ordered) {
    const path = targetPath(op);
    const body = op.bodySchema ? JSON.stringify(minimalValue(op.bodySchema)) : undefined;
    for (const [role, user] of Object.entries(roles)) {
      const res = await t.request(op.method, path, { token: user?.token, rawBody: body });
      const where = `${role} ${op.method} ${op.path}`;
      const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
      if (res.status >= 500) problems.push(`${where}: ${res.status} ${text.slice(0, 160)}`);
      const adminReadingAdmin = role === 'admin' && op.path.startsWith('/api/v1/admin/');
      if (!adminReadingAdmin && text.includes(a.canary)) problems.push(`${where}: leaked tenant A's data`);
      if (role === 'anonymous' && !isPublic(op) && res.status !== 401) problems.push(`${where}: expected 401, got ${res.status}`);
      if (role !== 'anonymous' && op.path.startsWith('/api/v1/merchant/')) {
        const reading = op.method === 'GET';
        const expected = role === 'otherMerchant' || !reading ? [403, 404, 400] : [403];
        if (op.pathParams.length && !expected.includes(res.status)) problems.push(`${where}: expected ${expected.join('/')}, got ${res.status}`);
        if (reading && !op.pathParams.length && role !== 'otherMerchant' && res.status !== 403) problems.push(`${where}: expected 403, got ${res.status}`);
      }
      if (role !== 'anonymous' && role !== 'admin' && op.path.startsWith('/api/v1/admin/') && res.status !== 403) {
        problems.push(`${where}: expected 403, got ${res.status}`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(await snapshot()).toBe(before);
}, 300_000);

test('every anonymous-callable route is on the public list', async () => {
  const open: string[] = [];
  for (const op of ops) {
    const res = await t.request(op.method, targetPath(op), { rawBody: op.bodySchema ? '{}' : undefined });
    if (res.status !== 401 && !isPublic(op)) open.push(`${op.method} ${op.path} -> ${res.status}`);
  }
  expect(open).toEqual([]);
});
