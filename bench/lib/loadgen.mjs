#!/usr/bin/env node
// Load generator, run as its own process by env.mjs `runLoad(spec)`. Keep-alive HTTP/1.1 over loopback
// only, `connections` sockets each sending one request at a time. Bounded by maxRequests AND durationMs.
// spec: {
//   target: 'http://127.0.0.1:port', connections, durationMs, maxRequests,
//   list?: file of JSON lines {method, path, headers, body} sent once each, in order,
//   template?: { method, path, headers, body, tokens: [..] }  placeholders in path/body:
//     {{i}} request number, {{rand}} integer in spec.template.rand [lo, hi], {{token}} tokens[i % n]
// }
// Prints one JSON line: { requests, ok, status: {code: n}, errors, elapsedMs, rps, p50, p90, p99, max, samples, cpuMs (its own CPU) }.
import fs from 'node:fs';
import http from 'node:http';

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const target = new URL(spec.target);
if (!['127.0.0.1', 'localhost', '::1'].includes(target.hostname)) throw new Error('loopback targets only');
const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections, maxFreeSockets: spec.connections });

let list = null;
if (spec.list) list = fs.readFileSync(spec.list, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
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

function send(r) {
  return new Promise((resolve) => {
    const headers = { ...r.headers };
    if (r.body != null) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(r.body);
    }
    const req = http.request({ host: target.hostname, port: target.port, method: r.method, path: r.path, headers, agent, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.length < 4 && chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, 300) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, body: e.message }));
    if (r.body != null) req.write(r.body);
    req.end();
  });
}

const latencies = [];
const status = {};
const samples = {};
let next = 0;
let errors = 0;
let lastOkAt = 0;
const okLatencies = [];
const started = performance.now();
const deadline = started + durationMs;

async function worker() {
  while (true) {
    if (performance.now() >= deadline) return;
    const i = next++;
    if (i >= maxRequests) return;
    const r = requestFor(i);
    const t = performance.now();
    const res = await send(r);
    latencies.push(performance.now() - t);
    status[res.status] = (status[res.status] ?? 0) + 1;
    if (res.status === 0) errors++;
    if (res.status >= 200 && res.status < 300) {
      lastOkAt = performance.now() - started;
      okLatencies.push(performance.now() - t);
    }
    if ((res.status < 200 || res.status >= 300) && !samples[res.status]) samples[res.status] = res.body;
  }
}

await Promise.all(Array.from({ length: spec.connections }, worker));
const elapsedMs = performance.now() - started;
agent.destroy();
latencies.sort((a, b) => a - b);
okLatencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
const ok = Object.entries(status).filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, ok, status, errors, elapsedMs, rps: (latencies.length / elapsedMs) * 1000, okRps: (ok / elapsedMs) * 1000, p50: pct(50), p90: pct(90), p99: pct(99), max: latencies.at(-1), okP99: okLatencies[Math.floor(0.99 * okLatencies.length)] ?? NaN, lastOkAt, samples, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 })}\n`,
);
