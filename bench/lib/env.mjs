// Shared bench plumbing: scratch database, production build, sandbox + API child processes, pgbench,
// the load generator child, and the final `BENCH` line. Every child is started here and stopped in
// `cleanup()`; every wait is bounded.
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(repoRoot, 'apps/api/package.json'));
export const pg = require('pg');

export const TOKEN_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const children = new Set();
const cleanups = [];
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shareshop-bench-'));

export function log(...args) {
  process.stdout.write(`${args.join(' ')}\n`);
}

/** Named CLI options `--key=value` with defaults; numbers parsed. */
export function options(defaults) {
  const out = { ...defaults };
  for (const a of process.argv.slice(2)) {
    const m = /^--([\w-]+)=(.*)$/.exec(a);
    if (!m) continue;
    const v = m[2];
    out[m[1]] = typeof defaults[m[1]] === 'number' ? Number(v) : v === 'false' ? false : v === 'true' ? true : v;
  }
  return out;
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Local PostgreSQL (BENCH_DATABASE_ADMIN_URL, default :5432), or the embedded one scripts/test-db.js starts. */
export async function scratchDatabase(label) {
  const { adminDatabase } = await import(path.join(repoRoot, 'scripts/test-db.js'));
  const prev = process.cwd();
  process.chdir(repoRoot);
  if (process.env.BENCH_DATABASE_ADMIN_URL) process.env.TEST_DATABASE_ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL;
  const admin = await adminDatabase();
  process.chdir(prev);
  const name = `shareshop_perf_${label}_${Date.now()}_${process.pid}`;
  await adminQuery(admin.url, `CREATE DATABASE "${name}"`);
  const url = new URL(admin.url);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  cleanups.push(async () => {
    await pool.end().catch(() => {});
    await adminQuery(admin.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch((e) => log(`drop failed: ${e.message}`));
    await admin.stop();
    log(`dropped scratch database ${name}`);
  });
  const u = new URL(url);
  return {
    name,
    url: url.toString(),
    adminUrl: admin.url,
    pool,
    host: decodeURIComponent(u.hostname),
    port: u.port || '5432',
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password || ''),
  };
}

async function adminQuery(url, sql) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

/** The production build of common, wechat, sandbox and api (skip with BENCH_SKIP_BUILD=1). */
export function build() {
  if (process.env.BENCH_SKIP_BUILD === '1' && fs.existsSync(path.join(repoRoot, 'apps/api/dist/main.js'))) return;
  const t = Date.now();
  const r = spawnSync(
    'pnpm',
    ['--filter', '@shareshop/common', '--filter', '@shareshop/wechat', '--filter', '@shareshop/wechat-sandbox', '--filter', '@shareshop/api', 'build'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}\n${r.stderr}`);
  log(`built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** Spawns `node args` and resolves when a stdout line matches `ready` (bounded by timeoutMs). */
function startChild(label, args, env, ready, timeoutMs = 60_000) {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let out = '';
  const errors = [];
  child.stderr.on('data', (d) => {
    const s = d.toString();
    if (errors.length < 50) errors.push(s);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[${label}] ${s}`);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start in ${timeoutMs} ms: ${out.slice(-2000)} ${errors.join('')}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      const s = d.toString();
      if (process.env.BENCH_VERBOSE) process.stdout.write(`[${label}] ${s}`);
      if (out.length < 100_000) out += s;
      for (const line of s.split('\n')) {
        if (!line.includes('"level":"error"') || errors.length >= 50) continue;
        try {
          const e = JSON.parse(line);
          errors.push(
            `${e.msg} ${String(e.stack ?? '')
              .split('\n')
              .filter((f) => f.includes('/dist/'))
              .map((f) => f.trim().replace(/file:\/\/\/work\/main\/apps\/api\/dist\//, ''))
              .join(' < ')}`,
          );
        } catch {
          errors.push(line.slice(0, 1500));
        }
      }
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, errors, output: () => out });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}: ${out.slice(-2000)} ${errors.join('').slice(-4000)}`));
    });
  });
}

export async function stopChild(child, timeoutMs = 10_000) {
  if (!child || child.exitCode !== null || child.signalCode) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(t);
}

/** WeChat sandbox as its own process, credentials written to a temp file the API reads. */
export async function startSandbox() {
  const port = await freePort();
  const credentialsFile = path.join(tmp, 'sandbox-credentials.json');
  const { child } = await startChild(
    'sandbox',
    ['apps/wechat-sandbox/dist/main.js'],
    {
      SANDBOX_PORT: String(port),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_CREDENTIALS_FILE: credentialsFile,
      SANDBOX_NOTIFY_TIME_SCALE: '1',
    },
    /listening on/,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const credentials = JSON.parse(fs.readFileSync(credentialsFile, 'utf8'));
  return { child, baseUrl, credentials, credentialsFile };
}

/** The production build of the API (`node apps/api/dist/main.js`) against `db`, pointed at `sandbox`. */
export async function startApi(db, sandbox, extraEnv = {}, nodeArgs = []) {
  const port = await freePort();
  const env = {
    DATABASE_URL: db.url,
    API_PORT: String(port),
    API_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    SEED_DEMO: 'never',
    AUTH_TOKEN_SECRET: TOKEN_SECRET,
    RATE_LIMIT_LOGIN_PER_IP: '1000000',
    RATE_LIMIT_ORDER_PER_IP: '1000000',
    RATE_LIMIT_ORDER_PER_USER: '1000000',
    WECHAT_SANDBOX_CREDENTIALS_FILE: sandbox?.credentialsFile ?? '/nonexistent/shareshop-no-wechat.json',
    ...(sandbox ? { WECHAT_SANDBOX_URL: sandbox.baseUrl } : {}),
    ...extraEnv,
  };
  const started = Date.now();
  const { child, errors } = await startChild('api', [...nodeArgs, 'apps/api/dist/main.js'], env, /ShareShop API listening/, 120_000);
  log(`API pid ${child.pid} on :${port} (started in ${Date.now() - started} ms; DB_POOL_SIZE=${env.DB_POOL_SIZE ?? 'default'})`);
  return { child, url: `http://127.0.0.1:${port}`, port, errors, env };
}

/** A bearer token the API accepts (same format and HMAC as TokenService.issue). */
export function tokenFor(userId, ttlSeconds = 6 * 3600) {
  const iat = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ sub: userId, iat, exp: iat + ttlSeconds })).toString('base64url');
  return `${payload}.${createHmac('sha256', TOKEN_SECRET).update(payload).digest('base64url')}`;
}

/**
 * Runs the load generator in its own process (bench/lib/loadgen.mjs) and returns its JSON summary.
 * spec: { target, connections, durationMs, maxRequests, list? (file of JSON lines), template? }.
 */
export async function runLoad(spec) {
  const file = path.join(tmp, `load-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, [path.join(repoRoot, 'bench/lib/loadgen.mjs'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const hardLimit = (spec.durationMs ?? 60_000) + 120_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), hardLimit);
  const code = await new Promise((r) => child.on('exit', r));
  clearTimeout(timer);
  children.delete(child);
  if (code !== 0) throw new Error(`load generator exited ${code}: ${out.slice(-2000)}`);
  return JSON.parse(out.trim().split('\n').pop());
}

/** pgbench with a custom script; returns tps (excluding connection time) and latency. */
export function pgbench(db, script, { clients, seconds, transactions, label = 'pgbench', jobs = 2, mode = 'extended' }) {
  const file = path.join(tmp, `${label}.sql`);
  fs.writeFileSync(file, script);
  const args = ['-n', '-M', mode, '-f', file, '-c', String(clients), '-j', String(Math.min(jobs, clients)), '-h', db.host, '-p', db.port, '-U', db.user];
  if (transactions) args.push('-t', String(transactions));
  else args.push('-T', String(seconds));
  args.push('-r', db.name);
  const r = spawnSync('pgbench', args, {
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: db.password },
    timeout: ((seconds ?? 60) + 120) * 1000,
  });
  if (r.status !== 0) throw new Error(`pgbench failed (${r.status}): ${r.stderr}\n${r.stdout}`);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(r.stdout)?.[1]);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(r.stdout)?.[1]);
  const processed = Number(/number of transactions actually processed: (\d+)/.exec(r.stdout)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(r.stdout)?.[1] ?? 0);
  return { tps, latencyMs: lat, processed, failed, stdout: r.stdout };
}

export async function cleanup() {
  for (const c of [...children]) await stopChild(c);
  for (const fn of cleanups.reverse()) await fn();
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** Runs `main`, always cleans up, exits non-zero on error. */
export async function bench(main) {
  let failed = false;
  const onSignal = async () => {
    await cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await main();
  } catch (error) {
    failed = true;
    process.stderr.write(`${error?.stack ?? error}\n`);
  } finally {
    await cleanup();
  }
  process.exit(failed ? 1 : 0);
}

export const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : String(n));

export function benchLine(name, fields) {
  log(
    `BENCH ${name} ${Object.entries(fields)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
}

/** pg_stat_statements, when the server has it preloaded: top statements by total time. */
export async function topStatements(db, limit = 12) {
  try {
    const { rows } = await db.pool.query(
      `SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return rows;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by every PostgreSQL process on this machine (backends, WAL writer, checkpointer),
 * including processes that have exited: their time is in their parent's (the postmaster's) cutime/cstime.
 * Without that, a backend or autovacuum worker ending between two readings made the difference negative.
 */
export function postgresCpuSeconds() {
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!f.slice(f.indexOf('(') + 1, f.lastIndexOf(')')).startsWith('postgres')) continue;
      const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
      total += (Number(parts[11]) + Number(parts[12]) + Number(parts[13]) + Number(parts[14])) / 100;
    } catch {
      // the process ended while we read
    }
  }
  return total;
}

/** CPU seconds (user+system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
    if (process.env.BENCH_CPU_SPLIT) log(`cpu ${pid}: user ${Number(parts[11]) / 100} s, sys ${Number(parts[12]) / 100} s`);
    return (Number(parts[11]) + Number(parts[12])) / 100;
  } catch {
    return NaN;
  }
}
