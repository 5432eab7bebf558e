import { createUser } from '../../apps/api/test/fixtures.js';
import { startTestApi, type TestApi } from '../../apps/api/test/harness.js';

/**
 * Sessions can be ended (issue 13): every token carries the user's token version; signing out everywhere
 * or being blocked by a platform admin makes every earlier token a 401 at once, and a blocked user cannot
 * sign in again until unblocked.
 */
let t: TestApi;
const ADMIN_OPENID = `sessions_admin_${Math.floor(Math.random() * 1e9)}`;
let adminToken: string;
beforeAll(async () => {
  t = await startTestApi({ sandbox: true, env: { PLATFORM_ADMIN_OPENIDS: ADMIN_OPENID } });
  adminToken = (await createUser(t, '平台运营', ADMIN_OPENID)).token;
});
afterAll(async () => {
  await t?.close();
});

async function login(name: string) {
  const { body } = await t.control('POST', `/__sandbox__/users/${name}/login-code`);
  return t.request('POST', '/auth/wechat/login', { body: { code: body.code } });
}
const me = (token: string) => t.request('GET', '/auth/me', { token });

test('sign out everywhere: every token of the user stops working at once; a new login works', async () => {
  const name = `sess-phone-${Date.now()}`;
  const phone = (await login(name)).body.token as string;
  const laptop = (await login(name)).body.token as string;
  expect((await me(phone)).status).toBe(200);
  expect((await me(laptop)).status).toBe(200);
  const other = await createUser(t, '旁人');

  expect((await t.request('POST', '/auth/logout-all', { token: laptop })).status).toBe(204);
  for (const token of [phone, laptop]) {
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  }
  expect((await t.request('POST', '/auth/logout-all', { token: phone })).status).toBe(401);
  expect((await me(other.token)).status).toBe(200); // only that user's sessions end
  const again = await login(name);
  expect(again.status).toBe(200);
  expect((await me(again.body.token)).status).toBe(200);
});

test('a blocked user: tokens refused at once, login 403 账号已被停用, until a platform admin unblocks', async () => {
  const name = `sess-block-${Date.now()}`;
  const first = await login(name);
  const userId = first.body.user.id as number;
  const token = first.body.token as string;
  expect((await me(token)).status).toBe(200); // the guard has just seen this user

  const stranger = await createUser(t, '普通用户');
  expect((await t.request('POST', `/admin/users/${userId}/block`, { token: stranger.token })).status).toBe(403);
  expect((await me(token)).status).toBe(200);

  const blocked = await t.request('POST', `/admin/users/${userId}/block`, { token: adminToken });
  expect(blocked.status).toBe(200);
  expect(blocked.body).toMatchObject({ id: userId, blockedAt: expect.any(String) });
  const refused = await me(token);
  expect(refused.status).toBe(401);
  expect(refused.body.message).toBe('账号已被停用');
  expect((await t.request('GET', '/orders', { token })).status).toBe(401);

  const relogin = await login(name);
  expect(relogin.status).toBe(403);
  expect(relogin.body.message).toBe('账号已被停用');
  expect(JSON.stringify(relogin.body)).not.toMatch(/token/);

  const unblocked = await t.request('POST', `/admin/users/${userId}/unblock`, { token: adminToken });
  expect(unblocked.status).toBe(200);
  expect(unblocked.body.blockedAt).toBeNull();
  expect((await me(token)).status).toBe(401); // tokens from before the block stay dead
  const back = await login(name);
  expect(back.status).toBe(200);
  expect((await me(back.body.token)).status).toBe(200);

  expect((await t.request('POST', '/admin/users/999999999999/block', { token: adminToken })).status).toBe(404);
  const self = await t.request('GET', '/auth/me', { token: adminToken });
  expect((await t.request('POST', `/admin/users/${self.body.id}/block`, { token: adminToken })).status).toBe(400);
});

test('platform admins look users up by id or nickname, paged; nobody else can', async () => {
  const tag = `查找${Math.floor(Math.random() * 1e6)}`;
  const users = [];
  for (let i = 0; i < 3; i++) users.push(await createUser(t, `${tag}号${i}`));
  const byName = await t.request('GET', `/admin/users?q=${encodeURIComponent(tag)}&pageSize=2`, { token: adminToken });
  expect(byName.status).toBe(200);
  expect(byName.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
  expect(byName.body.items.map((u: any) => u.id)).toEqual([users[2]!.id, users[1]!.id]);
  expect(byName.body.items[0]).toEqual({
    id: users[2]!.id,
    nickname: `${tag}号2`,
    avatarUrl: null,
    isDistributor: false,
    blockedAt: null,
    createdAt: expect.any(String),
  });
  const page2 = await t.request('GET', `/admin/users?q=${encodeURIComponent(tag)}&pageSize=2&page=2`, { token: adminToken });
  expect(page2.body.items.map((u: any) => u.id)).toEqual([users[0]!.id]);
  const byId = await t.request('GET', `/admin/users?q=${users[1]!.id}`, { token: adminToken });
  expect(byId.body.items.map((u: any) => u.id)).toContain(users[1]!.id);
  // LIKE wildcards are text, not patterns
  expect(
    (await t.request('GET', `/admin/users?q=${encodeURIComponent('%')}`, { token: adminToken })).body.items.every((u: any) => u.nickname.includes('%')),
  ).toBe(true);
  expect((await t.request('GET', '/admin/users?pageSize=500', { token: adminToken })).status).toBe(400);
  expect((await t.request('GET', `/admin/users?q=${encodeURIComponent(tag)}`, { token: users[0]!.token })).status).toBe(403);
});
