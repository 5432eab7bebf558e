/** Test helpers: a merchant-side v3 client, response/notify verification and a local notify receiver. */
import { createDecipheriv, createSign, createVerify, randomBytes, X509Certificate } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateCredentials } from '../credentials.js';
import { startSandbox } from '../index.js';
import type { RunningSandbox, SandboxCredentials, SandboxOptions } from '../types.js';

let shared: SandboxCredentials | undefined;
/** Key generation costs ~0.5 s; tests in one file share one set. */
export function sharedCredentials(): SandboxCredentials {
  shared ??= generateCredentials();
  return shared;
}

export function start(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ credentials: sharedCredentials(), notifyTimeScale: 0.001, ...opts });
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function toResult(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function authorization(
  creds: SandboxCredentials,
  method: string,
  pathWithQuery: string,
  body: string,
  over: Partial<{ mchid: string; serial: string; timestamp: string; key: string }> = {},
): string {
  const nonce = randomBytes(16).toString('hex');
  const timestamp = over.timestamp ?? String(Math.floor(Date.now() / 1000));
  const signature = createSign('RSA-SHA256')
    .update(`${method}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`)
    .sign(over.key ?? creds.merchantPrivateKeyPem, 'base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${over.mchid ?? creds.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${over.serial ?? creds.merchantSerialNo}"`;
}

/** A correctly signed WeChat Pay v3 merchant request. */
export async function v3(sb: RunningSandbox, method: string, pathWithQuery: string, body?: unknown, auth?: string): Promise<HttpResult> {
  const bodyStr = body === undefined ? '' : JSON.stringify(body);
  const res = await fetch(sb.baseUrl + pathWithQuery, {
    method,
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: auth ?? authorization(sb.credentials, method, pathWithQuery, bodyStr),
    },
    body: bodyStr || undefined,
  });
  return toResult(res);
}

export async function control(sb: RunningSandbox, method: string, path: string, body?: unknown): Promise<HttpResult> {
  const res = await fetch(`${sb.baseUrl}/__sandbox__${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return toResult(res);
}

export async function get(sb: RunningSandbox, pathWithQuery: string): Promise<HttpResult> {
  return toResult(await fetch(sb.baseUrl + pathWithQuery));
}

export async function post(sb: RunningSandbox, pathWithQuery: string, body: unknown): Promise<HttpResult> {
  return toResult(await fetch(sb.baseUrl + pathWithQuery, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }));
}

/** Verify Wechatpay-Signature over `ts\nnonce\nbody\n` with the key its Wechatpay-Serial names. */
export function verifyWechatpay(creds: SandboxCredentials, get: (name: string) => string | undefined, body: string): { ok: boolean; serial: string } {
  const serial = get('wechatpay-serial') ?? '';
  const key =
    serial === creds.platformSerialNo
      ? new X509Certificate(creds.platformCertificatePem).publicKey
      : serial === creds.publicKeyId
        ? creds.publicKeyPem
        : undefined;
  if (!key) return { ok: false, serial };
  const msg = `${get('wechatpay-timestamp')}\n${get('wechatpay-nonce')}\n${body}\n`;
  const ok = createVerify('RSA-SHA256')
    .update(msg)
    .verify(key, get('wechatpay-signature') ?? '', 'base64');
  return { ok, serial };
}

export function decrypt(apiV3Key: string, r: { ciphertext: string; nonce: string; associated_data: string }): string {
  const buf = Buffer.from(r.ciphertext, 'base64');
  const d = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(r.nonce));
  d.setAAD(Buffer.from(r.associated_data));
  d.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([d.update(buf.subarray(0, buf.length - 16)), d.final()]).toString('utf8');
}

export interface Received {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A local merchant notify endpoint. `respond` decides each answer's status (default 200). */
export class Receiver {
  readonly received: Received[] = [];
  respond: (n: number, r: Received) => number = () => 200;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const r: Received = { at: Date.now(), path: req.url ?? '', headers: req.headers, body, json: JSON.parse(body) };
        this.received.push(r);
        const status = this.respond(this.received.length, r);
        res.statusCode = status;
        res.setHeader('Content-Type', 'application/json');
        res.end(status === 200 || status === 204 ? '' : JSON.stringify({ code: 'FAIL', message: 'try again' }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/notify`;
    return this;
  }

  verify(creds: SandboxCredentials, r: Received): { ok: boolean; serial: string } {
    return verifyWechatpay(creds, (n) => r.headers[n] as string | undefined, r.body);
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }
}

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000, stepMs = 10): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

let seq = 0;
export const uniq = (prefix: string): string => `${prefix}${Date.now()}${++seq}`;

/** Prepay an order for a named user and return what the test needs. */
export async function prepay(sb: RunningSandbox, notifyUrl: string, total = 1999, extra: Record<string, unknown> = {}) {
  const user = (await control(sb, 'POST', '/users/carol/login-code')).json as { openid: string };
  const out_trade_no = uniq('T');
  const res = await v3(sb, 'POST', '/v3/pay/transactions/jsapi', {
    appid: sb.credentials.appid,
    mchid: sb.credentials.mchid,
    description: '分享小店-测试商品',
    out_trade_no,
    notify_url: notifyUrl,
    amount: { total, currency: 'CNY' },
    payer: { openid: user.openid },
    ...extra,
  });
  if (res.status !== 200) throw new Error(`prepay failed: ${res.status} ${res.text}`);
  return { out_trade_no, prepay_id: res.json.prepay_id as string, openid: user.openid };
}

export async function pay(sb: RunningSandbox, out_trade_no: string, extra: Record<string, unknown> = {}) {
  const r = await control(sb, 'POST', '/payments/complete', { out_trade_no, result: 'SUCCESS', ...extra });
  if (r.status !== 200) throw new Error(`complete failed: ${r.status} ${r.text}`);
  return r.json as { transaction: any; notification_id: string };
}
