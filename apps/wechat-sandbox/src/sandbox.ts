import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from './clock.js';
import { faultReply, Faults, type FaultMode } from './faults.js';
import { json, readBody, Router, v3Error, writeReply, type Ctx, type Reply, type RouteKind } from './http.js';
import { uuid } from './ids.js';
import { Notifier } from './notifier.js';
import { Scheduler } from './scheduler.js';
import { signWechatpay, verifyMerchantRequest } from './signing.js';
import { State } from './state.js';
import type { SandboxCredentials, SigningMode } from './types.js';

export const DEFAULT_PAGES = ['pages/index/index', 'pages/shop/index', 'pages/product/index'];

export interface CallRecord {
  id: number;
  time: string;
  method: string;
  path: string;
  kind: RouteKind | 'unknown';
  status: number;
  duration_ms: number;
  fault?: FaultMode;
  error?: string;
}

/** One running sandbox: state, clock, notifier and the HTTP pipeline. Route modules register on `router`. */
export class Sandbox {
  readonly router = new Router();
  readonly clock = new Clock();
  readonly scheduler: Scheduler;
  readonly notifier: Notifier;
  readonly faults = new Faults();
  state = new State();
  pages = [...DEFAULT_PAGES];
  calls: CallRecord[] = [];
  baseUrl = '';
  private callSeq = 0;
  private server?: Server;

  constructor(
    readonly creds: SandboxCredentials,
    public signingMode: SigningMode,
    timeScale: number,
  ) {
    this.scheduler = new Scheduler(timeScale);
    this.notifier = new Notifier(creds, () => this.signingMode, this.scheduler);
  }

  get timeScale(): number {
    return this.scheduler.timeScale;
  }

  reset(): void {
    this.scheduler.stopAll();
    this.notifier.reset();
    this.faults.clear();
    this.state = new State();
    this.pages = [...DEFAULT_PAGES];
    this.calls = [];
    this.clock.reset();
  }

  async listen(port: number, host: string): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        writeReply(res, json(500, { code: 'SYSTEM_ERROR', message: `sandbox internal error: ${String(err)}` }));
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address() as AddressInfo;
    const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.baseUrl = `http://${h}:${addr.port}`;
    return this.baseUrl;
  }

  async close(): Promise<void> {
    this.scheduler.stopAll();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private kindOf(path: string): RouteKind | 'unknown' {
    if (path.startsWith('/v3/')) return 'v3';
    if (path.startsWith('/sns/') || path.startsWith('/cgi-bin/') || path.startsWith('/wxa/')) return 'mp';
    if (path.startsWith('/__sandbox__/')) return 'control';
    return 'unknown';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, 'http://sandbox.local');
    const path = url.pathname;
    if (path.startsWith('/__sandbox__/')) {
      // The control API is a developer tool that the mini program's H5 build calls from the browser
      // (test-user login codes, transfer confirmation). WeChat's own routes stay without CORS, like WeChat.
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      if (method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
    }
    const rawBody = await readBody(req);
    let body: unknown;
    let bodyIsJson = false;
    if (rawBody.trim()) {
      try {
        body = JSON.parse(rawBody);
        bodyIsJson = true;
      } catch {
        body = undefined;
      }
    }
    const matched = this.router.match(method, path);
    const kind = 'route' in matched ? matched.route.kind : this.kindOf(path);
    const ctx: Ctx = {
      req,
      method,
      path,
      rawUrl,
      query: url.searchParams,
      params: 'route' in matched ? matched.params : {},
      rawBody,
      body,
      bodyIsJson,
      baseUrl: this.baseUrl,
    };

    const fault = kind === 'v3' || kind === 'mp' ? this.faults.take(method, path) : undefined;
    let reply: Reply;
    if (fault && fault.mode !== 'timeout') {
      reply = faultReply(fault.mode, kind as RouteKind);
    } else {
      reply = await this.dispatch(ctx, matched, kind, fault?.mode === 'timeout' && !fault.applied);
    }
    if (kind === 'v3') reply = this.finishV3(reply);

    if (kind === 'v3' || kind === 'mp') this.recordCall(method, rawUrl, kind, reply, started, fault?.mode);

    if (fault?.mode === 'timeout') {
      // Hold the response past the client's timeout; send it late if the client is still listening.
      this.scheduler.after(fault.delayMs, () => writeReply(res, reply));
      return;
    }
    writeReply(res, reply);
  }

  private async dispatch(ctx: Ctx, matched: ReturnType<Router['match']>, kind: RouteKind | 'unknown', skipEffects: boolean): Promise<Reply> {
    if (!('route' in matched)) {
      if (kind === 'v3') return v3Error(404, 'NOT_FOUND', `sandbox: no such WeChat Pay API ${ctx.method} ${ctx.path}`);
      if (kind === 'mp') return json(200, { errcode: 48001, errmsg: `api unauthorized (sandbox: ${ctx.path} not implemented)` });
      return json(matched.methodMismatch ? 405 : 404, { error: `no route ${ctx.method} ${ctx.path}` });
    }
    if (kind === 'v3') {
      const auth = verifyMerchantRequest(this.creds, ctx.method, ctx.rawUrl, ctx.rawBody, ctx.req.headers.authorization);
      if (!auth.ok) return v3Error(auth.status, auth.code, auth.message);
      if (ctx.rawBody && !ctx.bodyIsJson) return v3Error(400, 'PARAM_ERROR', '请求体不是合法的JSON');
    }
    if (skipEffects) return v3Error(500, 'SYSTEM_ERROR', '系统错误 (sandbox timeout fault, not applied)');
    try {
      return await matched.route.handler(ctx);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (kind === 'v3') return v3Error(500, 'SYSTEM_ERROR', `系统错误 (sandbox: ${msg})`);
      if (kind === 'mp') return json(200, { errcode: -1, errmsg: `system error (sandbox: ${msg})` });
      return json(500, { error: msg });
    }
  }

  private finishV3(reply: Reply): Reply {
    const headers: Record<string, string> = { ...(reply.headers ?? {}), 'Request-ID': uuid().replace(/-/g, '').toUpperCase() };
    if (!reply.unsigned) {
      const bodyStr = reply.body === undefined ? '' : Buffer.isBuffer(reply.body) ? reply.body.toString('utf8') : reply.body;
      Object.assign(headers, signWechatpay(this.creds, this.signingMode, bodyStr));
    }
    return { ...reply, headers };
  }

  private recordCall(method: string, rawUrl: string, kind: RouteKind | 'unknown', reply: Reply, started: number, fault?: FaultMode): void {
    let error: string | undefined;
    const ct = reply.headers?.['Content-Type'] ?? '';
    if (ct.startsWith('application/json') && typeof reply.body === 'string') {
      try {
        const b = JSON.parse(reply.body) as { code?: string; errcode?: number };
        if (b.code) error = b.code;
        else if (b.errcode) error = String(b.errcode);
      } catch {
        /* not json */
      }
    }
    this.calls.push({
      id: ++this.callSeq,
      time: new Date(started).toISOString(),
      method,
      path: rawUrl.replace(/(secret|access_token|js_code)=[^&]*/g, '$1=***'),
      kind,
      status: reply.status,
      duration_ms: Date.now() - started,
      fault,
      error,
    });
    if (this.calls.length > 500) this.calls.splice(0, this.calls.length - 500);
  }
}
