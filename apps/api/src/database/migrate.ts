import { type DataSource, MigrationExecutor } from 'typeorm';

/** Arbitrary constant; every ShareShop process migrating the same database takes this lock first. */
const MIGRATION_LOCK = 7_300_001;

/**
 * Runs pending migrations under a session-level advisory lock, so two API instances (or two test
 * workers) starting at once migrate once, one after the other, instead of racing on DDL.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Waiting for another instance's migrations, and a migration's own backfill, may outlast the pool's
    // request-sized statement/lock timeouts (DB_*_TIMEOUT_MS): lift them on this session while it migrates.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SET lock_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const done = await executor.executePendingMigrations();
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.query('RESET statement_timeout; RESET lock_timeout').catch(() => undefined);
    await runner.release();
  }
}
