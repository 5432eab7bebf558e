/**
 * The mini program's H5 build for browser-driven tests, and a static server for it. The API and sandbox URLs
 * are baked into the bundle, so each suite family builds its own copy for its own fixed ports and reuses it
 * while it is newer than the sources. tests/support/browser-stack.ts starts a suite's whole stack around it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export const repoRoot = path.resolve(new URL('.', import.meta.url).pathname, '../..');
const appDir = path.join(repoRoot, 'apps/miniprogram');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export interface H5BuildOptions {
  /** output folder, relative to apps/miniprogram (git-ignored like dist/) */
  outDir: string;
  apiBase: string;
  sandboxBase: string;
}

/**
 * Builds the H5 bundle into `outDir` unless it was built for these URLs and is newer than every source, or was
 * built earlier in this Jest run (one build serves every suite of a run, even while sources change under it).
 */
export function ensureH5Build({ outDir, apiBase, sandboxBase }: H5BuildOptions): string {
  const distDir = path.join(appDir, outDir);
  const stampFile = path.join(distDir, '.build-stamp.json');
  // the per-run database (scripts/jest-global-setup.js) names the run
  const run = process.env.SHARESHOP_TEST_DATABASE_URL ?? null;
  const want = { api: apiBase, sandbox: sandboxBase };
  const sources = Math.max(
    newestMtime(path.join(appDir, 'src')),
    newestMtime(path.join(appDir, 'config')),
    newestMtime(path.join(repoRoot, 'packages/common/src')),
  );
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    const fresh = fs.statSync(path.join(distDir, 'index.html')).mtimeMs > sources || (run !== null && stamp.run === run);
    if (stamp.api === want.api && stamp.sandbox === want.sandbox && fresh) return distDir;
  } catch {
    // no build yet
  }
  execFileSync('pnpm', ['build:h5'], {
    cwd: appDir,
    stdio: 'inherit',
    timeout: 300_000,
    // jest sets NODE_ENV=test, which would make Taro emit a development bundle
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SHARESHOP_OUTPUT_ROOT: distDir,
      TARO_APP_API_BASE: apiBase,
      TARO_APP_SANDBOX_BASE: sandboxBase,
      NODE_OPTIONS: '',
    },
  });
  fs.writeFileSync(stampFile, JSON.stringify({ ...want, run }));
  return distDir;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serves `root` on 127.0.0.1:`port` (hash router: every unknown path is index.html). */
export function serveStatic(root: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let file = path.join(root, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
