/** A JSON call with a hard client timeout (a hang fails the call instead of the whole test). */
export interface CallResult<T = any> {
  status: number;
  body: T;
  ms: number;
  /** set when the request failed without an answer (connection refused, timeout) */
  error?: string;
}

export async function call<T = any>(
  base: string,
  method: string,
  path: string,
  o: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<CallResult<T>> {
  const started = Date.now();
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, ms: Date.now() - started };
  } catch (e) {
    return { status: 0, body: undefined as any, ms: Date.now() - started, error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until `ok` (one implementation for the API tests and these). */
export { until } from '../../apps/api/test/polling.js';
