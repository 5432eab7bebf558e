import { startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { invalidBodies, operations, type Operation, type Schema, fillPath } from '../support/openapi.js';
import { createTenant, tableCounts, type Tenant } from '../support/roles.js';

/**
 * For every request body schema in the OpenAPI document: generated invalid bodies (wrong types, negatives,
 * huge numbers, long strings, hostile strings, extra fields, missing fields) must each get a 4xx whose
 * message names a field, never a 5xx, and must write nothing. Runs as a user who is a merchant owner and a
 * platform admin, so guards let the request through to validation.
 */
let t: TestApi;
let tenant: Tenant;
let ops: Operation[];

beforeAll(async () => {
  t = await startTestApi({ isolatedDatabase: true, sandbox: true, env: { PLATFORM_ADMIN_OPENIDS: 'security_admin' } });
  tenant = await createTenant(t, 'A');
  await t.ds.query(`UPDATE app_user SET openid = 'security_admin' WHERE id = $1`, [tenant.owner.id]);
  ops = operations((await t.request('GET', '/docs/openapi.json')).body).filter((o) => o.bodySchema && !o.path.includes('/notify'));
}, 60_000);
afterAll(async () => {
  await t?.close();
});

function pathFor(op: Operation): string {
  return fillPath(op.path, { default: tenant.onSaleProductId, day: '2026-11-20', businessDate: '2026-11-20' });
}

test('the API documents request bodies for its write routes', () => {
  expect(ops.length).toBeGreaterThan(0);
});

test('every invalid body is a 4xx naming a field, never a 5xx, and writes nothing', async () => {
  const before = await tableCounts(t);
  const failures: string[] = [];
  let checked = 0;
  for (const op of ops) {
    for (const c of invalidBodies(op.bodySchema as Schema)) {
      const res = await t.request(op.method, pathFor(op), { token: tenant.owner.token, rawBody: JSON.stringify(c.body) });
      checked++;
      const where = `${op.method} ${op.path} [${c.name}]`;
      if (res.status >= 500) failures.push(`${where}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
      else if (res.status < 400) failures.push(`${where}: accepted with ${res.status}`);
      else if (res.status === 400) {
        const fields: string[] = (res.body?.details ?? []).map((d: { field: string }) => d.field);
        if (!fields.length || !/^[\w.[\], -]+:/.test(res.body?.message ?? '')) failures.push(`${where}: 400 without a field name: ${JSON.stringify(res.body)}`);
      }
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(ops.length);
  const after = await tableCounts(t);
  // request-scoped bookkeeping tables may legitimately grow (none exist today); everything else must not
  expect(after).toEqual(before);
}, 300_000);

test('a 1 MB body is refused with 413 on every write route, writing nothing', async () => {
  const before = await tableCounts(t);
  const big = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
  for (const op of ops) {
    const res = await t.request(op.method, pathFor(op), { token: tenant.owner.token, rawBody: big });
    expect({ route: `${op.method} ${op.path}`, status: res.status }).toEqual({ route: `${op.method} ${op.path}`, status: 413 });
  }
  expect(await tableCounts(t)).toEqual(before);
}, 120_000);
