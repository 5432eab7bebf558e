#!/usr/bin/env node
// Summarise a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package/file.
// Usage: node bench/lib/cpuprofile.mjs <file-or-dir> [top]
import fs from 'node:fs';
import path from 'node:path';

export function summarise(file, top = 25) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const fn = new Map();
  const pkg = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const url = cf.url || '(native)';
    const key = `${cf.functionName || '(anon)'} ${url.replace(/^file:\/\/\/work\/main\//, '')}:${cf.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const m = /node_modules\/\.pnpm\/([^/]+)\//.exec(url) ?? /node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(url);
    const p = m
      ? m[1].replace(/@\d.*$/, '')
      : url.includes('/dist/')
        ? url.replace(/^.*\/(apps|packages)\/([^/]+)\/dist\/(.*)$/, '$1/$2/$3')
        : url.startsWith('node:')
          ? url
          : cf.functionName
            ? `(${cf.functionName})`
            : '(other)';
    pkg.set(p, (pkg.get(p) ?? 0) + us);
  }
  const fmtRows = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `profile ${path.basename(file)}: ${(total / 1e6).toFixed(1)} s sampled\n-- self time by package/file --\n${fmtRows(pkg)}\n-- self time by function --\n${fmtRows(fn)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let f = process.argv[2];
  if (fs.statSync(f).isDirectory())
    f = path.join(
      f,
      fs
        .readdirSync(f)
        .filter((x) => x.endsWith('.cpuprofile'))
        .sort()
        .pop(),
    );
  process.stdout.write(`${summarise(f, Number(process.argv[3] ?? 25))}\n`);
}
