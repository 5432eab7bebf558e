#!/usr/bin/env node
// Package sizes of the weapp build (dist/weapp, or the directory given as the first argument), against
// WeChat's limits: main package <= 1 MB here (WeChat allows 2 MB; we keep half as headroom), each
// subpackage <= 2 MB, everything <= 20 MB. Exits 1 when a limit is exceeded or there is no build.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(process.argv[2] ?? path.join(here, '..', 'dist', 'weapp'));
const KB = 1024;
const MB = 1024 * KB;
const LIMITS = { main: 1 * MB, sub: 2 * MB, total: 20 * MB };
// Not part of the uploaded code package.
const IGNORED = new Set(['project.config.json', 'project.private.config.json']);

function files(dir, rel = '') {
  const out = [];
  for (const name of readdirSync(dir)) {
    const abs = path.join(dir, name);
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(abs).isDirectory()) out.push(...files(abs, r));
    else if (!IGNORED.has(r) && !name.endsWith('.map')) out.push({ rel: r, size: statSync(abs).size });
  }
  return out;
}

if (!existsSync(path.join(dist, 'app.json'))) {
  console.error(`size: no weapp build at ${dist} (run pnpm build:weapp first)`);
  process.exit(1);
}
const app = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'));
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));
const sizes = Object.fromEntries([['main', 0], ...roots.map((r) => [r, 0])]);
let total = 0;
for (const f of files(dist)) {
  const root = roots.find((r) => f.rel === r || f.rel.startsWith(`${r}/`));
  sizes[root ?? 'main'] += f.size;
  total += f.size;
}

const fmt = (n) => `${(n / KB).toFixed(1)} KB`;
const failures = [];
const rows = [['main', sizes.main, LIMITS.main], ...roots.map((r) => [r, sizes[r], LIMITS.sub]), ['total', total, LIMITS.total]];
for (const [name, size, limit] of rows) {
  const ok = size <= limit;
  if (!ok) failures.push(`${name} ${fmt(size)} > ${fmt(limit)}`);
  console.log(`${ok ? '✔' : '✖'} ${name.padEnd(16)} ${fmt(size).padStart(10)}  (limit ${fmt(limit)})`);
}
if (failures.length) {
  console.error(`size: over the limit: ${failures.join('; ')}`);
  process.exit(1);
}
