import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { signSha256WithRsa, signingMessage } from '../crypto/rsa.js';

export interface FakeRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeReply {
  status?: number;
  body?: string | Buffer | object;
  headers?: Record<string, string>;
  /** Sign like WeChat Pay: { serial, privateKeyPem, timestamp? } */
  sign?: { serial: string; privateKeyPem: string; timestamp?: number; tamper?: boolean };
  /** Delay before answering (ms). */
  delayMs?: number;
}

export interface FakeServer {
  baseUrl: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A tiny programmable HTTP server standing in for WeChat in unit tests. */
export async function startFakeServer(handler: (req: FakeRequest) => FakeReply | Promise<FakeReply>): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r: FakeRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    requests.push(r);
    const reply = await handler(r);
    const body = reply.body === undefined ? '' : Buffer.isBuffer(reply.body) || typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    const headers: Record<string, string> = { ...(reply.headers ?? {}) };
    if (typeof reply.body === 'object' && !Buffer.isBuffer(reply.body)) headers['Content-Type'] ??= 'application/json';
    if (reply.sign) {
      const ts = String(reply.sign.timestamp ?? Math.floor(Date.now() / 1000));
      const nonce = randomBytes(16).toString('hex');
      const text = Buffer.isBuffer(body) ? body.toString('utf8') : body;
      let sig = signSha256WithRsa(signingMessage(ts, nonce, text), reply.sign.privateKeyPem);
      if (reply.sign.tamper) sig = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
      Object.assign(headers, { 'Wechatpay-Timestamp': ts, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': sig, 'Wechatpay-Serial': reply.sign.serial });
    }
    const send = () => {
      res.writeHead(reply.status ?? 200, headers);
      res.end(body);
    };
    if (reply.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send();
      }, reply.delayMs);
      timers.add(t);
    } else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
