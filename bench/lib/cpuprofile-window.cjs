// Steady-state view of a .cpuprofile: only the last N seconds (the load, not start-up), self time by package
// and inclusive time by function. Usage: node bench/lib/cpuprofile-window.cjs <dir> [seconds=5] [rows=60]
const fs = require('fs');
const d = process.argv[2];
const f =
  d +
  '/' +
  fs
    .readdirSync(d)
    .filter((x) => x.endsWith('.cpuprofile'))
    .sort()
    .pop();
const secs = Number(process.argv[3] || 5);
const p = JSON.parse(fs.readFileSync(f));
const by = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children || []) parent.set(c, n.id);
let t = p.startTime;
const ts = p.timeDeltas.map((x) => (t += x));
const cut = p.endTime - secs * 1e6;
const incl = new Map();
let total = 0;
const key = (cf) =>
  (cf.functionName || '(anon)') +
  ' ' +
  cf.url.replace(/^.*node_modules\/\.pnpm\/([^/]+)\/.*?([^/]+)$/, '$1/$2').replace(/^.*\/dist\//, 'dist/') +
  ':' +
  cf.lineNumber;
const pk = (cf) => {
  const u = cf.url;
  let m = /node_modules\/\.pnpm\/([^/]+)\//.exec(u);
  if (m) return m[1].replace(/@\d.*$/, '');
  if (u.includes('/dist/')) return u.replace(/^.*\/(apps|packages)\/([^/]+)\/dist\/.*$/, '$1/$2');
  return u.startsWith('node:') ? 'node:*' : '(' + cf.functionName + ')';
};
const pkg = new Map();
p.samples.forEach((s, i) => {
  if (ts[i] < cut) return;
  const dt = p.timeDeltas[i + 1] || 0;
  total += dt;
  const n = by.get(s);
  if (['(idle)', '(program)'].includes(n.callFrame.functionName)) return;
  pkg.set(pk(n.callFrame), (pkg.get(pk(n.callFrame)) || 0) + dt);
  const seen = new Set();
  let c = s;
  while (c) {
    const k = key(by.get(c).callFrame);
    if (!seen.has(k)) {
      seen.add(k);
      incl.set(k, (incl.get(k) || 0) + dt);
    }
    c = parent.get(c);
  }
});
console.log('window', secs, 's total sampled', (total / 1e6).toFixed(2));
console.log('-- self by package');
[...pkg]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 20)
  .forEach(([k, v]) => console.log(((v / total) * 100).toFixed(1).padStart(5) + '% ' + k));
console.log('-- inclusive');
[...incl]
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(process.argv[4] || 60))
  .forEach(([k, v]) => console.log(((v / total) * 100).toFixed(1).padStart(5) + '% ' + k));
