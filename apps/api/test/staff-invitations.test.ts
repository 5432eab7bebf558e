import { createUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, createMerchant, startCommerceApi } from './commerce-fixtures.js';

/**
 * Staff join by consent (issue 13): an owner can no longer add a user id; they create an invitation code
 * that the invited user accepts. Any staff member may leave; the owner removes staff.
 */
let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi();
});
afterAll(async () => {
  await w?.t.close();
});

const mh = (m: TestMerchant, token = m.owner.token) => ({ token, headers: { 'x-merchant-id': String(m.id) } });
const invite = (m: TestMerchant, token = m.owner.token) => w.t.request('POST', '/merchant/staff/invitations', mh(m, token));
const accept = (code: string, token: string) => w.t.request('POST', `/merchant-invitations/${code}/accept`, { token });
const lookup = (code: string, token: string) => w.t.request('GET', `/merchant-invitations/${code}`, { token });

test('adding a user by id is gone: nobody becomes staff without accepting', async () => {
  const m = await createMerchant(w);
  const victim = await createUser(w.t, '被拉进来的人');
  const old = await w.t.request('POST', '/merchant/staff', { ...mh(m), body: { userId: victim.id } });
  expect(old.status).toBe(404);
  expect((await w.t.request('GET', '/merchants/mine', { token: victim.token })).body.items).toEqual([]);
});

test('owner invites; the invited user looks the code up and accepts; the code is single use', async () => {
  const m = await createMerchant(w, '茶园');
  const created = await invite(m);
  expect(created.status).toBe(201);
  expect(created.body).toEqual({
    code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/),
    merchantId: m.id,
    merchantName: '茶园',
    expiresAt: expect.any(String),
    createdAt: expect.any(String),
  });
  const days = (Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)) / 86_400_000;
  expect(days).toBeCloseTo(7, 3);
  const code: string = created.body.code;

  const staffPage = await w.t.request('GET', '/merchant/staff', mh(m));
  expect(staffPage.body.invitations).toEqual([{ code, expiresAt: created.body.expiresAt, createdAt: created.body.createdAt }]);
  expect(staffPage.body.items).toEqual([expect.objectContaining({ userId: m.owner.id, role: 'owner' })]);

  const clerk = await createUser(w.t, '店员小王');
  expect((await lookup(code.toLowerCase(), clerk.token)).body).toEqual({
    code,
    merchantId: m.id,
    merchantName: '茶园',
    status: 'pending',
    expiresAt: created.body.expiresAt,
  });
  const joined = await accept(code, clerk.token);
  expect(joined.status).toBe(200);
  expect(joined.body).toEqual({ merchantId: m.id, name: '茶园', status: 'approved', role: 'staff' });
  expect((await w.t.request('GET', '/merchants/mine', { token: clerk.token })).body.items).toEqual([joined.body]);
  expect((await w.t.request('GET', '/merchant/products', mh(m, clerk.token))).status).toBe(200);

  expect((await lookup(code, clerk.token)).body.status).toBe('accepted');
  expect((await accept(code, clerk.token)).status).toBe(409); // already a member
  const late = await accept(code, (await createUser(w.t)).token);
  expect(late.status).toBe(410);
  expect(late.body).toMatchObject({ code: 'INVITATION_USED', message: expect.stringContaining('已被使用') });

  // the team page: both members; staff see members but no codes
  const afterJoin = await w.t.request('GET', '/merchant/staff', mh(m));
  expect(afterJoin.body.items.map((s: any) => s.role)).toEqual(['owner', 'staff']);
  expect(afterJoin.body.invitations).toEqual([]);
  await invite(m);
  expect((await w.t.request('GET', '/merchant/staff', mh(m, clerk.token))).body.invitations).toEqual([]);
  expect((await w.t.request('GET', '/merchant/staff', mh(m))).body.invitations).toHaveLength(1);
});

test('only the owner invites or revokes; a revoked or expired code cannot be accepted; unknown is 404', async () => {
  const m = await createMerchant(w);
  const other = await createMerchant(w, '别家');
  const clerk = await createUser(w.t, '店员');
  const first = (await invite(m)).body.code as string;
  await accept(first, clerk.token);
  expect((await invite(m, clerk.token)).status).toBe(403);
  expect((await w.t.request('POST', '/merchant/staff/invitations', { token: (await createUser(w.t)).token })).status).toBe(403);

  const code = (await invite(m)).body.code as string;
  expect((await w.t.request('DELETE', `/merchant/staff/invitations/${code}`, mh(m, clerk.token))).status).toBe(403);
  expect((await w.t.request('DELETE', `/merchant/staff/invitations/${code}`, mh(other))).status).toBe(404);
  expect((await w.t.request('DELETE', `/merchant/staff/invitations/${code}`, mh(m))).status).toBe(204);
  expect((await w.t.request('GET', '/merchant/staff', mh(m))).body.invitations).toEqual([]);
  const stranger = await createUser(w.t);
  expect((await lookup(code, stranger.token)).body.status).toBe('revoked');
  const revoked = await accept(code, stranger.token);
  expect(revoked.status).toBe(410);
  expect(revoked.body.code).toBe('INVITATION_REVOKED');

  // seven days pass (the clock is the only thing moved here)
  const old = (await invite(m)).body.code as string;
  await w.t.ds.query(`UPDATE merchant_invitation SET expires_at = now() - interval '1 second' WHERE code = $1`, [old]);
  expect((await lookup(old, stranger.token)).body.status).toBe('expired');
  const expired = await accept(old, stranger.token);
  expect(expired.status).toBe(410);
  expect(expired.body).toMatchObject({ code: 'INVITATION_EXPIRED', message: expect.stringContaining('已过期') });
  expect((await w.t.request('GET', '/merchant/staff', mh(m))).body.invitations).toEqual([]);
  expect((await w.t.request('GET', '/merchants/mine', { token: stranger.token })).body.items).toEqual([]);

  expect((await lookup('ABCDEFGH', stranger.token)).status).toBe(404);
  expect((await accept('ABCDEFGH', stranger.token)).status).toBe(404);
  const malformed = await lookup('O0I1', stranger.token);
  expect(malformed.status).toBe(400);
  expect(malformed.body.message).toMatch(/^code:/);
  expect((await lookup('ABCDEFGH', '')).status).toBe(401);
});

test("the owner cannot accept their own merchant's invitation", async () => {
  const m = await createMerchant(w);
  const res = await accept((await invite(m)).body.code, m.owner.token);
  expect(res.status).toBe(409);
  expect(res.body.message).toContain('主账号');
});

test('a code accepted by two people at once makes exactly one member', async () => {
  const m = await createMerchant(w);
  const code = (await invite(m)).body.code as string;
  const people = await Promise.all(Array.from({ length: 4 }, (_, i) => createUser(w.t, `抢码${i}`)));
  const results = await Promise.all(people.map((p) => accept(code, p.token)));
  expect(results.map((r) => r.status).sort()).toEqual([200, 410, 410, 410]);
  expect((await w.t.request('GET', '/merchant/staff', mh(m))).body.items).toHaveLength(2);
});

test('staff leave on their own (X-Merchant-Id picks which); the owner cannot leave; the owner removes staff', async () => {
  const a = await createMerchant(w, 'A');
  const b = await createMerchant(w, 'B');
  const clerk = await createUser(w.t, '两家店员');
  await accept((await invite(a)).body.code, clerk.token);
  await accept((await invite(b)).body.code, clerk.token);
  expect((await w.t.request('GET', '/merchants/mine', { token: clerk.token })).body.items.map((x: any) => x.merchantId)).toEqual([a.id, b.id]);

  expect((await w.t.request('POST', '/merchant/leave', { token: clerk.token })).status).toBe(400); // which one?
  expect((await w.t.request('POST', '/merchant/leave', mh(a, clerk.token))).status).toBe(204);
  expect((await w.t.request('GET', '/merchant/products', mh(a, clerk.token))).status).toBe(403);
  expect((await w.t.request('GET', '/merchant/products', mh(b, clerk.token))).status).toBe(200);
  expect((await w.t.request('GET', '/merchant/staff', mh(a))).body.items.map((s: any) => s.userId)).toEqual([a.owner.id]);

  const ownerLeaves = await w.t.request('POST', '/merchant/leave', mh(a));
  expect(ownerLeaves.status).toBe(409);
  expect(ownerLeaves.body.message).toBe('主账号不能退出');

  expect((await w.t.request('DELETE', `/merchant/staff/${clerk.id}`, mh(b, clerk.token))).status).toBe(403);
  expect((await w.t.request('DELETE', `/merchant/staff/${clerk.id}`, mh(b))).status).toBe(200);
  expect((await w.t.request('GET', '/merchants/mine', { token: clerk.token })).body.items).toEqual([]);
  // a former member may be invited again
  expect((await accept((await invite(a)).body.code, clerk.token)).status).toBe(200);
});
