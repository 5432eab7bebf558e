import { startTestApi, type TestApi } from './harness.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t?.close();
});

test('GET /health reports the database', async () => {
  const res = await t.request('GET', '/health');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ status: 'ok', database: 'ok' });
  expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});

test('the OpenAPI document is served and lists the health route', async () => {
  const res = await t.request('GET', '/docs/openapi.json');
  expect(res.status).toBe(200);
  expect(res.body.openapi).toMatch(/^3\./);
  expect(Object.keys(res.body.paths)).toContain('/health');
});

test('unknown routes answer the error format with the request id', async () => {
  const res = await t.request('GET', '/api/v1/definitely-not-a-route', { headers: { 'x-request-id': 'trace-123' } });
  expect(res.status).toBe(404);
  expect(res.body).toMatchObject({ code: 'NOT_FOUND', requestId: 'trace-123' });
});

test('malformed JSON is a 400 naming the body, not a 500', async () => {
  const res = await t.request('POST', '/api/v1/definitely-not-a-route', { rawBody: '{"a":', token: undefined });
  expect(res.status).toBe(400);
  expect(res.body.code).toBe('VALIDATION_FAILED');
  expect(res.body.message).toMatch(/^body:/);
});

test('an oversized body is a 413', async () => {
  const res = await t.request('POST', '/api/v1/definitely-not-a-route', { rawBody: JSON.stringify({ x: 'a'.repeat(400 * 1024) }) });
  expect(res.status).toBe(413);
  expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
});

test('migrations ran: the ledger refuses an unbalanced posting and any edit of history', async () => {
  await expect(
    t.ds.transaction(async (em) => {
      const [p] = await em.query(`INSERT INTO ledger_posting (kind, idempotency_key, business_date) VALUES ('test', 'unbalanced-1', '2026-11-22') RETURNING id`);
      const [a] = await em.query(`INSERT INTO ledger_account (code, kind) VALUES ('test:unbalanced', 'asset') ON CONFLICT (code) DO UPDATE SET kind = 'asset' RETURNING id`);
      await em.query('INSERT INTO ledger_entry (posting_id, account_id, amount) VALUES ($1, $2, 100)', [p.id, a.id]);
    }),
  ).rejects.toThrow(/does not balance/);
  const [{ count }] = await t.ds.query(`SELECT count(*)::int AS count FROM ledger_posting WHERE idempotency_key = 'unbalanced-1'`);
  expect(count).toBe(0);
});
