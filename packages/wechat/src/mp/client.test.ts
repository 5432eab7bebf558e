import { MiniProgramError, QrSceneError } from '../errors.js';
import { configFor } from '../test-support/env.js';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../test-support/fake-server.js';
import { makeWorld } from '../test-support/keys.js';
import { MiniProgramClient } from './client.js';

const w = makeWorld();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
let server: FakeServer;
let route: (req: FakeRequest) => FakeReply;
let tokenSeq = 0;

beforeAll(async () => {
  server = await startFakeServer((req) => {
    if (req.url === '/cgi-bin/stable_token') return { body: { access_token: `TOKEN${++tokenSeq}`, expires_in: 7200 } };
    return route(req);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const mp = () => new MiniProgramClient(configFor(w, server.baseUrl));

describe('MiniProgramClient (against a fake server)', () => {
  it('code2Session sends appid/secret/js_code and maps the answer', async () => {
    route = () => ({ body: { openid: 'oUser1', session_key: 'SK==', unionid: 'uUnion1' } });
    expect(await mp().code2Session('CODE1')).toEqual({ openid: 'oUser1', sessionKey: 'SK==', unionid: 'uUnion1' });
    const u = new URL(server.requests[0]!.url, 'http://x');
    expect(u.pathname).toBe('/sns/jscode2session');
    expect(Object.fromEntries(u.searchParams)).toEqual({ appid: w.appid, secret: w.appSecret, js_code: 'CODE1', grant_type: 'authorization_code' });
  });

  it('code2Session raises a typed error with errcode', async () => {
    route = () => ({ body: { errcode: 40029, errmsg: 'invalid code' } });
    const err = await mp()
      .code2Session('BAD')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiniProgramError);
    expect(err).toMatchObject({ errcode: 40029, kind: 'invalid_code', retryable: false });
  });

  it('stable_token is fetched once for concurrent callers', async () => {
    route = () => ({ body: PNG, headers: { 'Content-Type': 'image/png' } });
    const c = mp();
    await Promise.all(Array.from({ length: 5 }, (_, i) => c.getUnlimitedQrCode({ scene: `s=${i}` })));
    expect(server.requests.filter((r) => r.url === '/cgi-bin/stable_token')).toHaveLength(1);
    expect(JSON.parse(server.requests.find((r) => r.url === '/cgi-bin/stable_token')!.body)).toEqual({
      grant_type: 'client_credential',
      appid: w.appid,
      secret: w.appSecret,
      force_refresh: false,
    });
    expect(c.tokens.fetchCount).toBe(1);
  });

  it('retries once with a fresh token on 40001', async () => {
    let calls = 0;
    route = () => (++calls === 1 ? { body: { errcode: 40001, errmsg: 'invalid credential' } } : { body: { errcode: 0, errmsg: 'ok' } });
    const c = mp();
    await c.sendSubscribeMessage({
      toOpenid: 'oUser1',
      templateId: 'TPL',
      page: 'pages/order/detail?id=1',
      data: { thing1: '订单已发货', amount2: { value: '¥12.34' } },
    });
    const sends = server.requests.filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send'));
    expect(sends).toHaveLength(2);
    expect(sends[0]!.url).not.toBe(sends[1]!.url); // different access_token
    expect(JSON.parse(sends[1]!.body)).toMatchObject({
      touser: 'oUser1',
      template_id: 'TPL',
      data: { thing1: { value: '订单已发货' }, amount2: { value: '¥12.34' } },
    });
    expect(c.tokens.fetchCount).toBe(2);
  });

  it('does not retry twice: a second 42001 surfaces', async () => {
    route = () => ({ body: { errcode: 42001, errmsg: 'access_token expired' } });
    await expect(mp().sendSubscribeMessage({ toOpenid: 'o', templateId: 'T', data: {} })).rejects.toMatchObject({ errcode: 42001, kind: 'invalid_token' });
    expect(server.requests.filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send'))).toHaveLength(2);
  });

  it('maps 43101 (user not subscribed)', async () => {
    route = () => ({ body: { errcode: 43101, errmsg: 'user refuse to accept the msg' } });
    await expect(mp().sendSubscribeMessage({ toOpenid: 'o', templateId: 'T', data: {} })).rejects.toMatchObject({ kind: 'user_not_subscribed' });
  });

  it('getUnlimitedQrCode returns PNG bytes and sends WeChat field names', async () => {
    route = () => ({ body: PNG, headers: { 'Content-Type': 'image/png' } });
    const png = await mp().getUnlimitedQrCode({ scene: 's=AbC12&r=x9', page: 'pages/shop/index', checkPath: false, envVersion: 'trial', width: 430 });
    expect(png.equals(PNG)).toBe(true);
    const req = server.requests.find((r) => r.url.startsWith('/wxa/getwxacodeunlimit'))!;
    expect(JSON.parse(req.body)).toEqual({ scene: 's=AbC12&r=x9', page: 'pages/shop/index', check_path: false, env_version: 'trial', width: 430 });
  });

  it.each([
    ['x'.repeat(33), 'too_long'],
    ['shop=中文', 'illegal_characters'],
    ['a b', 'illegal_characters'],
    ['', 'empty'],
  ])('refuses scene %j locally (%s) without calling WeChat', async (scene, why) => {
    route = () => ({ body: PNG });
    const err = await mp()
      .getUnlimitedQrCode({ scene })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QrSceneError);
    expect((err as QrSceneError).reason).toBe(why);
    expect(server.requests).toHaveLength(0);
  });

  it('accepts exactly 32 characters', async () => {
    route = () => ({ body: PNG, headers: { 'Content-Type': 'image/png' } });
    await expect(mp().getUnlimitedQrCode({ scene: 'a'.repeat(32) })).resolves.toBeInstanceOf(Buffer);
  });

  it.each([
    [40169, 'invalid_scene'],
    [41030, 'invalid_page'],
  ])('maps errcode %i from getwxacodeunlimit to %s', async (errcode, kind) => {
    route = () => ({ body: { errcode, errmsg: 'x' }, headers: { 'Content-Type': 'application/json; encoding=utf-8' } });
    await expect(mp().getUnlimitedQrCode({ scene: 'ok', page: 'pages/nope/index' })).rejects.toMatchObject({ errcode, kind });
  });
});
