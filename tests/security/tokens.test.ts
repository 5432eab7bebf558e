import { TokenService } from '../../apps/api/src/auth/token.service.js';
import { createUser } from '../../apps/api/test/fixtures.js';
import { TEST_TOKEN_SECRET, startTestApi, type TestApi } from '../../apps/api/test/harness.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ sandbox: true, env: { RATE_LIMIT_LOGIN_PER_IP: '5', RATE_LIMIT_ORDER_PER_USER: '3' } });
});
afterAll(async () => {
  await t?.close();
});

test('expired, tampered, wrong-signature and malformed tokens are refused with 401', async () => {
  const user = await createUser(t, '令牌测试');
  const tokens = t.api.app.get(TokenService);
  const expired = tokens.issue(user.id, Date.now() - 400 * 24 * 3600 * 1000).token;
  const [payload, signature] = user.token.split('.');
  const otherUser = Buffer.from(JSON.stringify({ sub: user.id + 1, iat: 0, exp: 9_999_999_999 })).toString('base64url');
  const wrongKey = new TokenService({ secret: `${TEST_TOKEN_SECRET}-not-ours`, ttlSeconds: 3600 }).issue(user.id).token;
  for (const bad of [expired, `${otherUser}.${signature}`, `${payload}.${signature!.slice(0, -2)}xx`, wrongKey, 'a.b.c', '']) {
    const res = await t.request('GET', '/auth/me', { headers: { authorization: `Bearer ${bad}` } });
    expect({ bad, status: res.status }).toEqual({ bad, status: 401 });
    expect(res.body.code).toBe('UNAUTHENTICATED');
  }
  expect((await t.request('GET', '/auth/me', { headers: { authorization: user.token } })).status).toBe(401);
  expect((await t.request('GET', '/auth/me', { token: user.token })).status).toBe(200);
});

test("a user's token only ever acts as that user", async () => {
  const alice = await createUser(t, '爱丽丝');
  const bob = await createUser(t, '鲍勃');
  const me = await t.request('GET', '/auth/me', { token: bob.token });
  expect(me.body.id).toBe(bob.id);
  expect(me.body.id).not.toBe(alice.id);
});

test('login is rate-limited per IP with a clear 429 and Retry-After', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await t.request('POST', '/auth/wechat/login', { body: { code: `nonexistent-${i}` } });
    statuses.push(res.status);
    if (res.status === 429) {
      expect(res.body.code).toBe('RATE_LIMITED');
      expect(res.body.message).toMatch(/秒后再试/);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  }
  expect(statuses.slice(0, 5).every((s) => s === 400)).toBe(true);
  expect(statuses.slice(5)).toEqual([429, 429]);
});

test('order creation is rate-limited per user', async () => {
  const buyer = await createUser(t, '频繁下单');
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    statuses.push((await t.request('POST', '/orders', { token: buyer.token, body: {} })).status);
  }
  expect(statuses.slice(0, 3).every((s) => s === 400)).toBe(true);
  expect(statuses.slice(3)).toEqual([429, 429]);
  // another user is not affected
  const other = await createUser(t, '正常下单');
  expect((await t.request('POST', '/orders', { token: other.token, body: {} })).status).toBe(400);
});
