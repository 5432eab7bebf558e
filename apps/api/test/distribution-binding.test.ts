import { LoginReferralBinding } from '../src/referral/login-binding.js';
import { ReferralBindingService } from '../src/referral/referral-binding.service.js';
import type { CommerceWorld } from './commerce-fixtures.js';
import { clone, createUser, setSettings, sqlMerchant, startDistributionApi } from './distribution-fixtures.js';
import type { TestUser } from './fixtures.js';

let w: CommerceWorld;
let shopOf: (u: TestUser) => Promise<{ id: number; referralCode: string }>;
beforeAll(async () => {
  w = await startDistributionApi();
  const m = await sqlMerchant(w);
  shopOf = (u) => clone(w, u, m.shopId);
});
afterAll(async () => {
  await w?.t.close();
});

const bind = (u: TestUser, body: Record<string, unknown>) => w.t.request('POST', '/referrals/bind', { token: u.token, body }).then((r) => r.body);
const chain = async (u: TestUser) => (await w.t.ds.query('SELECT upline1_id AS u1, upline2_id AS u2, upline3_id AS u3 FROM app_user WHERE id = $1', [u.id]))[0];
const distributor = async (name: string) => {
  const u = await createUser(w.t, name);
  return { ...u, shop: await shopOf(u) };
};

test('first touch (default): the first referrer wins; later touches are refused and logged', async () => {
  const [a, b] = [await distributor('A'), await distributor('B')];
  const c = await createUser(w.t, 'C');
  expect(await bind(c, { referralCode: a.shop.referralCode })).toEqual({ outcome: 'bound', reason: null, uplineUserId: a.id });
  expect(await bind(c, { shopId: b.shop.id })).toEqual({ outcome: 'refused', reason: 'already_bound', uplineUserId: a.id });
  expect(await bind(c, { referralCode: a.shop.referralCode.toLowerCase() })).toMatchObject({ outcome: 'unchanged', reason: 'same_upline' });
  const log = await w.t.ds.query('SELECT via, outcome, reason, candidate_user_id FROM referral_binding_log WHERE user_id = $1 ORDER BY id', [c.id]);
  expect(log).toEqual([
    { via: 'explicit', outcome: 'bound', reason: null, candidate_user_id: a.id },
    { via: 'explicit', outcome: 'refused', reason: 'already_bound', candidate_user_id: b.id },
    { via: 'explicit', outcome: 'unchanged', reason: 'same_upline', candidate_user_id: a.id },
  ]);
  expect((await w.t.request('POST', '/referrals/bind', { token: c.token, body: {} })).body.message).toMatch(/^referralCode:/);
});

test('self-binding and cycles (also deeper than the stored three levels) are refused', async () => {
  const chainUsers: Array<TestUser & { shop: { id: number; referralCode: string } }> = [];
  for (let i = 0; i < 6; i++) {
    const u = await distributor(`L${i}`);
    if (i > 0) expect((await bind(u, { referralCode: chainUsers[i - 1]!.shop.referralCode })).outcome).toBe('bound');
    chainUsers.push(u);
  }
  const [top, l1, , , , l5] = chainUsers as [(typeof chainUsers)[0], (typeof chainUsers)[0], unknown, unknown, unknown, (typeof chainUsers)[0]];
  expect(await bind(top, { referralCode: top.shop.referralCode })).toMatchObject({ outcome: 'refused', reason: 'self' });
  expect(await bind(top, { shopId: top.shop.id })).toMatchObject({ outcome: 'refused', reason: 'self' });
  expect(await bind(top, { referralCode: l1.shop.referralCode })).toMatchObject({ outcome: 'refused', reason: 'cycle' });
  // L5 is five levels below the top: its stored chain no longer names the top, the walk along upline3 does
  expect(await bind(top, { referralCode: l5.shop.referralCode })).toMatchObject({ outcome: 'refused', reason: 'cycle' });
  expect(await chain(top)).toEqual({ u1: null, u2: null, u3: null });
  expect(await chain(l5)).toEqual({ u1: chainUsers[4]!.id, u2: chainUsers[3]!.id, u3: chainUsers[2]!.id });
});

test('unknown codes and non-distributor referrers are refused', async () => {
  const u = await createUser(w.t);
  const consumer = await createUser(w.t);
  const [{ referral_code }] = await w.t.ds.query('SELECT referral_code FROM app_user WHERE id = $1', [consumer.id]);
  expect(await bind(u, { referralCode: 'ZZZZ9999' })).toMatchObject({ outcome: 'refused', reason: 'unknown_referral_code' });
  expect(await bind(u, { referralCode: referral_code })).toMatchObject({ outcome: 'refused', reason: 'referrer_not_distributor' });
  expect(await bind(u, { shopId: 999_999_999 })).toMatchObject({ outcome: 'refused', reason: 'unknown_shop' });
});

test('registration only: binds at the login that created the account, never later', async () => {
  await setSettings(w, { bindingMode: 'registration_only' });
  try {
    const a = await distributor('RA');
    const hooks = w.t.api.app.get(LoginReferralBinding);
    const fresh = await createUser(w.t);
    await hooks.afterLogin(fresh.id, true, { scene: `s=${a.shop.id.toString(36)}&r=${a.shop.referralCode}` });
    expect((await chain(fresh)).u1).toBe(a.id);
    const old = await createUser(w.t);
    await hooks.afterLogin(old.id, false, { ref: a.shop.referralCode });
    expect((await chain(old)).u1).toBeNull();
    expect(await bind(old, { referralCode: a.shop.referralCode })).toMatchObject({ outcome: 'refused', reason: 'not_at_registration' });
    const [log] = await w.t.ds.query(`SELECT via, reason FROM referral_binding_log WHERE user_id = $1`, [old.id]);
    expect(log).toEqual({ via: 'login', reason: 'not_at_registration' });
  } finally {
    await setSettings(w, { bindingMode: 'first_touch' });
  }
});

test('last touch: rebinding moves the user and rewrites the chains stored on their downline', async () => {
  await setSettings(w, { bindingMode: 'last_touch' });
  try {
    const [x, y, p, q] = [await distributor('X'), await distributor('Y'), await distributor('P'), await distributor('Q')];
    await bind(y, { referralCode: x.shop.referralCode }); // X ← Y
    await bind(q, { referralCode: p.shop.referralCode }); // P ← Q
    const d1 = await distributor('D1');
    await bind(d1, { referralCode: q.shop.referralCode }); // Q ← D1
    const d2 = await distributor('D2');
    await bind(d2, { referralCode: d1.shop.referralCode }); // D1 ← D2
    const d3 = await createUser(w.t, 'D3');
    await bind(d3, { referralCode: d2.shop.referralCode }); // D2 ← D3
    expect(await chain(d3)).toEqual({ u1: d2.id, u2: d1.id, u3: q.id });

    expect(await bind(q, { referralCode: y.shop.referralCode })).toEqual({ outcome: 'rebound', reason: null, uplineUserId: y.id });
    expect(await chain(q)).toEqual({ u1: y.id, u2: x.id, u3: null });
    expect(await chain(d1)).toEqual({ u1: q.id, u2: y.id, u3: x.id });
    expect(await chain(d2)).toEqual({ u1: d1.id, u2: q.id, u3: y.id });
    expect(await chain(d3)).toEqual({ u1: d2.id, u2: d1.id, u3: q.id });
    const [log] = await w.t.ds.query(`SELECT outcome, previous_upline_id FROM referral_binding_log WHERE user_id = $1 ORDER BY id DESC LIMIT 1`, [q.id]);
    expect(log).toEqual({ outcome: 'rebound', previous_upline_id: p.id });
    // and still no cycles: Y may not move under its own downline
    expect(await bind(y, { referralCode: d2.shop.referralCode })).toMatchObject({ outcome: 'refused', reason: 'cycle' });
  } finally {
    await setSettings(w, { bindingMode: 'first_touch' });
  }
});

test('binding expiry: after it, a new touch may replace the binding (first touch mode)', async () => {
  await setSettings(w, { bindingExpiryDays: 30 });
  try {
    const [a, b] = [await distributor('EA'), await distributor('EB')];
    const u = await createUser(w.t);
    await bind(u, { referralCode: a.shop.referralCode });
    const [row] = await w.t.ds.query('SELECT bind_expires_at - bound_at AS span FROM app_user WHERE id = $1', [u.id]);
    expect(row.span.days).toBe(30);
    expect((await bind(u, { referralCode: b.shop.referralCode })).reason).toBe('already_bound');
    await w.t.ds.query(`UPDATE app_user SET bind_expires_at = now() - interval '1 second' WHERE id = $1`, [u.id]);
    expect(await bind(u, { referralCode: b.shop.referralCode })).toMatchObject({ outcome: 'rebound', uplineUserId: b.id });
  } finally {
    await setSettings(w, { bindingExpiryDays: null });
  }
});

test('concurrent opposite bindings cannot create a cycle', async () => {
  for (let i = 0; i < 5; i++) {
    const [a, b] = [await distributor(`CA${i}`), await distributor(`CB${i}`)];
    const results = await Promise.all([bind(a, { referralCode: b.shop.referralCode }), bind(b, { referralCode: a.shop.referralCode })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['bound', 'refused']);
  }
});

test('concurrent bindings cannot close a longer cycle either (X1 under Y while Y under X2, X2 under X1)', async () => {
  for (let i = 0; i < 5; i++) {
    const [x1, x2, y] = [await distributor(`CX1${i}`), await distributor(`CX2${i}`), await distributor(`CY${i}`)];
    expect((await bind(x2, { referralCode: x1.shop.referralCode })).outcome).toBe('bound');
    const results = await Promise.all([bind(x1, { referralCode: y.shop.referralCode }), bind(y, { referralCode: x2.shop.referralCode })]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['bound', 'refused']);
    expect(results.find((r) => r.outcome === 'refused')!.reason).toBe('cycle');
  }
});

test('bindings in unrelated parts of the tree do not queue behind one another', async () => {
  const [a, b, c, d] = [await distributor('QA'), await distributor('QB'), await distributor('QC'), await distributor('QD')];
  const service = w.t.api.app.get(ReferralBindingService);
  let finish!: () => void;
  let bound!: () => void;
  const holding = new Promise<void>((resolve) => (bound = resolve));
  // a login binding a→b whose transaction is still open (the login goes on to do other work)
  const open = w.t.ds.transaction(async (em) => {
    await service.bind(em, a.id, { referralCode: b.shop.referralCode, via: 'login' });
    bound();
    await new Promise<void>((resolve) => (finish = resolve));
  });
  await holding;
  try {
    const unrelated = await Promise.race([
      bind(c, { referralCode: d.shop.referralCode }),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3_000)),
    ]);
    expect(unrelated).toEqual({ outcome: 'bound', reason: null, uplineUserId: d.id });
  } finally {
    finish();
    await open;
  }
  expect((await chain(a)).u1).toBe(b.id);
});

test('the binding service takes the caller transaction (login binds in its own)', async () => {
  const a = await distributor('TX');
  const u = await createUser(w.t);
  const service = w.t.api.app.get(ReferralBindingService);
  await expect(
    w.t.ds.transaction(async (em) => {
      await service.bind(em, u.id, { referralCode: a.shop.referralCode, via: 'login' });
      throw new Error('login failed later');
    }),
  ).rejects.toThrow('login failed later');
  expect((await chain(u)).u1).toBeNull();
});

describe('team', () => {
  test('lists each level from the stored chain, paged, with counts and a summary', async () => {
    const boss = await distributor('Boss');
    const kids = [];
    for (let i = 0; i < 3; i++) {
      const k = await distributor(`K${i}`);
      await bind(k, { referralCode: boss.shop.referralCode });
      kids.push(k);
    }
    const grand = await distributor('G');
    await bind(grand, { referralCode: kids[0]!.shop.referralCode });
    const great = await createUser(w.t, 'GG');
    await bind(great, { referralCode: grand.shop.referralCode });

    const page1 = await w.t.request('GET', '/distributors/me/team?level=1&pageSize=2', { token: boss.token });
    expect(page1.body).toMatchObject({ level: 1, total: 3, page: 1, pageSize: 2, counts: { level1: 3, level2: 1, level3: 1 } });
    expect(page1.body.items.map((i: { userId: number }) => i.userId)).toEqual([kids[2]!.id, kids[1]!.id]);
    // level 3 is listed only when the platform pays three levels, and then masked (team-visibility.test.ts)
    await setSettings(w, { commissionLevels: 3, acknowledgeMultiLevelRisk: true });
    const l3 = await w.t.request('GET', '/distributors/me/team?level=3', { token: boss.token });
    await setSettings(w, { commissionLevels: 1 });
    expect(l3.body.items).toEqual([expect.objectContaining({ userId: great.id, nickname: 'G**', avatarUrl: null, isDistributor: false })]);
    expect((await w.t.request('GET', '/distributors/me/team?level=4', { token: boss.token })).body.message).toMatch(/^level:/);
    const summary = await w.t.request('GET', '/distributors/me/team/summary', { token: boss.token });
    expect(summary.body).toMatchObject({ counts: { level1: 3, level2: 1, level3: 1 }, sales: { own: 0, level1: 0, level2: 0, level3: 0 } });
    expect(summary.body.month).toMatch(/^\d{4}-\d{2}$/);
  });

  test('team reads use the chain indexes, no recursion', async () => {
    await w.t.ds.query('ANALYZE app_user');
    const plan = await w.t.ds.query(`EXPLAIN SELECT id FROM app_user WHERE upline2_id = 1 ORDER BY bound_at DESC, id DESC LIMIT 20`);
    const text = plan.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
    await w.t.ds.query('SET enable_seqscan = off');
    const forced = (await w.t.ds.query(`EXPLAIN SELECT id FROM app_user WHERE upline2_id = 1 ORDER BY bound_at DESC, id DESC LIMIT 20`))
      .map((r: Record<string, string>) => r['QUERY PLAN'])
      .join('\n');
    await w.t.ds.query('RESET enable_seqscan');
    expect(text + forced).toMatch(/app_user_team2/);
  });
});
