import 'reflect-metadata';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type RunningSandbox, startSandbox } from '@shareshop/wechat-sandbox';
import type { DataSource } from 'typeorm';
import { startApi, type RunningApi } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import type { Env } from '../src/env.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

export const TEST_TOKEN_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  url: string;
  /** present when started with { sandbox: true } */
  sandbox?: RunningSandbox;
  /** POST/GET the sandbox's control API (`/__sandbox__/...`) */
  control<T = any>(method: string, path: string, body?: unknown): Promise<HttpResult<T>>;
  api: RunningApi;
  ds: DataSource;
  request<T = any>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

/** The per-run database made by scripts/jest-global-setup.js. */
export function testDatabaseUrl(): string {
  const url = process.env.SHARESHOP_TEST_DATABASE_URL;
  if (!url) throw new Error('SHARESHOP_TEST_DATABASE_URL is unset: run tests through `pnpm test` (jest globalSetup)');
  return url;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function json(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as any, headers: res.headers };
}

export interface TestApiOptions {
  env?: Env;
  /** Start a WeChat sandbox in-process and point the API's WeChat clients at it. */
  sandbox?: boolean;
  /** Sandbox notification retry delays are multiplied by this (default 0.001: a day of retries in ~90 s). */
  notifyTimeScale?: number;
  /**
   * A database of its own (created now, dropped on close) instead of the run's shared one: for tests that
   * assert on whole-database facts ("nothing was written") while other test files run in parallel.
   */
  isolatedDatabase?: boolean;
  /** A fixed API port (e.g. for a browser build that bakes the URL in); a free one by default. */
  port?: number;
  /** A fixed port for the sandbox (default: a random one), e.g. when a browser build has it baked in. */
  sandboxPort?: number;
}

function isolatedDatabase(): Promise<ScratchDatabase> {
  return createScratchDatabase(new URL(testDatabaseUrl()).pathname.slice(1));
}

/**
 * Starts the real API (real PostgreSQL, real HTTP) for one test file, optionally with a WeChat sandbox
 * whose keys the API uses exactly as it would use real ones (through the credentials file).
 */
export async function startTestApi(options: TestApiOptions | Env = {}): Promise<TestApi> {
  const opts: TestApiOptions = ['env', 'sandbox', 'notifyTimeScale', 'isolatedDatabase', 'port', 'sandboxPort'].some((k) => k in options)
    ? (options as TestApiOptions)
    : { env: options as Env };
  const env: Env = opts.env ?? {};
  let sandbox: RunningSandbox | undefined;
  const wechatEnv: Env = { WECHAT_SANDBOX_CREDENTIALS_FILE: '/nonexistent/shareshop-no-wechat.json' };
  const port = opts.port ?? (await freePort());
  if (opts.sandbox) {
    sandbox = await startSandbox({ port: opts.sandboxPort ?? 0, notifyTimeScale: opts.notifyTimeScale ?? 0.001 });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareshop-test-'));
    const file = path.join(dir, 'credentials.json');
    fs.writeFileSync(file, JSON.stringify(sandbox.credentials), { mode: 0o600 });
    Object.assign(wechatEnv, { WECHAT_SANDBOX_CREDENTIALS_FILE: file, WECHAT_SANDBOX_URL: sandbox.baseUrl, WECHAT_HTTP_TIMEOUT_MS: '3000' });
  }
  const isolated = opts.isolatedDatabase ? await isolatedDatabase() : undefined;
  const config = loadConfig({
    DATABASE_URL: isolated?.url ?? testDatabaseUrl(),
    API_PORT: String(port),
    API_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...wechatEnv,
    SEED_DEMO: 'never',
    AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
    LOG_LEVEL: process.env.TEST_API_LOG_LEVEL ?? 'silent',
    DB_POOL_SIZE: '10',
    // pg-boss schedules are tested in test/jobs.test.ts; other files drive jobs directly
    JOBS_ENABLED: 'false',
    // concurrency tests place hundreds of orders from one IP; the rate-limit tests set their own limits
    RATE_LIMIT_LOGIN_PER_IP: '1000000',
    RATE_LIMIT_ORDER_PER_IP: '1000000',
    RATE_LIMIT_ORDER_PER_USER: '1000000',
    ...env,
  });
  let api: RunningApi;
  try {
    api = await startApi(config);
  } catch (error) {
    await sandbox?.close();
    await isolated?.drop();
    throw error;
  }
  const base = `${api.url}/api/v1`;
  return {
    url: api.url,
    sandbox,
    api,
    async control(method, controlPath, body) {
      if (!sandbox) throw new Error('start the test API with { sandbox: true } to use the sandbox');
      const res = await fetch(`${sandbox.baseUrl}${controlPath}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return json(res);
    },
    ds: api.dataSource,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(path.startsWith('/api/') || path.startsWith('/health') || path.startsWith('/docs') ? `${api.url}${path}` : `${base}${path}`, {
        method,
        headers,
        body,
      });
      return json(res);
    },
    async close() {
      await api.close();
      await sandbox?.close();
      await isolated?.drop();
    },
  };
}
