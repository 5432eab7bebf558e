#!/usr/bin/env node
// `pnpm start`: builds everything, then runs the WeChat sandbox, the API (embedded PostgreSQL unless
// DATABASE_URL is set) and the mini program's H5 build on a local static server. Ctrl-C stops all three.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { runDemoStory } from './demo-story.mjs';
import { createH5Server } from './h5-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const API_PORT = Number(process.env.API_PORT ?? 7000);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 7100);
const WEB_PORT = Number(process.env.WEB_PORT ?? 7200);
const HOST = '127.0.0.1';
const apiUrl = `http://${HOST}:${API_PORT}`;
const sandboxUrl = `http://${HOST}:${SANDBOX_PORT}`;
const webUrl = `http://${HOST}:${WEB_PORT}`;
const log = (msg) => process.stdout.write(`[start] ${msg}\n`);

const env = {
  ...process.env,
  API_PORT: String(API_PORT),
  SANDBOX_PORT: String(SANDBOX_PORT),
  WECHAT_SANDBOX_URL: process.env.WECHAT_SANDBOX_URL ?? sandboxUrl,
  API_PUBLIC_URL: process.env.API_PUBLIC_URL ?? apiUrl,
  TARO_APP_API_BASE: process.env.TARO_APP_API_BASE ?? `${apiUrl}/api/v1`,
  TARO_APP_SANDBOX_BASE: process.env.TARO_APP_SANDBOX_BASE ?? sandboxUrl,
};

if (!process.argv.includes('--no-build')) {
  log('building packages, API, sandbox and the H5 mini program (first time: about a minute)...');
  for (const args of [
    ['-r', '--filter', '!@shareshop/miniprogram', 'build'],
    ['--filter', '@shareshop/miniprogram', 'build:h5'],
  ]) {
    const r = spawnSync('pnpm', args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
    if (r.status !== 0) {
      log(`build failed: pnpm ${args.join(' ')}`);
      process.exit(r.status ?? 1);
    }
  }
}

const children = [];
function run(name, script) {
  const child = spawn(process.execPath, [script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .map((l) => `[${name}] ${l}\n`)
      .join('');
  child.stdout.on('data', (c) => process.stdout.write(prefix(c)));
  child.stderr.on('data', (c) => process.stderr.write(prefix(c)));
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping everything`);
      void stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, what, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not become ready at ${url}`);
}

function serveH5() {
  const server = createH5Server(path.join(root, 'apps/miniprogram/dist/h5'));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(WEB_PORT, HOST, () => resolve(server));
  });
}

/**
 * 店主's sales history (scripts/demo-story.mjs), played through the API once the sandbox and the API are up.
 * Only with the sandbox as WeChat (the personas' condition, config/personas.ts); it never stops the start.
 */
async function demoStory() {
  if (env.WECHAT_APPID || env.NODE_ENV === 'production') return;
  try {
    const result = await runDemoStory({ apiUrl, sandboxUrl });
    if (result.placed) log(`demo story: 顾客 bought ${result.placed} orders in 店主's shop (paid through the sandbox)`);
  } catch (error) {
    log(`warning: demo story did not finish (店主 may have no sales history): ${error?.message ?? error}`);
  }
}

let stopping = false;
let web;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  web?.close();
  await Promise.all(
    children.map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', resolve);
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  log('stopped');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  run('sandbox', 'apps/wechat-sandbox/dist/main.js');
  await waitFor(`${sandboxUrl}/__sandbox__/credentials`, 'WeChat sandbox');
  run('api', 'apps/api/dist/main.js');
  await waitFor(`${apiUrl}/health`, 'API');
  await demoStory();
  web = await serveH5();
  log('ShareShop is running:');
  log(`  mini program (H5)   ${webUrl}`);
  log(`  API                 ${apiUrl}/api/v1   (health: ${apiUrl}/health)`);
  log(`  API docs (OpenAPI)  ${apiUrl}/docs`);
  log(`  WeChat sandbox      ${sandboxUrl}   (cashier, calls, notifications)`);
  log('Press Ctrl-C to stop.');
} catch (error) {
  log(String(error.message ?? error));
  await stop(1);
}
