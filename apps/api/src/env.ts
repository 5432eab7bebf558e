import { z } from 'zod';

/**
 * Config is validated once at boot, per domain. Each domain declares a zod schema over the raw
 * environment variables it reads; `loadConfig` collects every problem and fails with one message that
 * names each variable, instead of the first `undefined` surfacing deep inside a request.
 *
 * These helpers live outside config/ on purpose: the domain config files (merchants.config.ts, ...) import
 * them, and config/config.ts imports those files, so nothing under config/ is imported back by a domain.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function parseDomain<S extends z.ZodType>(domain: string, schema: S, env: Env, problems: string[]): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const variable = issue.path.join('.') || domain;
    problems.push(`${variable} (${domain}): ${issue.message}`);
  }
  return undefined as never;
}

/** Empty strings count as unset, so `FOO=` in a .env file falls back to the default. */
export const optionalString = () => z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

export const intFromEnv = (def: number, min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? def : v), z.coerce.number({ error: 'must be an integer' }).int('must be an integer').min(min).max(max));

export const boolFromEnv = (def: boolean) =>
  z
    .preprocess((v) => (v === undefined || v === '' ? String(def) : v), z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }))
    .transform((v) => v === 'true' || v === '1');
