import type { PoolClient } from 'pg';
import { type EntityManager, QueryRunnerAlreadyReleasedError } from 'typeorm';

/**
 * Runs one statement as the named prepared statement `name` on the connection of `em`'s transaction and
 * returns its rows (for UPDATE … RETURNING too, unlike `em.query`, which returns [rows, count] for those).
 *
 * Why: TypeORM sends every query as an unnamed statement, which PostgreSQL parses and plans on every call.
 * For the order path's statements (joins, CTEs, unnest) that planning was about two thirds of the
 * database's CPU per order: pgbench replaying them gave 1,060 orders/s unprepared and 3,060/s prepared on
 * the same machine (`pnpm bench orders`, docs/benchmarks.md). A name is prepared once per pooled connection
 * and its plan reused (PostgreSQL switches to a generic plan after five calls when it is no worse).
 *
 * Use it for hot, fixed statements only: `text` must be the same for a given `name` (pg refuses a name
 * reused with other text), so nothing interpolated per call. Needs session-level pooling (direct
 * connections, or PgBouncer in session mode), as the API has. Errors are pg's own (code, constraint), which
 * the callers' checks read as they read TypeORM's `driverError`.
 */
export async function preparedQuery<T>(em: EntityManager, name: string, text: string, values: unknown[], onConnected?: () => void): Promise<T[]> {
  // in a transaction: its connection (never another one: a statement of a transaction whose connection
  // failed must fail too, not run on its own); outside any: one from the pool for this statement
  if (em.queryRunner?.isReleased) throw new QueryRunnerAlreadyReleasedError();
  const own = em.queryRunner ? undefined : em.connection.createQueryRunner();
  const runner = own ?? em.queryRunner!;
  try {
    const client = (await runner.connect()) as PoolClient;
    onConnected?.(); // the caller may still give up (throw) after waiting for a pooled connection, before using it
    return (await client.query({ name, text, values })).rows as T[];
  } finally {
    await own?.release();
  }
}
