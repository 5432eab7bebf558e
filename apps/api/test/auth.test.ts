import { startTestApi, type TestApi } from './harness.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ sandbox: true });
});
afterAll(async () => {
  await t?.close();
});

async function loginCode(name: string): Promise<{ code: string; openid: string }> {
  const res = await t.control('POST', `/__sandbox__/users/${name}/login-code`);
  expect(res.status).toBe(200);
  return res.body;
}

test('a wx.login code becomes our own token; session_key never leaves the server', async () => {
  const { code, openid } = await loginCode('auth-alice');
  const res = await t.request('POST', '/auth/wechat/login', { body: { code } });
  expect(res.status).toBe(200);
  expect(res.body.isNewUser).toBe(true);
  expect(res.body.user).toMatchObject({ nickname: '微信用户', isDistributor: false, isAdmin: false, merchants: [] });
  expect(res.body.user.referralCode).toMatch(/^[2-9A-Z]{8}$/);
  expect(JSON.stringify(res.body)).not.toMatch(/session_?key/i);

  const [stored] = await t.ds.query('SELECT s.session_key FROM wechat_session s JOIN app_user u ON u.id = s.user_id WHERE u.openid = $1', [openid]);
  expect(stored.session_key).toEqual(expect.any(String));

  const me = await t.request('GET', '/auth/me', { token: res.body.token });
  expect(me.status).toBe(200);
  expect(me.body.id).toBe(res.body.user.id);
});

test('the same WeChat user logging in again is the same user, not a new one', async () => {
  const first = await t.request('POST', '/auth/wechat/login', { body: { code: (await loginCode('auth-bob')).code } });
  const second = await t.request('POST', '/auth/wechat/login', { body: { code: (await loginCode('auth-bob')).code } });
  expect(second.status).toBe(200);
  expect(second.body.isNewUser).toBe(false);
  expect(second.body.user.id).toBe(first.body.user.id);
});

test('a used or invented code is a 400 naming the code, and creates no user', async () => {
  const { code } = await loginCode('auth-carol');
  expect((await t.request('POST', '/auth/wechat/login', { body: { code } })).status).toBe(200);
  const reused = await t.request('POST', '/auth/wechat/login', { body: { code } });
  expect(reused.status).toBe(400);
  expect(reused.body).toMatchObject({ code: 'INVALID_LOGIN_CODE' });
  expect(reused.body.message).toMatch(/^code:/);

  const before = await t.ds.query('SELECT count(*)::int AS n FROM app_user');
  const invented = await t.request('POST', '/auth/wechat/login', { body: { code: 'not-a-real-code' } });
  expect(invented.status).toBe(400);
  const after = await t.ds.query('SELECT count(*)::int AS n FROM app_user');
  expect(after[0].n).toBe(before[0].n);
});

test('bad login bodies name the field', async () => {
  const missing = await t.request('POST', '/auth/wechat/login', { body: {} });
  expect(missing.status).toBe(400);
  expect(missing.body.details[0].field).toBe('code');
  const extra = await t.request('POST', '/auth/wechat/login', { body: { code: 'x', admin: true } });
  expect(extra.status).toBe(400);
  expect(extra.body.message).toMatch(/admin/);
  const wrongType = await t.request('POST', '/auth/wechat/login', { body: { code: 42 } });
  expect(wrongType.status).toBe(400);
  expect(wrongType.body.details[0].field).toBe('code');
});

test('profile updates validate and apply; protected routes need a token', async () => {
  const login = await t.request('POST', '/auth/wechat/login', { body: { code: (await loginCode('auth-dave')).code } });
  const token = login.body.token;
  const ok = await t.request('PATCH', '/auth/me', { token, body: { nickname: '戴夫' } });
  expect(ok.status).toBe(200);
  expect(ok.body.nickname).toBe('戴夫');
  const bad = await t.request('PATCH', '/auth/me', { token, body: { nickname: 'x'.repeat(40) } });
  expect(bad.status).toBe(400);
  expect(bad.body.details[0].field).toBe('nickname');
  expect((await t.request('GET', '/auth/me')).status).toBe(401);
  expect((await t.request('GET', '/auth/me', { token: `${token}x` })).status).toBe(401);
});
