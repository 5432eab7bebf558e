import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  /** drops it, closing whatever sessions are still on it */
  drop(): Promise<void>;
}

/**
 * An empty database of a test's own on the run's server (`SHARESHOP_TEST_ADMIN_DATABASE_URL`, set by jest's
 * globalSetup), named `<prefix>_<pid>_<random>` so parallel test files never meet: the harness's isolated API
 * databases and the schema-drift test's migrated one.
 */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const adminUrl = process.env.SHARESHOP_TEST_ADMIN_DATABASE_URL;
  if (!adminUrl) throw new Error('SHARESHOP_TEST_ADMIN_DATABASE_URL is unset: run tests through `pnpm test` (jest globalSetup)');
  const name = `${prefix}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
