import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { AppError } from './errors.js';

/**
 * Idempotency keys mean one thing: the first request with a key fixes what the key stands for. A retry
 * with the same body gets the same resource; the same key with another body is refused (422), never
 * answered with the old resource (the client would believe its new request went through).
 *
 * The hash covers the validated body (defaults applied, the key itself left out) as canonical JSON
 * (object keys sorted), so formatting and key order do not matter, but any value does.
 */
export function requestHash(body: Record<string, unknown>, keyField = 'idempotencyKey'): string {
  const { [keyField]: _key, ...rest } = body;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Throws 422 IDEMPOTENCY_KEY_REUSED when a stored hash exists and differs (rows stored before hashes had none). */
export function assertSameRequest(storedHash: string | null | undefined, hash: string, field = 'idempotencyKey'): void {
  if (storedHash && storedHash !== hash) {
    throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'IDEMPOTENCY_KEY_REUSED', `${field}: 该幂等键已用于另一个不同的请求，请换一个新的键`, [
      { field, message: '该幂等键已用于另一个不同的请求' },
    ]);
  }
}
