import { startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { LedgerService } from '../../apps/api/src/ledger/ledger.service.js';
// @ts-expect-error plain ESM script without types (scripts/ is not a TypeScript package)
import { runDemoStory } from '../../scripts/demo-story.mjs';

/**
 * The demo story `pnpm start` plays (issue 15: 店主 has "a cloned shop and some sales history"), against the
 * API as `pnpm start` runs it (sandbox as WeChat, demo seed on): afterwards 店主's distributor centre shows
 * the orders and pending commission, the books balance, and a second run (a restart) adds nothing.
 */
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ sandbox: true, isolatedDatabase: true, env: { SEED_DEMO: 'auto' } });
}, 60_000);
afterAll(() => t?.close());

async function signIn(key: string): Promise<{ token: string; user: any }> {
  const { code } = (await t.control('POST', `/__sandbox__/users/${key}/login-code`)).body;
  return (await t.request('POST', '/auth/wechat/login', { body: { code } })).body;
}

test('店主 has paid orders and pending commission after the story; the ledger balances; a second run adds nothing', async () => {
  const story = { apiUrl: t.url, sandboxUrl: t.sandbox!.baseUrl };
  expect(await runDemoStory(story)).toEqual({ placed: 3 });

  const keeper = await signIn('shopkeeper');
  const orders = await t.request('GET', '/shops/mine/orders?pageSize=20', { token: keeper.token });
  expect(orders.body.total).toBe(3);
  expect(orders.body.items.every((o: any) => o.paidAmount > 0 && o.commission > 0 && o.commissionStatus === 'pending')).toBe(true);
  expect(orders.body.items.map((o: any) => o.status).sort()).toEqual(['paid', 'paid', 'received']);
  const earnings = (await t.request('GET', '/distributors/me/earnings', { token: keeper.token })).body;
  expect(earnings.pending).toBe(orders.body.items.reduce((sum: number, o: any) => sum + o.commission, 0));

  // 顾客 bought in 店主's shop as a shopper: bound to 店主 under the default binding mode
  const buyer = await signIn('buyer');
  const [bound] = await t.ds.query('SELECT upline1_id FROM app_user WHERE id = $1', [buyer.user.id]);
  expect(bound.upline1_id).toBe(keeper.user.id);

  const ledger = t.api.app.get(LedgerService);
  expect(await ledger.total(t.ds.manager)).toBe(0);
  const [{ unbalanced }] = await t.ds.query(
    'SELECT count(*)::int AS unbalanced FROM (SELECT posting_id FROM ledger_entry GROUP BY posting_id HAVING SUM(amount) <> 0) x',
  );
  expect(unbalanced).toBe(0);

  expect(await runDemoStory(story)).toEqual({ placed: 0, skipped: '店主 already has sales' });
  const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM "order"`);
  expect(n).toBe(3);
}, 90_000);

test('without the demo seed (no shop for 店主) the story does nothing and says why', async () => {
  const bare = await startTestApi({ sandbox: true, isolatedDatabase: true, env: { SEED_DEMO: 'never' } });
  try {
    const result = await runDemoStory({ apiUrl: bare.url, sandboxUrl: bare.sandbox!.baseUrl });
    expect(result).toEqual({ placed: 0, skipped: expect.stringContaining('店主 has no shop') });
    const [{ n }] = await bare.ds.query(`SELECT count(*)::int AS n FROM "order"`);
    expect(n).toBe(0);
  } finally {
    await bare.close();
  }
}, 60_000);
