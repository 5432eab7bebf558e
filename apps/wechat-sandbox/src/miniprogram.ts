import { createHash, randomBytes } from 'node:crypto';
import { isObj, json, mpError, type Ctx, type Reply } from './http.js';
import { randomAlnum } from './ids.js';
import { qrPng } from './qrpng.js';
import type { Sandbox } from './sandbox.js';
import type { TestUser } from './state.js';

export const CODE_TTL_S = 300;
export const TOKEN_TTL_S = 7200;
/** After a new ordinary token is issued, the previous one keeps working for 5 minutes (as on WeChat). */
export const OLD_TOKEN_GRACE_S = 300;
/** Characters WeChat accepts in a mini program code scene. */
export const SCENE_RE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;
export const WXACODE_PAYLOAD_BASE = 'https://sandbox.shareshop.local/wxacode';

function idFor(kind: string, appid: string, name: string): string {
  const h = createHash('sha256').update(`${kind}:${appid}:${name}`).digest('base64url');
  return `o${h.slice(0, 27).replace(/^[-_]/, 'A')}`;
}

/** A named test user gets the same openid/unionid every time (per appid). */
export function testUser(sb: Sandbox, name: string): TestUser {
  let u = sb.state.users.get(name);
  if (!u) {
    u = { name, openid: idFor('openid', sb.creds.appid, name), unionid: idFor('unionid', sb.creds.appid, name) };
    sb.state.users.set(name, u);
  }
  return u;
}

export function issueLoginCode(sb: Sandbox, name: string): { code: string; openid: string; unionid: string } {
  const u = testUser(sb, name);
  const code = randomAlnum(32);
  sb.state.codes.set(code, { code, user: name, issuedAt: sb.clock.now() });
  return { code, openid: u.openid, unionid: u.unionid };
}

export function knownOpenid(sb: Sandbox, openid: string): boolean {
  for (const u of sb.state.users.values()) if (u.openid === openid) return true;
  return false;
}

function checkAppCredentials(sb: Sandbox, appid: string | null, secret: string | null): Reply | null {
  if (appid !== sb.creds.appid) return mpError(40013, 'invalid appid');
  if (secret !== sb.creds.appSecret) return mpError(40125, 'invalid appsecret');
  return null;
}

function jscode2session(sb: Sandbox, ctx: Ctx): Reply {
  const q = ctx.query;
  const bad = checkAppCredentials(sb, q.get('appid'), q.get('secret'));
  if (bad) return bad;
  if (q.get('grant_type') !== 'authorization_code') return mpError(40002, 'invalid grant_type');
  const jsCode = q.get('js_code');
  if (!jsCode) return mpError(41008, 'missing code');
  const c = sb.state.codes.get(jsCode);
  if (!c || sb.clock.now() - c.issuedAt > CODE_TTL_S * 1000) return mpError(40029, 'invalid code');
  if (c.usedAt !== undefined) return mpError(40163, 'code been used');
  c.usedAt = sb.clock.now();
  const u = testUser(sb, c.user);
  return json(200, { session_key: randomBytes(16).toString('base64'), openid: u.openid, unionid: u.unionid });
}

function newToken(sb: Sandbox, stable: boolean): string {
  const token = `SANDBOX_${randomAlnum(120)}`;
  sb.state.tokens.set(token, { token, expiresAt: sb.clock.now() + TOKEN_TTL_S * 1000, stable });
  return token;
}

function tokenReply(sb: Sandbox, token: string): Reply {
  const t = sb.state.tokens.get(token)!;
  return json(200, { access_token: token, expires_in: Math.max(0, Math.round((t.expiresAt - sb.clock.now()) / 1000)) });
}

function getToken(sb: Sandbox, ctx: Ctx): Reply {
  const q = ctx.query;
  if (q.get('grant_type') !== 'client_credential') return mpError(40002, 'invalid grant_type');
  const bad = checkAppCredentials(sb, q.get('appid'), q.get('secret'));
  if (bad) return bad;
  const now = sb.clock.now();
  const prev = sb.state.currentToken ? sb.state.tokens.get(sb.state.currentToken) : undefined;
  if (prev) prev.expiresAt = Math.min(prev.expiresAt, now + OLD_TOKEN_GRACE_S * 1000);
  const token = newToken(sb, false);
  sb.state.currentToken = token;
  return json(200, { access_token: token, expires_in: TOKEN_TTL_S });
}

function stableToken(sb: Sandbox, ctx: Ctx): Reply {
  const b = isObj(ctx.body) ? ctx.body : {};
  if (b.grant_type !== 'client_credential') return mpError(40002, 'invalid grant_type');
  const bad = checkAppCredentials(sb, typeof b.appid === 'string' ? b.appid : null, typeof b.secret === 'string' ? b.secret : null);
  if (bad) return bad;
  const now = sb.clock.now();
  const cur = sb.state.currentStableToken ? sb.state.tokens.get(sb.state.currentStableToken) : undefined;
  if (cur && cur.expiresAt > now && b.force_refresh !== true) return tokenReply(sb, cur.token);
  if (cur && cur.expiresAt > now) cur.expiresAt = Math.min(cur.expiresAt, now + OLD_TOKEN_GRACE_S * 1000);
  const token = newToken(sb, true);
  sb.state.currentStableToken = token;
  return tokenReply(sb, token);
}

/** null when the access_token query parameter is valid, else WeChat's error reply. */
export function checkAccessToken(sb: Sandbox, ctx: Ctx): Reply | null {
  const token = ctx.query.get('access_token');
  if (!token) return mpError(41001, 'access_token missing');
  const t = sb.state.tokens.get(token);
  if (!t) return mpError(40001, 'invalid credential, access_token is invalid or not latest');
  if (t.expiresAt <= sb.clock.now()) return mpError(42001, 'access_token expired');
  return null;
}

function getwxacodeunlimit(sb: Sandbox, ctx: Ctx): Reply {
  const bad = checkAccessToken(sb, ctx);
  if (bad) return bad;
  if (!ctx.bodyIsJson || !isObj(ctx.body)) return mpError(47001, 'data format error');
  const b = ctx.body;
  const scene = b.scene;
  if (typeof scene !== 'string' || !SCENE_RE.test(scene)) {
    return mpError(40169, 'invalid length for scene, or the data is not json string');
  }
  const envVersion = b.env_version ?? 'release';
  if (!['release', 'trial', 'develop'].includes(envVersion)) return mpError(40097, 'invalid args: env_version');
  const page: string = typeof b.page === 'string' && b.page !== '' ? b.page : sb.pages[0];
  const checkPath = b.check_path ?? true;
  if (page.startsWith('/') || (checkPath !== false && !sb.pages.includes(page))) return mpError(41030, 'invalid page');
  const width = typeof b.width === 'number' ? Math.min(1280, Math.max(280, Math.round(b.width))) : 430;
  const payload = `${WXACODE_PAYLOAD_BASE}?page=${encodeURIComponent(page)}&scene=${encodeURIComponent(scene)}&env_version=${envVersion}`;
  const png = qrPng(payload, width);
  return { status: 200, headers: { 'Content-Type': 'image/png' }, body: png };
}

function subscribeSend(sb: Sandbox, ctx: Ctx): Reply {
  const bad = checkAccessToken(sb, ctx);
  if (bad) return bad;
  if (!ctx.bodyIsJson || !isObj(ctx.body)) return mpError(47001, 'data format error');
  const b = ctx.body;
  if (typeof b.touser !== 'string' || !knownOpenid(sb, b.touser)) return mpError(40003, 'invalid openid');
  if (typeof b.template_id !== 'string' || !b.template_id) return mpError(40037, 'invalid template_id');
  if (b.miniprogram_state !== undefined && !['developer', 'trial', 'formal'].includes(b.miniprogram_state)) {
    return mpError(47003, 'argument invalid! miniprogram_state');
  }
  sb.state.messages.push({
    time: new Date(sb.clock.now()).toISOString(),
    touser: b.touser,
    template_id: b.template_id,
    page: b.page,
    data: b.data,
    miniprogram_state: b.miniprogram_state,
  });
  return json(200, { errcode: 0, errmsg: 'ok' });
}

export function registerMiniProgram(sb: Sandbox): void {
  const r = sb.router;
  r.add('GET', '/sns/jscode2session', 'mp', (c) => jscode2session(sb, c));
  r.add('GET', '/cgi-bin/token', 'mp', (c) => getToken(sb, c));
  r.add('POST', '/cgi-bin/stable_token', 'mp', (c) => stableToken(sb, c));
  r.add('POST', '/wxa/getwxacodeunlimit', 'mp', (c) => getwxacodeunlimit(sb, c));
  r.add('POST', '/cgi-bin/message/subscribe/send', 'mp', (c) => subscribeSend(sb, c));
}
