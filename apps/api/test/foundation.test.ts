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

test('malformed JSON errors carry the request id too (the request context runs before the body parser)', async () => {
  const res = await t.request('POST', '/api/v1/definitely-not-a-route', { rawBody: '{"a":', headers: { 'x-request-id': 'trace-json-1' } });
  expect(res.status).toBe(400);
  expect(res.body.requestId).toBe('trace-json-1');
});

test('bodies that are not JSON (forms, text) are a 415 naming the body, and reach no handler', async () => {
  const before = await t.ds.query('SELECT count(*)::int AS n FROM app_user');
  const res = await t.request('POST', '/api/v1/auth/wechat/login', { rawBody: 'code=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(res.status).toBe(415);
  expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  expect(res.body.message).toMatch(/^body: .*application\/json/);
  expect(await t.ds.query('SELECT count(*)::int AS n FROM app_user')).toEqual(before);
  const text = await t.request('POST', '/api/v1/auth/wechat/login', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
  expect(text.status).toBe(415);
});

test('CORS: a browser origin is reflected and preflights answered; calls without Origin (the mini program) get only Vary: Origin, and no ETag', async () => {
  const origin = 'http://127.0.0.1:7200';
  const simple = await t.request('GET', '/health', { headers: { origin } });
  expect(simple.status).toBe(200);
  expect(simple.headers.get('access-control-allow-origin')).toBe(origin);
  expect(simple.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
  expect(simple.headers.get('vary')).toMatch(/Origin/);

  const preflight = await t.request('OPTIONS', '/api/v1/orders', {
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
  expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type');

  const plain = await t.request('GET', '/health');
  expect(plain.status).toBe(200);
  expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  expect(plain.headers.get('vary')).toBe('Origin'); // so a browser never serves this copy to a CORS request
  expect(plain.headers.get('etag')).toBeNull();
  expect(plain.headers.get('x-powered-by')).toBeNull();
});

test('migrations ran: the ledger refuses an unbalanced posting and any edit of history', async () => {
  await expect(
    t.ds.transaction(async (em) => {
      const [p] = await em.query(
        `INSERT INTO ledger_posting (kind, idempotency_key, business_date) VALUES ('test', 'unbalanced-1', '2026-11-22') RETURNING id`,
      );
      const [a] = await em.query(
        `INSERT INTO ledger_account (code, kind) VALUES ('test:unbalanced', 'asset') ON CONFLICT (code) DO UPDATE SET kind = 'asset' RETURNING id`,
      );
      await em.query('INSERT INTO ledger_entry (posting_id, account_id, amount) VALUES ($1, $2, 100)', [p.id, a.id]);
    }),
  ).rejects.toThrow(/does not balance/);
  const [{ count }] = await t.ds.query(`SELECT count(*)::int AS count FROM ledger_posting WHERE idempotency_key = 'unbalanced-1'`);
  expect(count).toBe(0);

  // balance is checked per INSERT over its own rows (entries are immutable): a balanced posting written in one
  // statement passes; a later statement adding an unbalanced entry to it is refused, and so is a statement
  // in which only one of several postings is off
  const [a1, a2] = await t.ds.query(
    `INSERT INTO ledger_account (code, kind) VALUES ('test:bal-a', 'asset'), ('test:bal-b', 'asset') ON CONFLICT (code) DO UPDATE SET kind = 'asset' RETURNING id`,
  );
  const [p1, p2] = await t.ds.query(
    `INSERT INTO ledger_posting (kind, idempotency_key, business_date) VALUES ('test', 'bal-1', '2026-12-05'), ('test', 'bal-2', '2026-12-05') RETURNING id`,
  );
  await t.ds.query('INSERT INTO ledger_entry (posting_id, account_id, amount) VALUES ($1, $2, 250), ($1, $3, -250)', [p1.id, a1.id, a2.id]);
  await expect(t.ds.query('INSERT INTO ledger_entry (posting_id, account_id, amount) VALUES ($1, $2, 1)', [p1.id, a1.id])).rejects.toThrow(/does not balance/);
  await expect(
    t.ds.query('INSERT INTO ledger_entry (posting_id, account_id, amount) VALUES ($1, $3, 5), ($1, $4, -5), ($2, $3, 7), ($2, $4, -6)', [
      p1.id,
      p2.id,
      a1.id,
      a2.id,
    ]),
  ).rejects.toThrow(/posting \d+ does not balance \(sum 1\)/);
  // a posting's entries split over two statements are refused at the first one, even inside one transaction
  await expect(
    t.ds.transaction(async (em) => {
      await em.query('INSERT INTO ledger_entry (posting_id, account_id, amount) VALUES ($1, $2, 9)', [p2.id, a1.id]);
      await em.query('INSERT INTO ledger_entry (posting_id, account_id, amount) VALUES ($1, $2, -9)', [p2.id, a2.id]);
    }),
  ).rejects.toThrow(/does not balance \(sum 9\)/);
  const sums = await t.ds.query(
    'SELECT posting_id, sum(amount)::int AS total, count(*)::int AS n FROM ledger_entry WHERE posting_id = ANY($1) GROUP BY posting_id',
    [[p1.id, p2.id]],
  );
  expect(sums).toEqual([{ posting_id: p1.id, total: 0, n: 2 }]);
});
