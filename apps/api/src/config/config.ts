import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { WechatConfig } from '@shareshop/wechat';
import { loadWechatConfig } from '../wechat/wechat.config.js';
import { type MerchantsConfig, merchantsSchema } from '../merchants/merchants.config.js';
import { type SettlementConfig, settlementSchema } from '../settlement/settlement.config.js';
import { type UploadsConfig, uploadsSchema } from '../uploads/uploads.config.js';
import { ConfigError, type Env, boolFromEnv, intFromEnv, optionalString, parseDomain } from '../env.js';
import { type SandboxPersonas, sandboxPersonas } from './personas.js';

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

const databaseSchema = z
  .object({
    /** When unset, the API runs its own embedded PostgreSQL with data under DATA_DIR/pg. */
    DATABASE_URL: optionalString().refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
    DATA_DIR: z.string().default(path.join(repoRoot, '.data')),
    EMBEDDED_PG_PORT: intFromEnv(54329, 1024, 65535),
    DB_POOL_SIZE: intFromEnv(20, 1, 500),
    SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
    /**
     * Per-session PostgreSQL limits (milliseconds) on the API's pool: a statement running this long is
     * cancelled, a lock waited on this long is given up, and a transaction left idle this long is ended. The
     * request then answers 503 DATABASE_BUSY with Retry-After instead of holding a pooled connection.
     */
    DB_STATEMENT_TIMEOUT_MS: intFromEnv(15_000, 100, 3_600_000),
    // 10 s: one hot row's queue of waiting orders on a busy 2-core machine was seen past 5 s (hot-stock test)
    DB_LOCK_TIMEOUT_MS: intFromEnv(10_000, 10, 3_600_000),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: intFromEnv(60_000, 1_000, 3_600_000),
  })
  .refine((v) => v.DB_LOCK_TIMEOUT_MS <= v.DB_STATEMENT_TIMEOUT_MS, { message: 'must not exceed DB_STATEMENT_TIMEOUT_MS', path: ['DB_LOCK_TIMEOUT_MS'] });

const authSchema = z.object({
  /** HMAC key for access tokens. Unset in the embedded default: one is generated into DATA_DIR. */
  AUTH_TOKEN_SECRET: optionalString().refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
  AUTH_TOKEN_TTL_HOURS: intFromEnv(24 * 7, 1, 24 * 90),
  /** Comma-separated WeChat openids that are platform admins. */
  PLATFORM_ADMIN_OPENIDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
});

const ordersSchema = z.object({
  /** Unpaid orders close (and release their stock) this many minutes after creation. */
  ORDER_AUTO_CLOSE_MINUTES: intFromEnv(30, 1, 24 * 60),
  /** Shipped orders count as received this many days after shipping unless the buyer confirms sooner. */
  ORDER_AUTO_CONFIRM_DAYS: intFromEnv(10, 1, 60),
  /** Orders still unpaid this long after prepay are queried at WeChat Pay (lost-callback fallback). */
  PAYMENT_QUERY_AFTER_SECONDS: intFromEnv(60, 5, 3600),
  /** The payment callback inbox is swept this often for recorded notifications not applied yet (e.g. after a crash). */
  PAYMENT_INBOX_SWEEP_MS: intFromEnv(1000, 50, 60_000),
  /** Test-only: the inbox applier waits this long before each batch (fault tests kill the API in that gap); 0 in production. */
  PAYMENT_APPLY_DELAY_MS: intFromEnv(0, 0, 600_000),
  /** Refunds still processing this long after submission are queried at WeChat Pay. */
  REFUND_QUERY_AFTER_SECONDS: intFromEnv(120, 5, 24 * 3600),
  /** Run the pg-boss workers and schedules in this process (off for one-off scripts). */
  JOBS_ENABLED: boolFromEnv(true),
  /** Hot stock (docs/hot-stock.md): slot rows a hot SKU's stock is split into; 1 turns splitting off. */
  HOT_STOCK_SLOTS: intFromEnv(16, 1, 64),
  /** A SKU is split when this many reservations for it are in flight at once in this process. */
  HOT_STOCK_SPLIT_CONCURRENCY: intFromEnv(6, 2, 10_000),
});

const rateLimitSchema = z.object({
  /** requests per minute; see http/rate-limit.ts */
  RATE_LIMIT_LOGIN_PER_IP: intFromEnv(60, 1, 1_000_000),
  RATE_LIMIT_ORDER_PER_USER: intFromEnv(30, 1, 1_000_000),
  RATE_LIMIT_ORDER_PER_IP: intFromEnv(600, 1, 1_000_000),
  /**
   * Which peers may set the client IP through X-Forwarded-For (rate limits key on it): `false` (default:
   * nobody, the socket's address counts) or a comma-separated list of `loopback`, `linklocal`, `uniquelocal`,
   * IP addresses and CIDR subnets naming the reverse proxy. Never `true` or a hop count: any client could then
   * rotate the header and never hit a limit.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((names) => (names.length === 1 && ['false', 'none'].includes(names[0]!)) || names.every(isProxyName), {
      message: 'must be false, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses or CIDR subnets',
    })
    .transform((names): false | string[] => (names.length === 0 || names[0] === 'false' || names[0] === 'none' ? false : names)),
});

function isProxyName(name: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(name)) return true;
  const [address, bits, ...rest] = name.split('/');
  const version = net.isIP(address ?? '');
  if (!version || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

export type HttpConfig = z.infer<typeof httpSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
export type RateLimitConfig = z.infer<typeof rateLimitSchema>;
export type OrdersConfig = z.infer<typeof ordersSchema>;

export interface AppConfig {
  http: HttpConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
  rateLimit: RateLimitConfig;
  orders: OrdersConfig;
  settlement: SettlementConfig;
  merchants: MerchantsConfig;
  uploads: UploadsConfig;
  /** null when neither real credentials nor a local sandbox's keys are available */
  wechat: WechatConfig | null;
  /** the sandbox's named personas (config/personas.ts); null with real WeChat or in production */
  personas: SandboxPersonas | null;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const config: AppConfig = {
    http: parseDomain('http', httpSchema, env, problems),
    database: parseDomain('database', databaseSchema, env, problems),
    auth: parseDomain('auth', authSchema, env, problems),
    rateLimit: parseDomain('rateLimit', rateLimitSchema, env, problems),
    orders: parseDomain('orders', ordersSchema, env, problems),
    settlement: parseDomain('settlement', settlementSchema, env, problems),
    merchants: parseDomain('merchants', merchantsSchema, env, problems),
    uploads: parseDomain('uploads', uploadsSchema, env, problems) as UploadsConfig,
    wechat: null,
    personas: null,
  };
  if (problems.length) throw new ConfigError(problems);
  config.uploads.UPLOAD_DIR ??= path.join(config.database.DATA_DIR, 'uploads');
  config.http.API_PUBLIC_URL ??= `http://${config.http.API_HOST}:${config.http.API_PORT}`;
  config.wechat = loadWechatConfig(env, config.database.DATA_DIR, config.http.API_PUBLIC_URL);
  config.personas = sandboxPersonas(env, config.wechat?.miniProgram.appid ?? null);
  // the sandbox's 平台运营 persona is a platform admin; real deployments list their admins explicitly
  if (config.personas) config.auth.PLATFORM_ADMIN_OPENIDS = [...config.auth.PLATFORM_ADMIN_OPENIDS, config.personas.operator];
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
