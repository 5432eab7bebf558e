import { randomBytes } from 'node:crypto';
import { TeamCounters1763800700000 } from '../src/database/migrations/1763800700000-TeamCounters.js';
import { newReferralCode } from '../src/database/seed.js';
import { ReferralBindingService } from '../src/referral/referral-binding.service.js';
import type { CommerceWorld } from './commerce-fixtures.js';
import {
  clone,
  createUser,
  orderItems,
  paidOrder,
  refundOrder,
  setSettings,
  type SqlMerchant,
  sqlMerchant,
  startDistributionApi,
} from './distribution-fixtures.js';
import type { TestUser } from './fixtures.js';

/**
 * Team sizes and monthly team sales are kept figures (team_stats, team_sales_month), not counts made on
 * each request. These tests move chains and sales every way the product does — binds, last-touch
 * rebinds of users with a downline, rebinds after expiry, refusals, rolled-back bindings, clones, concurrent
 * binds, paid orders, partial and full refunds — and after each step compare the kept figures with a
 * fresh count(*) / sum over the source rows of the whole (isolated) database.
 */
let w: CommerceWorld;
let m: SqlMerchant;
type Distributor = TestUser & { shop: { id: number; referralCode: string } };
beforeAll(async () => {
  w = await startDistributionApi();
  m = await sqlMerchant(w);
});
afterAll(async () => {
  await w?.t.close();
});

const bind = (u: TestUser, body: Record<string, unknown>) => w.t.request('POST', '/referrals/bind', { token: u.token, body }).then((r) => r.body);
const distributor = async (name: string): Promise<Distributor> => {
  const u = await createUser(w.t, name);
  return { ...u, shop: await clone(w, u, m.shopId) };
};
const under = async (parent: Distributor, name: string) => {
  const d = await distributor(name);
  expect(await bind(d, { referralCode: parent.shop.referralCode })).toMatchObject({ outcome: 'bound', uplineUserId: parent.id });
  return d;
};
const counters = async (u: TestUser) => (await w.t.request('GET', '/distributors/me/team/summary', { token: u.token })).body.counts;

/** Every user whose kept team sizes differ from a fresh count(*) of the chains (empty when none drifted). */
async function teamDrift(): Promise<unknown[]> {
  return w.t.ds.query(`
    WITH fresh AS (
      SELECT v.user_id, sum(v.l1)::int AS l1, sum(v.l2)::int AS l2, sum(v.l3)::int AS l3
      FROM app_user u CROSS JOIN LATERAL (VALUES (u.upline1_id, 1, 0, 0), (u.upline2_id, 0, 1, 0), (u.upline3_id, 0, 0, 1)) v (user_id, l1, l2, l3)
      WHERE v.user_id IS NOT NULL GROUP BY v.user_id
    )
    SELECT user_id, f.l1, f.l2, f.l3, s.level1, s.level2, s.level3
    FROM fresh f FULL JOIN team_stats s USING (user_id)
    WHERE (COALESCE(f.l1, 0), COALESCE(f.l2, 0), COALESCE(f.l3, 0)) <> (COALESCE(s.level1, 0), COALESCE(s.level2, 0), COALESCE(s.level3, 0))`);
}

/** Every (user, month, level) whose kept team sales differ from a fresh sum over distribution_sale. */
async function salesDrift(): Promise<unknown[]> {
  return w.t.ds.query(`
    WITH fresh AS (
      SELECT v.user_id, date_trunc('month', s.paid_at AT TIME ZONE 'Asia/Shanghai')::date AS month, v.level,
             sum(s.paid_amount - s.refunded_amount)::bigint AS amount, count(*)::int AS orders
      FROM distribution_sale s CROSS JOIN LATERAL (VALUES (s.distributor_user_id, 0), (s.upline1_id, 1), (s.upline2_id, 2), (s.upline3_id, 3)) v (user_id, level)
      WHERE v.user_id IS NOT NULL GROUP BY 1, 2, 3
    )
    SELECT user_id, month, level, f.amount, f.orders, t.amount AS kept_amount, t.orders AS kept_orders
    FROM fresh f FULL JOIN team_sales_month t USING (user_id, month, level)
    WHERE (COALESCE(f.amount, 0), COALESCE(f.orders, 0)) <> (COALESCE(t.amount, 0), COALESCE(t.orders, 0))`);
}

test('team sizes follow binds, rebinds with a downline, expiry, refusals, rollbacks and direct writes; never drifting from count(*)', async () => {
  // R ← A ← A1 ← A1x ← A1xy, R ← B, A ← A2; S is the root of another tree
  const r = await distributor('R');
  const s = await distributor('S');
  const a = await under(r, 'A');
  const b = await under(r, 'B');
  const a1 = await under(a, 'A1');
  await under(a, 'A2');
  const a1x = await under(a1, 'A1x');
  await under(a1x, 'A1xy');
  expect(await counters(r)).toEqual({ level1: 2, level2: 2, level3: 1 });
  expect(await counters(a)).toEqual({ level1: 2, level2: 1, level3: 1 });
  expect(await teamDrift()).toEqual([]);

  // refusals and no-ops move nothing
  expect((await bind(r, { referralCode: a1x.shop.referralCode })).reason).toBe('cycle');
  expect((await bind(a, { referralCode: s.shop.referralCode })).reason).toBe('already_bound');
  expect((await bind(a, { referralCode: r.shop.referralCode })).reason).toBe('same_upline');
  expect(await teamDrift()).toEqual([]);

  await setSettings(w, { bindingMode: 'last_touch' });
  try {
    expect((await bind(a, { referralCode: a1x.shop.referralCode })).reason).toBe('cycle');
    // A moves with its three levels under its sibling B (R stays an ancestor at another depth) …
    expect(await bind(a, { referralCode: b.shop.referralCode })).toMatchObject({ outcome: 'rebound', uplineUserId: b.id });
    expect(await counters(r)).toEqual({ level1: 1, level2: 1, level3: 2 });
    expect(await counters(b)).toEqual({ level1: 1, level2: 2, level3: 1 });
    expect(await teamDrift()).toEqual([]);
    // … then into the other tree, and a level-2 member moves to the top of the first one
    expect((await bind(a, { referralCode: s.shop.referralCode })).outcome).toBe('rebound');
    expect((await bind(a1, { referralCode: r.shop.referralCode })).outcome).toBe('rebound');
    expect(await counters(r)).toEqual({ level1: 2, level2: 1, level3: 1 });
    expect(await counters(s)).toEqual({ level1: 1, level2: 1, level3: 0 });
    expect(await teamDrift()).toEqual([]);
  } finally {
    await setSettings(w, { bindingMode: 'first_touch' });
  }

  // expiry (first touch): refused while in force, rebound once expired — with A's downline following
  await setSettings(w, { bindingExpiryDays: 30 });
  try {
    expect((await bind(a, { referralCode: b.shop.referralCode })).reason).toBe('already_bound');
    await w.t.ds.query(`UPDATE app_user SET bind_expires_at = now() - interval '1 second' WHERE id = $1`, [a.id]);
    expect(await teamDrift()).toEqual([]); // an update that leaves the chain alone counts nothing
    expect(await bind(a, { referralCode: b.shop.referralCode })).toMatchObject({ outcome: 'rebound', uplineUserId: b.id });
    expect(await counters(b)).toEqual({ level1: 1, level2: 1, level3: 0 });
    expect(await counters(s)).toEqual({ level1: 0, level2: 0, level3: 0 });
    expect(await teamDrift()).toEqual([]);
  } finally {
    await setSettings(w, { bindingExpiryDays: null });
  }

  // a binding whose transaction rolls back leaves no count behind
  const service = w.t.api.app.get(ReferralBindingService);
  const late = await createUser(w.t, 'late');
  await expect(
    w.t.ds.transaction(async (em) => {
      expect((await service.bind(em, late.id, { referralCode: r.shop.referralCode, via: 'login' })).outcome).toBe('bound');
      throw new Error('login failed later');
    }),
  ).rejects.toThrow('login failed later');
  expect(await teamDrift()).toEqual([]);

  // cloning a distributor's shop binds to its owner
  const c = await createUser(w.t, 'C');
  await clone(w, c, r.shop.id);
  expect((await counters(r)).level1).toBe(3);

  // writers other than the binding service (an import, a hand repair): inserts, chain updates, deletes
  const [imported] = await w.t.ds.query(
    `INSERT INTO app_user (openid, nickname, referral_code, upline1_id, upline2_id, upline3_id, bound_at) VALUES ($1, 'imp', $2, $3, $4, $5, now()) RETURNING id`,
    [`imp_${randomBytes(5).toString('hex')}`, newReferralCode(), a1x.id, a1.id, r.id],
  );
  expect(await teamDrift()).toEqual([]);
  await w.t.ds.query('UPDATE app_user SET upline1_id = $2, upline2_id = $3, upline3_id = NULL WHERE id = $1', [imported.id, b.id, r.id]);
  expect(await teamDrift()).toEqual([]);
  await w.t.ds.query('DELETE FROM app_user WHERE id = $1', [imported.id]);
  expect(await teamDrift()).toEqual([]);
});

test('concurrent binds under the same uplines and crosswise rebinds keep exact counts', async () => {
  const top = await distributor('top');
  const mid = await under(top, 'mid');
  const fresh = await Promise.all(Array.from({ length: 16 }, (_, i) => createUser(w.t, `n${i}`)));
  const results = await Promise.all(fresh.map((u) => bind(u, { referralCode: mid.shop.referralCode })));
  expect(results.every((x) => x.outcome === 'bound')).toBe(true);
  expect(await counters(top)).toEqual({ level1: 1, level2: 16, level3: 0 });
  expect(await counters(mid)).toEqual({ level1: 16, level2: 0, level3: 0 });

  await setSettings(w, { bindingMode: 'last_touch' });
  try {
    // two subtrees swap parents while their members' own binds run
    const [p, q] = [await under(top, 'p'), await under(top, 'q')];
    const [pc, qc] = [await under(p, 'pc'), await under(q, 'qc')];
    const leaves = await Promise.all(Array.from({ length: 8 }, (_, i) => createUser(w.t, `leaf${i}`)));
    await Promise.all([
      bind(pc, { referralCode: q.shop.referralCode }),
      bind(qc, { referralCode: p.shop.referralCode }),
      bind(p, { referralCode: mid.shop.referralCode }),
      ...leaves.map((l, i) => bind(l, { referralCode: (i % 2 ? pc : qc).shop.referralCode })),
    ]);
    expect(await teamDrift()).toEqual([]);
    // the stored chains themselves stay consistent: each user's upline2/3 are their upline1's upline1/2
    const [broken] = await w.t.ds.query(
      `SELECT count(*)::int AS n FROM app_user u JOIN app_user p ON p.id = u.upline1_id
       WHERE u.upline2_id IS DISTINCT FROM p.upline1_id OR u.upline3_id IS DISTINCT FROM p.upline2_id`,
    );
    expect(broken.n).toBe(0);
  } finally {
    await setSettings(w, { bindingMode: 'first_touch' });
  }
});

describe('team sales', () => {
  test('follow paid orders and partial and full refunds at every level, per Asia/Shanghai month', async () => {
    const d0 = await distributor('d0');
    const d1 = await under(d0, 'd1');
    const d2 = await under(d1, 'd2');
    const d3 = await under(d2, 'd3');
    const buyer = await createUser(w.t, 'buyer');
    const price = m.products[0]!.price;

    const o1 = await paidOrder(w, m, buyer, d3.shop.id, d3.id); // own for d3, level 1..3 for d2, d1, d0
    const o2 = await paidOrder(w, m, buyer, d2.shop.id, d2.id);
    await paidOrder(w, m, buyer, d3.shop.id, d3.id);
    expect(await salesDrift()).toEqual([]);
    const summary = async (u: TestUser) => (await w.t.request('GET', '/distributors/me/team/summary', { token: u.token })).body;
    expect(await summary(d0)).toMatchObject({
      sales: { own: 0, level1: 0, level2: price, level3: 2 * price },
      orders: { own: 0, level1: 0, level2: 1, level3: 2 },
    });

    const [item1] = await orderItems(w, o1.id);
    await refundOrder(w, o1.id, [{ orderItemId: item1!.id, refundAmount: 1000 }]);
    expect(await salesDrift()).toEqual([]);
    const [item2] = await orderItems(w, o2.id);
    await refundOrder(w, o2.id, [{ orderItemId: item2!.id, refundAmount: item2!.paid_amount }]);
    expect(await salesDrift()).toEqual([]);
    expect(await summary(d1)).toMatchObject({ sales: { own: 0, level1: 0, level2: 2 * price - 1000, level3: 0 }, orders: { level1: 1, level2: 2 } });
    expect((await summary(d2)).sales).toEqual({ own: 0, level1: 2 * price - 1000, level2: 0, level3: 0 });

    // a sale paid in another month leaves this month's figures; a removed row leaves every figure
    await w.t.ds.query(`UPDATE distribution_sale SET paid_at = paid_at - interval '45 days' WHERE order_id = $1`, [o1.id]);
    expect(await salesDrift()).toEqual([]);
    expect((await summary(d0)).sales).toMatchObject({ level2: 0, level3: price });
    await w.t.ds.query('DELETE FROM distribution_sale WHERE order_id = $1', [o2.id]);
    expect(await salesDrift()).toEqual([]);
  });

  test('concurrent sales in one team add up exactly', async () => {
    const boss = await distributor('boss');
    const sellers = await Promise.all(Array.from({ length: 4 }, (_, i) => under(boss, `s${i}`)));
    const [{ base }] = await w.t.ds.query('SELECT COALESCE(max(order_id), 0) + 1000000 AS base FROM distribution_sale');
    // separate transactions on separate pooled connections, all upserting boss's level-1 row at once
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        w.t.ds.query(
          `INSERT INTO distribution_sale (order_id, merchant_id, distributor_user_id, upline1_id, paid_amount, paid_at) VALUES ($1, $2, $3, $4, 100, now())`,
          [Number(base) + i, m.id, sellers[i % 4]!.id, boss.id],
        ),
      ),
    );
    expect(await salesDrift()).toEqual([]);
    const body = (await w.t.request('GET', '/distributors/me/team/summary', { token: boss.token })).body;
    expect(body).toMatchObject({ counts: { level1: 4, level2: 0, level3: 0 }, sales: { level1: 2400 }, orders: { level1: 24 } });
  });
});

test('the migration backfills team sizes and sales from existing rows', async () => {
  // run the migration again over the data the other tests left: its backfill must equal fresh counts
  const runner = w.t.ds.createQueryRunner();
  try {
    const migration = new TeamCounters1763800700000();
    await runner.startTransaction();
    await migration.down(runner);
    await migration.up(runner);
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
  const [{ n }] = await w.t.ds.query('SELECT count(*)::int AS n FROM team_stats WHERE level1 > 0');
  const [{ sales }] = await w.t.ds.query('SELECT count(*)::int AS sales FROM team_sales_month WHERE orders > 0');
  expect({ n: n > 5, sales: sales > 5 }).toEqual({ n: true, sales: true });
  expect(await teamDrift()).toEqual([]);
  expect(await salesDrift()).toEqual([]);
});
