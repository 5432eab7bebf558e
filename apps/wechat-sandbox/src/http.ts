import type { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteKind = 'v3' | 'mp' | 'control' | 'page';

export interface Ctx {
  req: IncomingMessage;
  method: string;
  /** Path only, e.g. /v3/pay/transactions/jsapi */
  path: string;
  /** Path with query exactly as the client sent it (what the v3 signature covers). */
  rawUrl: string;
  query: URLSearchParams;
  params: Record<string, string>;
  rawBody: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: any;
  bodyIsJson: boolean;
  baseUrl: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** v3 only: do not add Wechatpay-* signature headers (bill file download, like WeChat). */
  unsigned?: boolean;
  /** Instead of `body`: a large answer streamed (a bill file fixture); only for unsigned answers. */
  stream?: () => Readable;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  kind: RouteKind;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

export class Router {
  readonly routes: Route[] = [];
  add(method: string, path: string, kind: RouteKind, handler: Handler): void {
    const keys: string[] = [];
    const src = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, k: string) => {
      keys.push(k);
      return '([^/]+)';
    });
    this.routes.push({ method, kind, pattern: new RegExp(`^${src}$`), keys, handler });
  }
  match(method: string, path: string): { route: Route; params: Record<string, string> } | { methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
      return { route, params };
    }
    return { methodMismatch };
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

/** WeChat Pay v3 error shape. */
export function v3Error(status: number, code: string, message: string, detail?: unknown): Reply {
  return json(status, detail === undefined ? { code, message } : { code, message, detail });
}

/** Mini program server API error shape (HTTP 200 with errcode). */
export function mpError(errcode: number, errmsg: string): Reply {
  return json(200, { errcode, errmsg: `${errmsg} rid: ${Math.random().toString(16).slice(2, 10)}-sandbox` });
}

export function noContent(): Reply {
  return { status: 204, body: '' };
}

export function html(body: string): Reply {
  return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body };
}

export function readBody(req: IncomingMessage, limit = 2 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  res.statusCode = reply.status;
  for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
  if (reply.stream) {
    const body = reply.stream();
    body.once('error', (e) => res.destroy(e));
    res.once('close', () => body.destroy());
    body.pipe(res);
    return;
  }
  res.end(reply.body ?? '');
}

/** Small validation helpers shared by the v3 handlers. */
export const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isStr = (v: unknown, max = 1024): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
export const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
