import { startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { invalidBodies, minimalValue, operations, type Operation, type Schema, fillPath } from '../support/openapi.js';
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
let allOps: Operation[];
let doc: any;

beforeAll(async () => {
  t = await startTestApi({ isolatedDatabase: true, sandbox: true, env: { PLATFORM_ADMIN_OPENIDS: 'security_admin' } });
  tenant = await createTenant(t, 'A');
  await t.ds.query(`UPDATE app_user SET openid = 'security_admin' WHERE id = $1`, [tenant.owner.id]);
  doc = (await t.request('GET', '/docs/openapi.json')).body;
  allOps = operations(doc).filter((o) => !o.path.includes('/notify'));
  ops = allOps.filter((o) => o.bodySchema);
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

// ---- control characters and URL schemes (docs/security.md "Input") ----

/** A string leaf of a body schema: its dotted path (array items as `.0`) and its schema. */
interface Leaf {
  path: string[];
  schema: Schema;
}

const nonNull = (s: Schema): Schema => (s.anyOf ?? s.oneOf)?.find((a) => a.type !== 'null' && !(Array.isArray(a.type) && a.type.includes('null'))) ?? s;
const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type) ?? (s.properties ? 'object' : undefined);

function stringLeaves(schema: Schema, path: string[] = [], depth = 0): Leaf[] {
  const s = nonNull(schema);
  const type = typeOf(s);
  if (type === 'string') return [{ path, schema: s }];
  if (depth > 4) return [];
  if (type === 'array' && s.items) return stringLeaves(s.items, [...path, '0'], depth + 1);
  if (type === 'object') return Object.entries(s.properties ?? {}).flatMap(([k, v]) => stringLeaves(v, [...path, k], depth + 1));
  return [];
}

/** The minimal valid body with `value` at `path` (intermediate arrays/objects made from the schema). */
function bodyWith(schema: Schema, path: string[], value: unknown): unknown {
  const body = structuredClone(minimalValue(schema)) as Record<string, unknown>;
  let node: any = body;
  let s: Schema = nonNull(schema);
  path.forEach((key, i) => {
    const child = nonNull(typeOf(s) === 'array' ? s.items! : s.properties![key]!);
    if (i === path.length - 1) node[key] = value;
    else {
      if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object')
        node[key] = typeOf(child) === 'array' ? [minimalValue(child.items)] : minimalValue(child);
      node = node[key];
    }
    s = child;
  });
  return body;
}

const CONTROL_SAMPLES = ['nul\u0000byte', 'bell\u0007', '\u001b[31mred', 'del\u007f', 'x\u0008y'];

/** A 400 whose details name `field`; `first`: and whose message starts with it (the first problem found). */
function namesField(res: { status: number; body: any }, field: string, first = true): boolean {
  const details: unknown = res.body?.details;
  const fields = Array.isArray(details) ? details.map((d: { field?: string }) => d.field) : [];
  return res.status === 400 && fields.includes(field) && (!first || String(res.body?.message ?? '').startsWith(`${field}:`));
}

/** The tenant owner also belongs to merchants other tests created: name the one acting. */
const asOwner = () => ({ token: tenant.owner.token, headers: { 'x-merchant-id': String(tenant.merchantId) } });

test('a control character in any string field of any body is a 400 naming that field, writing nothing', async () => {
  const before = await tableCounts(t);
  const failures: string[] = [];
  let checked = 0;
  for (const op of ops) {
    for (const [i, leaf] of stringLeaves(op.bodySchema as Schema).entries()) {
      const field = leaf.path.join('.');
      const value = CONTROL_SAMPLES[i % CONTROL_SAMPLES.length]!;
      const res = await t.request(op.method, pathFor(op), { ...asOwner(), body: bodyWith(op.bodySchema as Schema, leaf.path, value) });
      checked++;
      if (!namesField(res, field))
        failures.push(`${op.method} ${op.path} ${field}=${JSON.stringify(value)}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(20);
  expect(await tableCounts(t)).toEqual(before);
}, 300_000);

/** Fields whose text is legitimately several lines (product descriptions, detail text blocks); all other text is one line. */
const MULTI_LINE = /^(description|detail\.\d+\.text)$/;

test('single-line text fields refuse line breaks and tabs; multi-line ones keep them', async () => {
  const failures: string[] = [];
  let multiLineSeen = 0;
  for (const op of ops) {
    for (const leaf of stringLeaves(op.bodySchema as Schema)) {
      const field = leaf.path.join('.');
      if (leaf.schema.enum || leaf.schema.format === 'date' || leaf.schema.format === 'date-time') continue;
      const res = await t.request(op.method, pathFor(op), { ...asOwner(), body: bodyWith(op.bodySchema as Schema, leaf.path, '第一行\n第二行') });
      const multi = MULTI_LINE.test(field);
      if (multi) multiLineSeen++;
      // other fields of the minimal body may be refused too (a phone pattern): the field must be among the named
      if (multi ? namesField(res, field, false) : !namesField(res, field, false))
        failures.push(`${op.method} ${op.path} ${field}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(multiLineSeen).toBeGreaterThan(0);
}, 300_000);

const URL_FIELD = /(url|images)$/i;
const HOSTILE_URLS = [
  'javascript:alert(1)',
  'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
  'http://tracker.example.com/p.gif',
  '//tracker.example.com/p.gif',
  'https://user:pass@example.com/a.png',
  '/uploads/../../etc/passwd',
  '/api/v1/auth/me',
  'JAVASCRIPT:alert(1)',
  ' https://example.com/a.png',
];

test("every URL field shown to others takes only https: or the platform's own /uploads/ paths", async () => {
  const failures: string[] = [];
  const seen = new Set<string>();
  for (const op of ops) {
    for (const leaf of stringLeaves(op.bodySchema as Schema).filter((l) => l.path.some((p) => URL_FIELD.test(p)))) {
      const field = leaf.path.join('.');
      seen.add(leaf.path.find((p) => URL_FIELD.test(p))!);
      for (const url of HOSTILE_URLS) {
        const res = await t.request(op.method, pathFor(op), { ...asOwner(), body: bodyWith(op.bodySchema as Schema, leaf.path, url) });
        if (!namesField(res, field, false)) failures.push(`${op.method} ${op.path} ${field}=${url}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
      }
      for (const url of ['https://img.example.com/a.png', `/uploads/${tenant.merchantId}/0123456789abcdef0123456789abcdef.jpg`, '/static/demo/p1.svg']) {
        const res = await t.request(op.method, pathFor(op), { ...asOwner(), body: bodyWith(op.bodySchema as Schema, leaf.path, url) });
        if (namesField(res, field, false)) failures.push(`${op.method} ${op.path} ${field}=${url} refused: ${JSON.stringify(res.body).slice(0, 160)}`);
      }
    }
  }
  expect(failures).toEqual([]);
  // the enumeration is not vacuous: the known URL fields were all found
  expect([...seen].sort()).toEqual(expect.arrayContaining(['avatarUrl', 'bannerUrl', 'images', 'logoUrl']));
}, 300_000);

test('a control character in any query parameter or path parameter is a 400 naming it', async () => {
  const failures: string[] = [];
  let checked = 0;
  for (const op of allOps) {
    const params: Array<{ name: string; in: string }> = doc.paths[op.path]?.[op.method.toLowerCase()]?.parameters ?? [];
    for (const p of params.filter((x) => x.in === 'query')) {
      const res = await t.request(op.method, `${pathFor(op)}?${encodeURIComponent(p.name)}=a%00b`, {
        ...asOwner(),
        body: op.bodySchema ? minimalValue(op.bodySchema as Schema) : undefined,
      });
      checked++;
      if (!namesField(res, p.name)) failures.push(`${op.method} ${op.path} ?${p.name}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    for (const name of op.pathParams) {
      const path = fillPath(op.path, { default: tenant.onSaleProductId, day: '2026-11-20', businessDate: '2026-11-20', [name]: '1%00' });
      const res = await t.request(op.method, path, { ...asOwner(), body: op.bodySchema ? minimalValue(op.bodySchema as Schema) : undefined });
      checked++;
      // a route whose body parameter comes first may refuse the (minimal, not always valid) body before the path
      const bodyFirst = op.bodySchema !== undefined && res.status === 400 && res.body?.code === 'VALIDATION_FAILED';
      if (!namesField(res, name) && !bodyFirst) failures.push(`${op.method} ${op.path} {${name}}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
  }
  expect(failures).toEqual([]);
  expect(checked).toBeGreaterThan(10);
}, 300_000);
