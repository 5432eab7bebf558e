import path from 'node:path';
import { z } from 'zod';
import { ConfigError, type Env, intFromEnv, optionalString, parseDomain } from './env.js';

export { ConfigError };

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../..');

const httpSchema = z.object({
  API_PORT: intFromEnv(7000, 0, 65535),
  API_HOST: z.string().default('127.0.0.1'),
  /** Public URL the API is reached at; WeChat Pay notify URLs are built from it. */
  API_PUBLIC_URL: optionalString(),
  BODY_LIMIT_KB: intFromEnv(256, 1, 10_240),
  LOG_LEVEL: z.enum(['debug', 'log', 'warn', 'error', 'silent']).default('log'),
});

const databaseSchema = z.object({
  /** When unset, the API runs its own embedded PostgreSQL with data under DATA_DIR/pg. */
  DATABASE_URL: optionalString().refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
  DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
  EMBEDDED_PG_PORT: intFromEnv(54329, 1024, 65535),
  DB_POOL_SIZE: intFromEnv(20, 1, 500),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
});

const authSchema = z.object({
  /** HMAC key for access tokens. Unset in the embedded default: one is generated into DATA_DIR. */
  AUTH_TOKEN_SECRET: optionalString().refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  AUTH_TOKEN_TTL_HOURS: intFromEnv(24 * 7, 1, 24 * 90),
  /** Comma-separated WeChat openids that are platform admins. */
  PLATFORM_ADMIN_OPENIDS: z.string().default('').transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
});

export type HttpConfig = z.infer<typeof httpSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type AuthConfig = z.infer<typeof authSchema>;

export interface AppConfig {
  http: HttpConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const config: AppConfig = {
    http: parseDomain('http', httpSchema, env, problems),
    database: parseDomain('database', databaseSchema, env, problems),
    auth: parseDomain('auth', authSchema, env, problems),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
