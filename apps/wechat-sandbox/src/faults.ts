import { json, type Reply, type RouteKind } from './http.js';

export type FaultMode = 'fail' | 'timeout' | 'error500';

export interface Fault {
  id: number;
  method: string; // '*' matches any
  pathPrefix: string;
  mode: FaultMode;
  remaining: number;
  /** timeout only: how long to hold the response (real ms). */
  delayMs: number;
  /** timeout only: whether the request still takes effect (WeChat may have processed it). */
  applied: boolean;
}

export class Faults {
  list: Fault[] = [];
  private seq = 0;

  add(endpoint: string, mode: FaultMode, count: number, delayMs: number, applied: boolean): Fault {
    const [method, ...rest] = endpoint.trim().split(/\s+/);
    const pathPrefix = rest.join(' ') || '/';
    const f: Fault = { id: ++this.seq, method: method.toUpperCase(), pathPrefix, mode, remaining: count, delayMs, applied };
    this.list.push(f);
    return f;
  }

  /** Consume one matching fault, if any. */
  take(method: string, path: string): Fault | undefined {
    const f = this.list.find((x) => x.remaining > 0 && (x.method === '*' || x.method === method) && path.startsWith(x.pathPrefix));
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.list = this.list.filter((x) => x !== f);
    return { ...f };
  }

  clear(): void {
    this.list = [];
  }
}

/** What a failing WeChat endpoint answers. `error500` is a bare gateway 500; `fail` is WeChat's own error shape. */
export function faultReply(mode: 'fail' | 'error500', kind: RouteKind): Reply {
  if (mode === 'error500') {
    return { status: 500, headers: { 'Content-Type': 'text/html' }, body: '<html><body><h1>500 Internal Server Error</h1></body></html>' };
  }
  if (kind === 'mp') return json(200, { errcode: -1, errmsg: 'system error rid: sandbox-fault' });
  return json(500, { code: 'SYSTEM_ERROR', message: '系统错误' });
}
