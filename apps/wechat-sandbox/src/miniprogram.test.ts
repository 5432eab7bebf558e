import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import type { RunningSandbox } from './types.js';
import { control, get, post, start } from './testing/helpers.js';

// jsqr is CommonJS: its callable may sit on module.exports or on .default depending on the loader.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as typeof jsQRModule.default;

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());
beforeEach(() => control(sb, 'POST', '/reset'));

const session = (code: string, over: Record<string, string> = {}) => {
  const q = new URLSearchParams({ appid: sb.credentials.appid, secret: sb.credentials.appSecret, js_code: code, grant_type: 'authorization_code', ...over });
  return get(sb, `/sns/jscode2session?${q}`);
};
const token = async (): Promise<string> => {
  const r = await get(sb, `/cgi-bin/token?grant_type=client_credential&appid=${sb.credentials.appid}&secret=${sb.credentials.appSecret}`);
  return r.json.access_token;
};

describe('jscode2session', () => {
  it('exchanges a code once for a stable openid/unionid per named user', async () => {
    const a = (await control(sb, 'POST', '/users/alice/login-code')).json;
    const r = await session(a.code);
    expect(r.json).toEqual({ openid: a.openid, unionid: a.unionid, session_key: expect.any(String) });
    expect(Buffer.from(r.json.session_key, 'base64')).toHaveLength(16);
    expect(a.openid).toMatch(/^o[\w-]{27}$/);
    const again = (await control(sb, 'POST', '/users/alice/login-code')).json;
    expect(again.openid).toBe(a.openid);
    expect(again.code).not.toBe(a.code);
    const bob = (await control(sb, 'POST', '/users/bob/login-code')).json;
    expect(bob.openid).not.toBe(a.openid);
    expect(bob.unionid).not.toBe(a.unionid);

    const reused = await session(a.code);
    expect(reused.json.errcode).toBe(40163);
  });

  it('rejects unknown and expired codes (5 minutes) and wrong app credentials', async () => {
    expect((await session('nope')).json.errcode).toBe(40029);
    const fresh = (await control(sb, 'POST', '/users/alice/login-code')).json;
    const old = (await control(sb, 'POST', '/users/alice/login-code')).json;
    await control(sb, 'POST', '/clock', { advanceSeconds: 299 });
    expect((await session(fresh.code)).json.openid).toBe(fresh.openid);
    await control(sb, 'POST', '/clock', { advanceSeconds: 2 });
    expect((await session(old.code)).json.errcode).toBe(40029);
    const c = (await control(sb, 'POST', '/users/alice/login-code')).json;
    expect((await session(c.code, { appid: 'wx0000000000000000' })).json.errcode).toBe(40013);
    expect((await session(c.code, { secret: 'bad' })).json.errcode).toBe(40125);
    // a rejected attempt does not burn the code
    expect((await session(c.code)).json.openid).toBe(c.openid);
  });
});

describe('access tokens', () => {
  it('issues tokens that other APIs accept, and expire after 7200 s', async () => {
    const r = await get(sb, `/cgi-bin/token?grant_type=client_credential&appid=${sb.credentials.appid}&secret=${sb.credentials.appSecret}`);
    expect(r.json).toEqual({ access_token: expect.any(String), expires_in: 7200 });
    const bob = (await control(sb, 'POST', '/users/bob/login-code')).json;
    const send = (t: string) =>
      post(sb, `/cgi-bin/message/subscribe/send?access_token=${t}`, { touser: bob.openid, template_id: 'TPL1', data: { thing1: { value: '订单已发货' } } });
    expect((await send(r.json.access_token)).json).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await control(sb, 'GET', '/messages')).json).toHaveLength(1);
    expect((await send('forged')).json.errcode).toBe(40001);
    await control(sb, 'POST', '/clock', { advanceSeconds: 7201 });
    expect((await send(r.json.access_token)).json.errcode).toBe(42001);
  });

  it('stable_token returns the same token until force_refresh', async () => {
    const body = { grant_type: 'client_credential', appid: sb.credentials.appid, secret: sb.credentials.appSecret };
    const a = (await post(sb, '/cgi-bin/stable_token', body)).json;
    const b = (await post(sb, '/cgi-bin/stable_token', body)).json;
    expect(b.access_token).toBe(a.access_token);
    const c = (await post(sb, '/cgi-bin/stable_token', { ...body, force_refresh: true })).json;
    expect(c.access_token).not.toBe(a.access_token);
    expect(c.expires_in).toBe(7200);
    expect((await post(sb, '/cgi-bin/stable_token', { ...body, secret: 'x' })).json.errcode).toBe(40125);
  });
});

describe('getwxacodeunlimit', () => {
  it('returns a PNG QR code that decodes to page and scene', async () => {
    const t = await token();
    const res = await fetch(`${sb.baseUrl}/wxa/getwxacodeunlimit?access_token=${t}`, {
      method: 'POST',
      body: JSON.stringify({ scene: 's=Ab3x&r=K9', page: 'pages/shop/index', check_path: true, env_version: 'release', width: 430 }),
    });
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await res.arrayBuffer()));
    const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(code).not.toBeNull();
    const url = new URL(code!.data);
    expect(url.searchParams.get('page')).toBe('pages/shop/index');
    expect(url.searchParams.get('scene')).toBe('s=Ab3x&r=K9');
  });

  it('40169 for scenes over 32 chars or with disallowed characters; 41030 for unknown pages', async () => {
    const t = await token();
    const call = (b: unknown) => post(sb, `/wxa/getwxacodeunlimit?access_token=${t}`, b);
    expect((await call({ scene: 'a'.repeat(33), page: 'pages/shop/index' })).json.errcode).toBe(40169);
    expect((await call({ scene: 'a'.repeat(32), page: 'pages/shop/index' })).status).toBe(200);
    expect((await call({ scene: 'ref=中文', page: 'pages/shop/index' })).json.errcode).toBe(40169);
    expect((await call({ scene: 'a b', page: 'pages/shop/index' })).json.errcode).toBe(40169);
    expect((await call({ scene: 'ok', page: 'pages/secret/index' })).json.errcode).toBe(41030);
    expect((await call({ scene: 'ok', page: '/pages/shop/index' })).json.errcode).toBe(41030);
    // check_path false allows unpublished pages
    const unchecked = await call({ scene: 'ok', page: 'pages/secret/index', check_path: false });
    expect(unchecked.json).toBeUndefined(); // binary PNG, not JSON
    await control(sb, 'PUT', '/pages', { pages: ['pages/secret/index'] });
    expect((await call({ scene: 'ok', page: 'pages/secret/index' })).json).toBeUndefined();
    expect((await call({ scene: 'ok', page: 'pages/shop/index' })).json.errcode).toBe(41030);
    expect((await post(sb, '/wxa/getwxacodeunlimit', { scene: 'ok' })).json.errcode).toBe(41001);
  });
});
