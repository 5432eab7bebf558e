#!/usr/bin/env node
// `pnpm bench orders [--history=100000 --skus=1000 --connections=50 --seconds=20 --buyers=2000 --pool=20 --repeat=3]`
// Places one-line orders for random SKUs among `skus` through POST /api/v1/orders of the production
// build, `connections` keep-alive connections for `seconds`. Floor: pgbench replaying the same SQL
// (bench/lib/commerce.mjs placeOrderScript: the one `place_order` call the API sends) with the same number
// of clients, prepared as the API prepares it (`--unpreparedFloor=true` adds an unprepared replay).
// The measurement (API run, then its floor with the API stopped) is repeated `repeat` times on the same
// seeded database; the figures are the median and the spread (min-max) of the runs (bench/lib/repeat.mjs).
// Target (issue 18): orders/s ÷ floor ≥ 0.6 in the median run.
import { ADDRESS, closeUnpaidOrders, floorOrdersPlaced, placeOrderScript, seedCommerce, seedHistory } from './lib/commerce.mjs';
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
import { runRepeated, spreadFields, spreadText, summarize } from './lib/repeat.mjs';

const o = options({
  history: 100_000,
  skus: 1000,
  connections: 50,
  seconds: 20,
  warmupSeconds: 3,
  buyers: 2000,
  pool: 20,
  floorClients: 0,
  cpuProf: '',
  unpreparedFloor: false,
  repeat: 3,
});

await bench(async () => {
  build();
  const db = await scratchDatabase('orders');
  const sandbox = await startSandbox();
  // the API migrates the scratch database; seeded once, measured `repeat` times
  let api = await startApi(db, sandbox, { DB_POOL_SIZE: String(o.pool) }, o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`] : []);
  const s = await seedCommerce(db, { skus: o.skus, stock: 1_000_000, buyers: o.buyers });
  await seedHistory(db, s, { orders: o.history }); // a shop with a past (see seedHistory)
  log(`seeded ${o.skus} SKUs (${s.skuLo}..${s.skuHi}), ${o.buyers} buyers, shop ${s.shopId}; ${o.repeat} runs`);

  const tokens = [];
  for (let id = s.buyerLo; id <= s.buyerHi; id++) tokens.push(`Bearer ${tokenFor(id)}`);
  const clients = o.floorClients || o.connections;
  // The API sends the order as one named prepared statement (apps/api/src/database/prepared.ts), so the
  // floor does too (-M prepared). The unprepared replay (-M extended) shows what planning costs.
  const script = placeOrderScript({ shopId: s.shopId, buyerLo: s.buyerLo, buyerHi: s.buyerHi, skuExpr: `random(${s.skuLo}, ${s.skuHi})` });

  const runs = await runRepeated(o.repeat, async (i) => {
    if (i > 0) api = await startApi(db, sandbox, { DB_POOL_SIZE: String(o.pool) });
    await closeUnpaidOrders(db); // every run starts with the same per-buyer unpaid counts
    const run = `${Date.now().toString(36)}${i}`;
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
      durationMs: o.warmupSeconds * 1000,
      maxRequests: 2000,
      template: { ...template, body: template.body.replace(`b_${run}_`, `w_${run}_`) },
    });
    const cpu0 = cpuSeconds(api.child.pid);
    const pgCpu0 = postgresCpuSeconds();
    const load = await runLoad({ target: api.url, connections: o.connections, durationMs: o.seconds * 1000, maxRequests: 1_000_000, template });
    const apiCpuMs = ((cpuSeconds(api.child.pid) - cpu0) * 1000) / load.requests;
    const pgCpuMs = ((postgresCpuSeconds() - pgCpu0) * 1000) / load.requests;
    const loadCpuMs = load.cpuMs / load.requests;
    log(`CPU per order: API ${fmt(apiCpuMs, 2)} ms, PostgreSQL ${fmt(pgCpuMs, 2)} ms, load generator ${fmt(loadCpuMs, 2)} ms`);
    log(
      `API: ${load.requests} requests in ${fmt(load.elapsedMs / 1000)} s, status ${JSON.stringify(load.status)}, ${fmt(load.okRps)} orders/s, p50 ${fmt(load.p50)} ms, p99 ${fmt(load.p99)} ms, max ${fmt(load.max)} ms`,
    );
    if (Object.keys(load.samples).length) log(`non-2xx samples: ${JSON.stringify(load.samples)}`);
    const [{ orders }] = (await db.pool.query(`SELECT count(*)::int AS orders FROM "order" WHERE idempotency_key LIKE $1`, [`b_${run}_%`])).rows;
    log(`orders in database from the measured run: ${orders}`);

    // stop the API so the floor has the machine to itself, as the API had during its run
    await stopChild(api.child);
    await closeUnpaidOrders(db); // the floor's buyers start where the API's did
    const placedBefore = await floorOrdersPlaced(db);
    const floor = pgbench(db, script, { clients, seconds: o.seconds, label: `orders-floor-${i}`, mode: 'prepared' });
    const floorPlaced = (await floorOrdersPlaced(db)) - placedBefore;
    log(
      `floor (pgbench, same SQL, prepared, ${clients} clients, ${o.seconds} s): ${fmt(floor.tps)} tps, latency ${fmt(floor.latencyMs, 2)} ms, failed ${floor.failed}; orders placed ${floorPlaced} of ${floor.processed} transactions`,
    );
    if (floorPlaced !== floor.processed) throw new Error(`the floor placed ${floorPlaced} orders in ${floor.processed} transactions: it measured refusals`);
    const unprepared = o.unpreparedFloor ? pgbench(db, script, { clients, seconds: o.seconds, label: `orders-floor-unprepared-${i}`, mode: 'extended' }) : null;
    if (unprepared) log(`for comparison, the same SQL unprepared (-M extended, planned on every order): ${fmt(unprepared.tps)} tps`);
    const ratio = load.okRps / floor.tps;
    log(`run ${i + 1}: ratio ${fmt(ratio, 2)}`);
    return {
      ordersPerS: load.okRps,
      p99: load.p99,
      p50: load.p50,
      errors: load.requests - load.ok,
      floorTps: floor.tps,
      ratio,
      apiCpuMs,
      pgCpuMs,
      loadCpuMs,
      unpreparedTps: unprepared?.tps ?? NaN,
    };
  });

  const ratio = summarize(runs, 'ratio');
  const met = ratio.median >= 0.6;
  log(
    `median (min–max) of ${runs.length} runs: ${spreadText(summarize(runs, 'ordersPerS'))} orders/s, p99 ${spreadText(summarize(runs, 'p99'))} ms, floor ${spreadText(summarize(runs, 'floorTps'))} tps, ratio ${spreadText(ratio, 2)} (target ≥ 0.6): ${met ? 'met' : 'NOT met'}`,
  );
  log(
    `CPU per order, median (min–max): API ${spreadText(summarize(runs, 'apiCpuMs'), 2)} ms, PostgreSQL ${spreadText(summarize(runs, 'pgCpuMs'), 2)} ms, load generator ${spreadText(summarize(runs, 'loadCpuMs'), 2)} ms`,
  );
  benchLine('orders', {
    ...spreadFields(runs, { orders_per_s: 'ordersPerS', p99_ms: 'p99', p50_ms: 'p50', floor_tps: 'floorTps' }),
    ...spreadFields(runs, { ratio: 'ratio', api_cpu_ms_per_order: 'apiCpuMs', pg_cpu_ms_per_order: 'pgCpuMs', loadgen_cpu_ms_per_order: 'loadCpuMs' }, 2),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    target: '0.6',
    met,
    runs: runs.length,
    skus: o.skus,
    connections: o.connections,
    seconds: o.seconds,
    pool: o.pool,
    floor_unprepared_tps: o.unpreparedFloor ? fmt(summarize(runs, 'unpreparedTps').median) : 'skipped',
  });
});
