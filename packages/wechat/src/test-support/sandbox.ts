import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
/**
 * The sandbox comes from its workspace package (a devDependency of this one). Tests resolve it to its
 * TypeScript source through the shared Jest mapping of workspace packages (jest.shared.js): no build first.
 */
export { startSandbox } from '@shareshop/wechat-sandbox';

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
