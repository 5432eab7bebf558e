#!/usr/bin/env node
// `pnpm bench orders [--history=100000 --skus=1000 --connections=50 --seconds=20 --buyers=2000 --pool=20]`
// Places one-line orders for random SKUs among `skus` through POST /api/v1/orders of the production
// build, `connections` keep-alive connections for `seconds`. Floor: pgbench replaying the same SQL
// (bench/lib/commerce.mjs placeOrderScript) with the same number of clients, in the same run, prepared
// as the API prepares it (`--unpreparedFloor=false` skips the second, unprepared replay).
// Target (issue 8): orders/s ÷ floor ≥ 0.6.
import { ADDRESS, placeOrderScript, seedCommerce, seedHistory } from './lib/commerce.mjs';
import {
  bench,
  benchLine,
  build,
  cpuSeconds,
  fmt,
  log,
  options,
  pgbench,
  postgresCpuSeconds,
  runLoad,
  scratchDatabase,
  startApi,
  startSandbox,
  stopChild,
  tokenFor,
} from './lib/env.mjs';

const o = options({ history: 100_000, skus: 1000, connections: 50, seconds: 20, buyers: 2000, pool: 20, floorClients: 0, cpuProf: '', unpreparedFloor: true });

await bench(async () => {
  build();
  const db = await scratchDatabase('orders');
  const sandbox = await startSandbox();
  const api = await startApi(db, sandbox, { DB_POOL_SIZE: String(o.pool) }, o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`] : []);
  const s = await seedCommerce(db, { skus: o.skus, stock: 1_000_000, buyers: o.buyers });
  await seedHistory(db, s, { orders: o.history }); // a shop with a past (see seedHistory)
  log(`seeded ${o.skus} SKUs (${s.skuLo}..${s.skuHi}), ${o.buyers} buyers, shop ${s.shopId}`);

  const tokens = [];
  for (let id = s.buyerLo; id <= s.buyerHi; id++) tokens.push(`Bearer ${tokenFor(id)}`);
  const run = Date.now().toString(36);
  const template = {
    method: 'POST',
    path: '/api/v1/orders',
    headers: { authorization: '{{token}}' },
    body: JSON.stringify({ shopId: s.shopId, items: [{ skuId: '__SKU__', quantity: 1 }], address: ADDRESS, idempotencyKey: `b_${run}_{{i}}` }).replace(
      '"__SKU__"',
      '{{rand}}',
    ),
    tokens,
    rand: [s.skuLo, s.skuHi],
  };
  // warm-up (JIT, pool, caches), not counted
  await runLoad({
    target: api.url,
    connections: o.connections,
    durationMs: 3000,
    maxRequests: 2000,
    template: { ...template, body: template.body.replace(`b_${run}_`, `w_${run}_`) },
  });
  const cpu0 = cpuSeconds(api.child.pid);
  const pgCpu0 = postgresCpuSeconds();
  const load = await runLoad({ target: api.url, connections: o.connections, durationMs: o.seconds * 1000, maxRequests: 1_000_000, template });
  const apiCpuMsPerOrder = ((cpuSeconds(api.child.pid) - cpu0) * 1000) / load.requests;
  const pgCpuMsPerOrder = ((postgresCpuSeconds() - pgCpu0) * 1000) / load.requests;
  log(`CPU per order: API ${fmt(apiCpuMsPerOrder, 2)} ms, PostgreSQL ${fmt(pgCpuMsPerOrder, 2)} ms, load generator ${fmt(load.cpuMs / load.requests, 2)} ms`);
  log(
    `API: ${load.requests} requests in ${fmt(load.elapsedMs / 1000)} s, status ${JSON.stringify(load.status)}, ${fmt(load.okRps)} orders/s, p50 ${fmt(load.p50)} ms, p99 ${fmt(load.p99)} ms, max ${fmt(load.max)} ms`,
  );
  if (Object.keys(load.samples).length) log(`non-2xx samples: ${JSON.stringify(load.samples)}`);
  const [{ orders }] = (await db.pool.query(`SELECT count(*)::int AS orders FROM "order" WHERE idempotency_key LIKE $1`, [`b_${run}_%`])).rows;
  log(`orders in database from the measured run: ${orders}`);

  // stop the API so the floor has the machine to itself, as the API had during its run
  await stopChild(api.child);
  const clients = o.floorClients || o.connections;
  // The API sends the order path's statements as named prepared statements (apps/api/src/database/prepared.ts),
  // so the floor does too (-M prepared). The unprepared replay (-M extended) is printed for comparison: the
  // difference is PostgreSQL planning the statements on every order.
  const script = placeOrderScript({ shopId: s.shopId, buyerLo: s.buyerLo, buyerHi: s.buyerHi, skuExpr: `random(${s.skuLo}, ${s.skuHi})` });
  const floor = pgbench(db, script, { clients, seconds: o.seconds, label: 'orders-floor', mode: 'prepared' });
  log(
    `floor (pgbench, same SQL, prepared, ${clients} clients, ${o.seconds} s): ${fmt(floor.tps)} tps, latency ${fmt(floor.latencyMs, 2)} ms, failed ${floor.failed}`,
  );
  log(
    floor.stdout
      .split('\n')
      .filter((l) => /^\s+[\d.]+\s+\d+\s/.test(l))
      .join('\n'),
  );
  const unprepared = o.unpreparedFloor ? pgbench(db, script, { clients, seconds: o.seconds, label: 'orders-floor-unprepared', mode: 'extended' }) : null;
  if (unprepared) log(`for comparison, the same SQL unprepared (-M extended, planned on every order): ${fmt(unprepared.tps)} tps`);
  const ratio = load.okRps / floor.tps;
  const met = ratio >= 0.6;
  log(`ratio ${fmt(ratio, 2)} (target ≥ 0.6): ${met ? 'met' : 'NOT met'}`);
  benchLine('orders', {
    orders_per_s: fmt(load.okRps),
    p99_ms: fmt(load.p99),
    p50_ms: fmt(load.p50),
    errors: load.requests - load.ok,
    floor_tps: fmt(floor.tps),
    ratio: fmt(ratio, 2),
    target: '0.6',
    met,
    skus: o.skus,
    connections: o.connections,
    seconds: o.seconds,
    pool: o.pool,
    api_cpu_ms_per_order: fmt(apiCpuMsPerOrder, 2),
    pg_cpu_ms_per_order: fmt(pgCpuMsPerOrder, 2),
    floor_unprepared_tps: unprepared ? fmt(unprepared.tps) : 'skipped',
  });
});
