import { type CommerceWorld, startCommerceApi } from '../../apps/api/test/commerce-fixtures.js';
import type { TestApiOptions } from '../../apps/api/test/harness.js';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.js';

export interface PrivateCommerce {
  db: PrivatePostgres;
  w: CommerceWorld;
  /** starts PostgreSQL again if a test left it stopped (so the API closes cleanly), closes the API, deletes the server */
  close(): Promise<void>;
}

/**
 * The commerce API with a WeChat sandbox on a PostgreSQL of the test's own (see private-postgres.ts), for the
 * fault tests that stop and start the database under load. `options.env` adds to (or overrides) the pool size
 * and log level set here.
 */
export async function startCommerceOnPrivatePostgres(name: string, options: Omit<TestApiOptions, 'sandbox'> = {}): Promise<PrivateCommerce> {
  const db = await startPrivatePostgres(name);
  let w: CommerceWorld;
  try {
    w = await startCommerceApi({
      ...options,
      sandbox: true,
      env: { DATABASE_URL: db.url, DB_POOL_SIZE: '10', LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'silent', ...options.env },
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    w,
    close: async () => {
      await db.start().catch(() => undefined);
      await w.t.close();
      await db.destroy();
    },
  };
}
