import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { RunningSandbox, SandboxOptions } from '@shareshop/wechat-sandbox';

/**
 * Loads the sandbox from its TypeScript source: its package `exports` point the runtime at dist/, which the
 * test run does not build, and jest only maps @shareshop/common. Types still come from the package.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const entry = fileURLToPath(new URL('../../../../apps/wechat-sandbox/src/index.ts', import.meta.url));
  const mod = (await import(entry)) as typeof import('@shareshop/wechat-sandbox');
  return mod.startSandbox(opts);
}

export async function control<T = any>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/__sandbox__${path}`, {
    method,
    ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox control ${method} ${path} → ${res.status} ${text}`);
  return text ? (JSON.parse(text) as T) : (undefined as T);
}

export interface CapturedCallback {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A local HTTP server standing in for our API's notify endpoints: captures raw bodies, answers 204. */
export async function startCallbackReceiver() {
  const received: CapturedCallback[] = [];
  const waiters: Array<{ match: (c: CapturedCallback) => boolean; resolve: (c: CapturedCallback) => void }> = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const cb: CapturedCallback = { path: req.url ?? '/', headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') };
    received.push(cb);
    for (const w of [...waiters]) {
      if (w.match(cb)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(cb);
      }
    }
    res.writeHead(204).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    /** Resolves with the first callback (already received or future) matching. */
    waitFor(match: (c: CapturedCallback) => boolean, timeoutMs = 10_000): Promise<CapturedCallback> {
      const hit = received.find(match);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('callback not received in time')), timeoutMs);
        waiters.push({
          match,
          resolve: (c) => {
            clearTimeout(t);
            resolve(c);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
