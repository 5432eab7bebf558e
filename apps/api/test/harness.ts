import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { startApi, type RunningApi } from '../src/bootstrap.js';
import { loadConfig } from '../src/config/config.js';
import type { Env } from '../src/config/env.js';

export const TEST_TOKEN_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  url: string;
  api: RunningApi;
  ds: DataSource;
  request<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<HttpResult<T>>;
  close(): Promise<void>;
}

/** The per-run database made by scripts/jest-global-setup.js. */
export function testDatabaseUrl(): string {
  const url = process.env.SHARESHOP_TEST_DATABASE_URL;
  if (!url) throw new Error('SHARESHOP_TEST_DATABASE_URL is unset: run tests through `pnpm test` (jest globalSetup)');
  return url;
}

/** Starts the real API (real PostgreSQL, real HTTP on a random port) for one test file. */
export async function startTestApi(env: Env = {}): Promise<TestApi> {
  const config = loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    API_PORT: '0',
    SEED_DEMO: 'never',
    AUTH_TOKEN_SECRET: TEST_TOKEN_SECRET,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '10',
    ...env,
  });
  const api = await startApi(config);
  const base = `${api.url}/api/v1`;
  return {
    url: api.url,
    api,
    ds: api.dataSource,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(path.startsWith('/api/') || path.startsWith('/health') || path.startsWith('/docs') ? `${api.url}${path}` : `${base}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed as any, headers: res.headers };
    },
    close: () => api.close(),
  };
}
