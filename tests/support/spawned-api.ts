import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The production build of the API (`node apps/api/dist/main.js`) as a child process, for tests that must
 * kill it (SIGKILL) and start it again. Loopback only; every wait is bounded; `stop()` in afterAll.
 */
export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const MAIN = path.join(repoRoot, 'apps/api/dist/main.js');
const LOG_LIMIT = 64 * 1024;

/** Newest modification time of any source file under `dir` (TypeScript sources only). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the API (and the workspace packages it imports at run time) when a dist file is missing or older
 * than its sources, so a spawned API always runs the code under test, never a stale build.
 */
export function ensureApiBuilt(): void {
  const outputs: Array<[string, string]> = [
    [MAIN, path.join(repoRoot, 'apps/api/src')],
    [path.join(repoRoot, 'packages/common/dist/index.js'), path.join(repoRoot, 'packages/common/src')],
    [path.join(repoRoot, 'packages/wechat/dist/index.js'), path.join(repoRoot, 'packages/wechat/src')],
  ];
  const fresh = outputs.every(([out, src]) => fs.existsSync(out) && fs.statSync(out).mtimeMs >= newestSource(src));
  if (fresh) return;
  execFileSync('pnpm', ['--filter', '@shareshop/api...', 'build'], { cwd: repoRoot, stdio: 'pipe', timeout: 180_000 });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnedApi {
  url: string;
  port: number;
  readonly pid: number | undefined;
  /** Output of the current and earlier runs (last 64 KB). */
  logs(): string;
  /** Sends `signal` and waits (bounded) for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port with the same environment; resolves once /health answers 200. */
  restart(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export interface SpawnApiOptions {
  /** Environment of the API (DATABASE_URL, WECHAT_* ...); API_PORT/API_PUBLIC_URL are set here. */
  env: Record<string, string>;
  port?: number;
  readyTimeoutMs?: number;
}

export async function spawnApi(options: SpawnApiOptions): Promise<SpawnedApi> {
  ensureApiBuilt();
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const { NODE_OPTIONS: _ignored, ...parentEnv } = process.env;
  const env = {
    ...parentEnv,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    ...options.env,
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    API_PUBLIC_URL: url,
  };
  let log = '';
  let child: ChildProcess | undefined;
  const append = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT);
  };

  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const waitExit = (c: ChildProcess, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (exited(c)) return resolve(true);
      const timer = setTimeout(() => resolve(false), ms);
      c.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });

  async function start(): Promise<void> {
    const c = spawn(process.execPath, [MAIN], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    live.add(c);
    c.once('exit', () => live.delete(c));
    c.stdout!.on('data', append);
    c.stderr!.on('data', append);
    const deadline = Date.now() + (options.readyTimeoutMs ?? 45_000);
    while (Date.now() < deadline) {
      if (exited(c)) throw new Error(`API exited during start (code ${c.exitCode}, signal ${c.signalCode}):\n${log.slice(-4000)}`);
      try {
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
        if (res.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    c.kill('SIGKILL');
    throw new Error(`API did not become healthy within ${options.readyTimeoutMs ?? 45_000} ms:\n${log.slice(-4000)}`);
  }

  await start();
  return {
    url,
    port,
    get pid() {
      return child?.pid;
    },
    logs: () => log,
    async kill(signal = 'SIGKILL') {
      if (!child || exited(child)) return;
      child.kill(signal);
      if (!(await waitExit(child, 10_000))) throw new Error(`API did not exit on ${signal}`);
    },
    async restart() {
      if (child && !exited(child)) throw new Error('API is still running');
      log += '\n----- restart -----\n';
      await start();
    },
    async stop(graceMs = 10_000) {
      if (!child || exited(child)) return;
      child.kill('SIGTERM');
      if (!(await waitExit(child, graceMs))) {
        child.kill('SIGKILL');
        await waitExit(child, 5_000);
      }
    },
  };
}
