import path from 'node:path';
import { z } from 'zod';
import type { WechatConfig } from '@shareshop/wechat';
import { loadWechatConfig } from '../wechat/wechat.config.js';
import { type SettlementConfig, settlementSchema } from '../settlement/settlement.config.js';
import { type UploadsConfig, uploadsSchema } from '../uploads/uploads.config.js';
import { ConfigError, type Env, boolFromEnv, intFromEnv, optionalString, parseDomain } from './env.js';

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

const ordersSchema = z.object({
  /** Unpaid orders close (and release their stock) this many minutes after creation. */
  ORDER_AUTO_CLOSE_MINUTES: intFromEnv(30, 1, 24 * 60),
  /** Shipped orders count as received this many days after shipping unless the buyer confirms sooner. */
  ORDER_AUTO_CONFIRM_DAYS: intFromEnv(10, 1, 60),
  /** Orders still unpaid this long after prepay are queried at WeChat Pay (lost-callback fallback). */
  PAYMENT_QUERY_AFTER_SECONDS: intFromEnv(60, 5, 3600),
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
  /** Express "trust proxy": set when behind a reverse proxy so the client IP comes from X-Forwarded-For. */
  TRUST_PROXY: z.string().default('loopback'),
});

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
  uploads: UploadsConfig;
  /** null when neither real credentials nor a local sandbox's keys are available */
  wechat: WechatConfig | null;
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
    uploads: parseDomain('uploads', uploadsSchema, env, problems) as UploadsConfig,
    wechat: null,
  };
  if (problems.length) throw new ConfigError(problems);
  config.uploads.UPLOAD_DIR ??= path.join(config.database.DATA_DIR, 'uploads');
  config.http.API_PUBLIC_URL ??= `http://${config.http.API_HOST}:${config.http.API_PORT}`;
  config.wechat = loadWechatConfig(env, config.database.DATA_DIR, config.http.API_PUBLIC_URL);
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
