#!/usr/bin/env node
// `pnpm test`: the type checker, the linter and the formatter check over the whole workspace, then every test in the repo in one
// Jest run against real PostgreSQL (see jest-global-setup.js). A type or lint error fails the run like a failing
// test. Prints one closing line "N passed, N failed" (", N skipped") that CI reads. Extra args go to Jest and
// skip the static checks (a focused run: `pnpm test apps/api/test/orders.test.ts`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const resultsFile = path.join(root, '.data', 'jest-results.json');
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.rmSync(resultsFile, { force: true });

/** Type check and lint, each as one step; returns the names of the steps that failed. */
function staticChecks() {
  const steps = [
    ['typecheck', 'pnpm', ['-r', '--workspace-concurrency=1', 'typecheck']],
    ['lint', 'pnpm', ['lint']],
    ['format', 'pnpm', ['format:check']],
  ];
  const failedSteps = [];
  for (const [name, cmd, args] of steps) {
    const started = Date.now();
    process.stdout.write(`== ${name}\n`);
    const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
    process.stdout.write(`== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    if (r.status !== 0) failedSteps.push(name);
  }
  return failedSteps;
}

const focused = process.argv.length > 2;
const staticFailures = focused ? [] : staticChecks();

const jest = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/jest/bin/jest.js'), '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_OPTIONS: [process.env.NODE_OPTIONS, '--experimental-vm-modules', '--no-warnings=ExperimentalWarning'].filter(Boolean).join(' '),
    },
  },
);

let passed = 0;
let failed = staticFailures.length;
let skipped = 0;
if (fs.existsSync(resultsFile)) {
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  passed = r.numPassedTests;
  failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
  skipped = r.numPendingTests + r.numTodoTests;
} else {
  failed += 1; // Jest died before reporting
}
if (staticFailures.length) process.stdout.write(`\nstatic checks failed: ${staticFailures.join(', ')}\n`);
const status = jest.status ?? 1;
if (status !== 0 && failed === 0) failed = 1; // e.g. a global setup error or an open-handle timeout
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
