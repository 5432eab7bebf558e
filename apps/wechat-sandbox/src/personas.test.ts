import type { RunningSandbox } from './types.js';
import { control, get, start } from './testing/helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

describe('GET /__sandbox__/personas', () => {
  it('lists one named person per role, with the openid their login code signs in as', async () => {
    const personas = (await control(sb, 'GET', '/personas')).json;
    expect(personas.map((p: any) => [p.key, p.nickname, p.role])).toEqual([
      ['buyer', '顾客', 'buyer'],
      ['shopkeeper', '店主', 'distributor'],
      ['merchant-owner', '商家', 'merchant'],
      ['operator', '平台运营', 'admin'],
    ]);
    for (const p of personas) {
      // avatars are the API's own artwork paths, which its URL rules accept
      expect(p.avatarUrl).toMatch(/^\/static\/demo\/avatar-[a-z-]+\.svg$/);
      const login = (await control(sb, 'POST', `/users/${p.key}/login-code`)).json;
      expect(login.openid).toBe(p.openid);
      const q = new URLSearchParams({ appid: sb.credentials.appid, secret: sb.credentials.appSecret, js_code: login.code, grant_type: 'authorization_code' });
      expect((await get(sb, `/sns/jscode2session?${q}`)).json.openid).toBe(p.openid);
    }
  });

  it('keeps the same openids across a reset (the seed ties accounts to them)', async () => {
    const before = (await control(sb, 'GET', '/personas')).json;
    await control(sb, 'POST', '/reset');
    expect((await control(sb, 'GET', '/personas')).json).toEqual(before);
  });
});
