/**
 * A newcomer reaches every role (issue 15): with the sandbox as WeChat and the demo seed on (the `pnpm start`
 * defaults), the personas the sandbox lists sign in, through the product's own login, as a buyer, a
 * shopkeeper with a cloned shop, the owner of the seeded demo merchant and a platform admin.
 */
import { APP_CONFIG, type AppConfig } from '../src/config/config.js';
import { startTestApi, type TestApi } from './harness.js';

let t: TestApi;
let personas: Array<{ key: string; nickname: string; openid: string; role: string; avatarUrl: string }>;

beforeAll(async () => {
  t = await startTestApi({ sandbox: true, isolatedDatabase: true, env: { SEED_DEMO: 'auto' } });
  personas = (await t.control('GET', '/__sandbox__/personas')).body;
}, 60_000);
afterAll(() => t?.close());

async function signIn(key: string): Promise<{ token: string; user: any }> {
  const { code } = (await t.control('POST', `/__sandbox__/users/${key}/login-code`)).body;
  const res = await t.request('POST', '/auth/wechat/login', { body: { code } });
  expect(res.status).toBe(200);
  return res.body;
}
const persona = (role: string) => personas.find((p) => p.role === role)!;

test('the API derives the same persona openids as the sandbox lists', () => {
  const config = t.api.app.get<AppConfig>(APP_CONFIG);
  expect(personas.map((p) => p.role)).toEqual(['buyer', 'distributor', 'merchant', 'admin']);
  expect(config.personas).toEqual({
    buyer: persona('buyer').openid,
    shopkeeper: persona('distributor').openid,
    merchantOwner: persona('merchant').openid,
    operator: persona('admin').openid,
  });
});

test('商家 signs in as the owner of the seeded demo merchant and reaches its admin pages', async () => {
  const { token, user } = await signIn(persona('merchant').key);
  expect(user.isAdmin).toBe(false);
  expect(user.merchants).toEqual([expect.objectContaining({ name: '分享小店官方旗舰店', role: 'owner', status: 'approved' })]);
  const settings = await t.request('GET', '/merchant/settings', { token });
  expect([settings.status, settings.body.name]).toEqual([200, '分享小店官方旗舰店']);
  const products = await t.request('GET', '/merchant/products', { token });
  expect(products.body.total).toBe(10);
  expect((await t.request('GET', '/admin/merchants', { token })).status).toBe(403);
});

test('平台运营 is a platform admin; the other personas are not', async () => {
  const ops = await signIn(persona('admin').key);
  expect(ops.user.isAdmin).toBe(true);
  expect(ops.user.nickname).toBe('平台运营');
  const list = await t.request('GET', '/admin/merchants', { token: ops.token });
  expect(list.status).toBe(200);
  for (const role of ['buyer', 'distributor']) {
    const other = await signIn(persona(role).key);
    expect(other.user.isAdmin).toBe(false);
    expect((await t.request('GET', '/admin/merchants', { token: other.token })).status).toBe(403);
  }
  // an ordinary sandbox user is no admin either
  expect((await signIn('someone-else')).user.isAdmin).toBe(false);
});

test('店主 has a shop cloned from the demo merchant shop (through 一键开店), 顾客 has none', async () => {
  const keeper = await signIn(persona('distributor').key);
  expect(keeper.user).toMatchObject({ nickname: '店主', isDistributor: true, shopId: expect.any(Number) });
  const shop = await t.request('GET', '/shops/mine', { token: keeper.token });
  expect(shop.status).toBe(200);
  expect(shop.body.productIds).toHaveLength(10);
  expect(shop.body.clonedFromShopId).toEqual(expect.any(Number));
  const buyer = await signIn(persona('buyer').key);
  expect(buyer.user).toMatchObject({ nickname: '顾客', isDistributor: false, shopId: null });
});

test('persona avatars are served by the API as its own demo artwork', async () => {
  for (const p of personas) {
    const res = await fetch(`${t.url}${p.avatarUrl}`);
    expect([p.key, res.status, res.headers.get('content-type')]).toEqual([p.key, 200, 'image/svg+xml; charset=utf-8']);
  }
});

test('a second start seeds nothing twice: one demo merchant, one shop per persona', async () => {
  const { seedDemo } = await import('../src/database/seed.js');
  const { seedPersonas } = await import('../src/database/seed-personas.js');
  const config = t.api.app.get<AppConfig>(APP_CONFIG);
  expect(await seedDemo(t.ds, config.personas!.merchantOwner)).toBe(false);
  await seedPersonas(t.api.app, config.personas!);
  const [counts] = await t.ds.query(
    `SELECT (SELECT count(*) FROM merchant)::int AS merchants, (SELECT count(*) FROM shop WHERE kind = 'distributor')::int AS shops,
            (SELECT count(*) FROM app_user WHERE openid = ANY($1))::int AS personas`,
    [Object.values(config.personas!)],
  );
  expect(counts).toEqual({ merchants: 1, shops: 1, personas: 4 });
});
