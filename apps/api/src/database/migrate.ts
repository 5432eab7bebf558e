import type { DataSource } from 'typeorm';

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
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
