#!/usr/bin/env node
// Load generator, run as its own process by env.mjs `runLoad(spec)`. Keep-alive HTTP/1.1 over loopback
// only, `connections` sockets each sending one request at a time. Bounded by maxRequests AND durationMs.
// spec: {
//   target: 'http://127.0.0.1:port', connections, durationMs, maxRequests,
//   list?: file of JSON lines {method, path, headers, body} sent once each, in order,
//   template?: { method, path, headers, body, tokens: [..] }  placeholders in path/body:
//     {{i}} request number, {{rand}} integer in spec.template.rand [lo, hi], {{token}} tokens[i % n]
// }
// Prints one JSON line: { requests, ok, status: {code: n}, errors, elapsedMs, rps, p50, p90, p99, max, okP99, conflictP99 (409s),
// conflictsAfterFirst / conflictAfterFirstP99 (409s to requests sent after the first 409 arrived), samples, cpuMs (its own CPU) }.
//
// Why raw sockets and not node:http: the benches run the API, PostgreSQL and this process on the same two
// cores, so every millisecond spent here is taken from the system under test. node:http's client (agent,
// header objects, streams) cost 0.2-0.4 ms of CPU per request; writing one prebuilt buffer and reading the
// status line and Content-Length costs a fraction of that. The responses it reads are the API's own (JSON with
// Content-Length, or 204), so the parser handles Content-Length and chunked bodies and nothing else.
import fs from 'node:fs';
import net from 'node:net';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const target = new URL(spec.target);
if (!['127.0.0.1', 'localhost', '::1'].includes(target.hostname)) throw new Error('loopback targets only');
const host = target.hostname === 'localhost' ? '127.0.0.1' : target.hostname;
const port = Number(target.port);
const hostHeader = `${target.hostname}:${port}`;

let list = null;
if (spec.list)
  list = fs
    .readFileSync(spec.list, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const maxRequests = Math.min(spec.maxRequests ?? Infinity, list ? list.length : Infinity);
const durationMs = spec.durationMs ?? 60_000;
const tpl = spec.template;

function fill(s, i) {
  if (s == null) return s;
  return s
    .replaceAll('{{i}}', String(i))
    .replaceAll('{{rand}}', () => String(tpl.rand[0] + Math.floor(Math.random() * (tpl.rand[1] - tpl.rand[0] + 1))))
    .replaceAll('{{token}}', () => tpl.tokens[i % tpl.tokens.length]);
}

function requestFor(i) {
  if (list) return list[i];
  const headers = {};
  for (const [k, v] of Object.entries(tpl.headers ?? {})) headers[k] = fill(v, i);
  return { method: tpl.method, path: fill(tpl.path, i), headers, body: fill(tpl.body, i) };
}

/** The whole request as one buffer: one write per request. */
function encode(r) {
  let head = `${r.method} ${r.path} HTTP/1.1\r\nhost: ${hostHeader}\r\nconnection: keep-alive\r\n`;
  const lower = new Set();
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    head += `${k}: ${v}\r\n`;
    lower.add(k.toLowerCase());
  }
  if (r.body == null) return Buffer.from(`${head}\r\n`, 'latin1');
  const body = Buffer.from(r.body, 'utf8');
  if (!lower.has('content-type')) head += 'content-type: application/json\r\n';
  head += `content-length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

const CRLF2 = Buffer.from('\r\n\r\n');
const CHUNKED_END = Buffer.from('0\r\n\r\n');

/** One keep-alive connection that sends a request and resolves with {status, body} when its response is complete. */
class Connection {
  constructor() {
    this.socket = null;
    this.pending = null;
    this.buf = Buffer.alloc(0);
  }

  connect() {
    this.buf = Buffer.alloc(0);
    const socket = net.connect({ host, port, noDelay: true });
    socket.setNoDelay(true);
    socket.on('data', (d) => this.onData(d));
    socket.on('error', (e) => this.fail(e.message));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      this.fail('connection closed');
    });
    this.socket = socket;
  }

  send(buffer) {
    return new Promise((resolve) => {
      if (!this.socket) this.connect();
      const timer = setTimeout(() => {
        this.socket?.destroy();
        this.fail('timeout');
      }, 30_000);
      this.pending = { resolve, timer };
      this.socket.write(buffer);
    });
  }

  fail(message) {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    this.socket?.destroy();
    this.socket = null;
    p.resolve({ status: 0, body: message });
  }

  onData(chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const headEnd = this.buf.indexOf(CRLF2);
    if (headEnd < 0) return;
    const head = this.buf.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const bodyStart = headEnd + 4;
    const lengthMatch = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end;
    if (lengthMatch) {
      end = bodyStart + Number(lengthMatch[1]);
      if (this.buf.length < end) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const at = this.buf.indexOf(CHUNKED_END, bodyStart);
      if (at < 0) return;
      end = at + CHUNKED_END.length;
    } else {
      end = bodyStart; // 204/304 or no body
    }
    const body = status >= 200 && status < 300 ? '' : this.buf.toString('utf8', bodyStart, Math.min(end, bodyStart + 300));
    const close = /\r\nconnection:\s*close/i.test(head);
    this.buf = this.buf.subarray(end);
    const p = this.pending;
    this.pending = null;
    if (close) {
      const s = this.socket;
      this.socket = null;
      s?.end();
    }
    if (p) {
      clearTimeout(p.timer);
      p.resolve({ status, body });
    }
  }
}

const latencies = [];
const status = {};
const samples = {};
let next = 0;
let errors = 0;
let lastOkAt = 0;
const okLatencies = [];
const conflictLatencies = []; // 409s: in the order benches, the sold-out answers (hotsku reports their p99)
// 409s as [sent at, latency]: hotsku also reports the p99 of requests sent after the first sold-out answer arrived
// (the ones the shop could know were sold out), apart from those already queued behind the hot row when it sold out
const conflicts = [];
let firstConflictAt = Infinity;
const okTimes = []; // when each success arrived (ms from the start), in order
const started = performance.now();
const deadline = started + durationMs;

async function worker() {
  const connection = new Connection();
  while (true) {
    if (performance.now() >= deadline) break;
    const i = next++;
    if (i >= maxRequests) break;
    const request = encode(requestFor(i));
    const t = performance.now();
    const res = await connection.send(request);
    const now = performance.now();
    latencies.push(now - t);
    status[res.status] = (status[res.status] ?? 0) + 1;
    if (res.status === 0) errors++;
    if (res.status >= 200 && res.status < 300) {
      lastOkAt = now - started;
      okLatencies.push(now - t);
      okTimes.push(lastOkAt);
    } else {
      if (res.status === 409) {
        conflictLatencies.push(now - t);
        conflicts.push([t - started, now - t]);
        firstConflictAt = Math.min(firstConflictAt, now - started);
      }
      if (!samples[res.status]) samples[res.status] = res.body;
    }
  }
  connection.socket?.end();
}

await Promise.all(Array.from({ length: spec.connections }, worker));
const elapsedMs = performance.now() - started;
latencies.sort((a, b) => a - b);
okLatencies.sort((a, b) => a - b);
conflictLatencies.sort((a, b) => a - b);
const conflictsAfter = conflicts
  .filter(([sentAt]) => sentAt >= firstConflictAt)
  .map(([, latency]) => latency)
  .sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
const ok = Object.entries(status)
  .filter(([s]) => s >= 200 && s < 300)
  .reduce((n, [, c]) => n + c, 0);
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, ok, status, errors, elapsedMs, rps: (latencies.length / elapsedMs) * 1000, okRps: (ok / elapsedMs) * 1000, p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.at(-1), okP99: okLatencies[Math.floor(0.99 * okLatencies.length)] ?? NaN, conflictP99: conflictLatencies[Math.floor(0.99 * conflictLatencies.length)] ?? NaN, conflictsAfterFirst: conflictsAfter.length, conflictAfterFirstP99: conflictsAfter[Math.floor(0.99 * conflictsAfter.length)] ?? NaN, lastOkAt, okProgress: [0.1, 0.25, 0.5, 0.75, 0.9, 1].map((f) => Math.round(okTimes[Math.max(0, Math.ceil(f * okTimes.length) - 1)] ?? NaN)), samples, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
);
process.exit(0);
