#!/usr/bin/env node
// `pnpm bench <name>`: runs bench/<name>.mjs. Benchmarks print their figures and end with one line
// `BENCH <name> key=value ...`. They are not part of `pnpm test` (speed targets are not timed tests).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .map((f) => f.replace(/\.mjs$/, ''));
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: pnpm bench <name> [args]\navailable: ${available.join(', ') || '(none yet)'}\n`);
  process.exit(name ? 2 : 0);
}
const r = spawnSync(process.execPath, [path.join(dir, `${name}.mjs`), ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
