/**
 * The type checker over tests/miniprogram: the suites use only the SDK's typed public API, and the options
 * the suites launch WeChat DevTools with (support/target.ts) are checked against the SDK's ILaunchOptions.
 * That path cannot run on Linux, so this is what keeps it correct here.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const repoRoot = path.resolve(here, '../..');

test('tsc --noEmit -p tests/miniprogram/tsconfig.json passes', () => {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.json'), '--noEmit'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 240_000,
  });
  expect(`${r.stdout}${r.stderr}`.trim()).toBe('');
  expect(r.status).toBe(0);
}, 240_000);
