import type { CommerceWorld } from './commerce-fixtures.js';
import { clone, createUser, setSettings, sqlMerchant, startDistributionApi } from './distribution-fixtures.js';
import type { TestUser } from './fixtures.js';

/**
 * The team page shows only what the platform's rules allow (issue 13): levels deeper than the commission
 * levels are not listed, and people beyond the direct level are masked (张**, no avatar).
 */
let w: CommerceWorld;
let boss: TestUser;
let kid: TestUser;
let grandkid: TestUser;
beforeAll(async () => {
  w = await startDistributionApi();
  const m = await sqlMerchant(w);
  const person = async (nickname: string, upline?: TestUser & { code: string }) => {
    const u = await createUser(w.t, nickname);
    const profile = await w.t.request('PATCH', '/auth/me', { token: u.token, body: { avatarUrl: `https://img.example.com/${u.id}.png` } });
    expect(profile.status).toBe(200);
    if (upline) expect((await w.t.request('POST', '/referrals/bind', { token: u.token, body: { referralCode: upline.code } })).body.outcome).toBe('bound');
    return { ...u, code: (await clone(w, u, m.shopId)).referralCode as string };
  };
  const b = await person('老板');
  const k = await person('张小明', b);
  const g = await person('李四光', k);
  [boss, kid, grandkid] = [b, k, g];
});
afterAll(async () => {
  await w?.t.close();
});

const team = (level: number) => w.t.request('GET', `/distributors/me/team?level=${level}`, { token: boss.token });

test('levels = 1 (default): only direct members are listed; a deeper level is an empty page', async () => {
  const l1 = await team(1);
  expect(l1.status).toBe(200);
  expect(l1.body).toMatchObject({ level: 1, visibleLevels: 1, total: 1 });
  expect(l1.body.items).toEqual([expect.objectContaining({ userId: kid.id, nickname: '张小明', avatarUrl: `https://img.example.com/${kid.id}.png` })]);

  for (const level of [2, 3]) {
    const deeper = await team(level);
    expect(deeper.status).toBe(200);
    expect(deeper.body).toMatchObject({ level, visibleLevels: 1, total: 0, items: [] });
    expect(JSON.stringify(deeper.body)).not.toContain('李四光');
  }
});

test('levels = 2: level 2 is listed, masked (first character and **, no avatar); level 1 stays in full', async () => {
  await setSettings(w, { commissionLevels: 2, acknowledgeMultiLevelRisk: true });
  try {
    const l2 = await team(2);
    expect(l2.body).toMatchObject({ level: 2, visibleLevels: 2, total: 1 });
    expect(l2.body.items).toEqual([expect.objectContaining({ userId: grandkid.id, nickname: '李**', avatarUrl: null })]);
    expect(JSON.stringify(l2.body)).not.toContain('四光');
    expect((await team(1)).body.items[0]).toMatchObject({ nickname: '张小明', avatarUrl: expect.stringContaining('https://') });
    expect((await team(3)).body).toMatchObject({ visibleLevels: 2, items: [] });
  } finally {
    await setSettings(w, { commissionLevels: 1 });
  }
});
