import pg from 'pg';
import { Column, type ColumnOptions } from 'typeorm';

/**
 * PostgreSQL bigint (int8) arrives from `pg` as a string. Every id and amount in ShareShop fits in a
 * JavaScript safe integer, so we parse int8 to number once, globally, and refuse (loudly) any value
 * that would lose precision instead of rounding money silently.
 */
export function parseSafeBigint(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${text} is outside the safe integer range`);
  return n;
}
pg.types.setTypeParser(pg.types.builtins.INT8, parseSafeBigint);

const fenTransformer = {
  to(value: unknown) {
    if (value === null || value === undefined) return value;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw new RangeError(`money must be an integer number of fen, got ${String(value)}`);
    }
    return value;
  },
  from(value: unknown) {
    if (value === null || value === undefined) return value;
    return typeof value === 'string' ? parseSafeBigint(value) : value;
  },
};

/**
 * An amount of money in integer fen, stored as bigint. Use for every amount column. No implied default: an
 * entity states the migration's DEFAULT itself (most amounts have none), so the schema-drift test compares like with like.
 */
export function MoneyColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}) {
  return Column({ type: 'bigint', ...options, transformer: fenTransformer });
}

/** A bigint foreign key or counter, read as a safe-integer number. */
export function BigIntColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}) {
  return Column({ type: 'bigint', ...options, transformer: fenTransformer });
}
