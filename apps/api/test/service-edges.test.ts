import pg from 'pg';
import { loadConfig } from '../src/config/config.js';
import { tuneBatchTransaction } from '../src/settlement/batch-session.js';
import { createUser } from './fixtures.js';
import { startTestApi, testDatabaseUrl, type TestApi } from './harness.js';

/**
 * The edges of the service (docs/security.md): who may name the client IP, and how long a request may
 * wait for the database before it answers instead of holding a pooled connection.
 */
const apis: TestApi[] = [];
afterAll(async () => {
  await Promise.all(apis.map((a) => a.close()));
});

async function api(env: Record<string, string>): Promise<TestApi> {
  const t = await startTestApi(env);
  apis.push(t);
  return t;
}

/** Logins from one loopback client, each claiming a different X-Forwarded-For; the statuses in order. */
async function rotatingLogins(t: TestApi, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    // an invalid body still counts: the limit applies before validation
    const res = await t.request('POST', '/auth/wechat/login', { body: {}, headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
    statuses.push(res.status);
  }
  return statuses;
}

describe('client IP for rate limits', () => {
  test('by default X-Forwarded-For is ignored: rotating it from one client still hits the login limit', async () => {
    const t = await api({ RATE_LIMIT_LOGIN_PER_IP: '3' });
    expect(await rotatingLogins(t, 4)).toEqual([400, 400, 400, 429]);
  });

  test('TRUST_PROXY=loopback (nginx on the same host) honours the header from the local proxy', async () => {
    const t = await api({ RATE_LIMIT_LOGIN_PER_IP: '3', TRUST_PROXY: 'loopback' });
    expect(await rotatingLogins(t, 4)).toEqual([400, 400, 400, 400]);
  });

  test('TRUST_PROXY values are validated at boot', () => {
    for (const ok of ['false', 'none', 'loopback', '10.0.0.0/8', '172.18.0.2', 'loopback, 10.0.0.0/8', 'fd00::/8'])
      expect(loadConfig({ TRUST_PROXY: ok }).rateLimit.TRUST_PROXY).toEqual(ok === 'false' || ok === 'none' ? false : ok.split(',').map((s) => s.trim()));
    expect(loadConfig({}).rateLimit.TRUST_PROXY).toBe(false);
    for (const bad of ['true', '1', 'everyone', '10.0.0.0/33', '300.1.1.1', 'loopback,true'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
  });
});

describe('database session limits', () => {
  test('the timeouts are validated at boot and set on every pooled connection', async () => {
    expect(() => loadConfig({ DB_LOCK_TIMEOUT_MS: '0' })).toThrow(/DB_LOCK_TIMEOUT_MS/);
    expect(() => loadConfig({ DB_STATEMENT_TIMEOUT_MS: '1000', DB_LOCK_TIMEOUT_MS: '5000' })).toThrow(/DB_LOCK_TIMEOUT_MS/);
    expect(() => loadConfig({ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 'soon' })).toThrow(/DB_IDLE_IN_TRANSACTION_TIMEOUT_MS/);
    const t = await api({});
    const [row] = await t.ds.query(`SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
      current_setting('idle_in_transaction_session_timeout') AS idle`);
    expect(row).toEqual({ statement: '15s', lock: '10s', idle: '1min' });
  });

  test('settlement batch transactions are exempt from the request statement limit (a busy day is one long COPY)', async () => {
    const t = await api({ DB_STATEMENT_TIMEOUT_MS: '200', DB_LOCK_TIMEOUT_MS: '200' });
    await expect(t.ds.query('SELECT pg_sleep(0.4)')).rejects.toThrow(/statement timeout/);
    const inBatch = await t.ds.transaction(async (em) => {
      await tuneBatchTransaction(em);
      await em.query('SELECT pg_sleep(0.4)');
      return (await em.query(`SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock`))[0];
    });
    expect(inBatch).toEqual({ statement: '0', lock: '200ms' });
    // SET LOCAL: the pooled connection is back under the request limit afterwards
    await expect(t.ds.query('SELECT pg_sleep(0.4)')).rejects.toThrow(/statement timeout/);
  });

  test('a request blocked by a held row lock answers 503 DATABASE_BUSY within about lock_timeout', async () => {
    const t = await api({ DB_LOCK_TIMEOUT_MS: '500' });
    const user = await createUser(t, '锁等待');
    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM app_user WHERE id = $1 FOR UPDATE', [user.id]);
      const started = Date.now();
      const res = await t.request('PATCH', '/auth/me', { token: user.token, body: { nickname: '新名字' } });
      const waited = Date.now() - started;
      expect({ status: res.status, code: res.body.code, retryAfter: res.headers.get('retry-after') }).toEqual({
        status: 503,
        code: 'DATABASE_BUSY',
        retryAfter: '5',
      });
      expect(waited).toBeGreaterThanOrEqual(450);
      expect(waited).toBeLessThan(3_000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    // the pool is not stalled: the same request succeeds once the lock is gone
    const again = await t.request('PATCH', '/auth/me', { token: user.token, body: { nickname: '新名字' } });
    expect({ status: again.status, nickname: again.body.nickname }).toEqual({ status: 200, nickname: '新名字' });
  });
});
