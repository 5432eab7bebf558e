#!/usr/bin/env node
// `pnpm bench hotsku [--history=100000 --buyers=5000 --connections=200 --stock=1000 --pool=20 --slots=16 --floorSeconds=15 --repeat=3]`
// A viral product: `buyers` buyers each place one order for the same SKU (stock `stock`) over
// `connections` connections against the production build. Checks sold = stock, oversold = 0, every 201
// has its order, and measures orders/s (successful orders ÷ time to the last success) and the p99 of the
// sold-out answers (409). Floor: pgbench replaying the same order SQL (the one `place_order` call, prepared,
// as the API sends it) on one hot row (a SKU with unlimited stock), in the same run.
// The measurement is repeated `repeat` times (a fresh hot SKU and a fresh API each time, on the same seeded
// database); the figures are the median and the spread (min-max) of the runs (bench/lib/repeat.mjs).
// Target (issue 18): sold = stock and oversold = 0 in every run, orders/s ≥ 3 × floor in the median run,
// sold-out answers p99 < 20 ms.
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
  buyers: 5000,
  connections: 200,
  stock: 1000,
  pool: 20,
  slots: 16,
  splitAt: 6,
  floorClients: 50,
  floorSeconds: 15,
  warmSkus: 200,
  warmupSeconds: 4,
  repeat: 3,
});

await bench(async () => {
  build();
  const db = await scratchDatabase('hotsku');
  const sandbox = await startSandbox();
  const apiEnv = { DB_POOL_SIZE: String(o.pool), HOT_STOCK_SLOTS: String(o.slots), HOT_STOCK_SPLIT_CONCURRENCY: String(o.splitAt) };
  let api = await startApi(db, sandbox, apiEnv);
  // per run: a hot SKU, the floor's SKU and a SKU for the warm-up sale; then the cold SKUs of the warm-up
  const s = await seedCommerce(db, { skus: o.warmSkus + 3 * o.repeat, stock: 1_000_000, buyers: o.buyers });
  await seedHistory(db, s, { orders: o.history }); // a shop with a past (see seedHistory)
  const coldLo = s.skuLo + 3 * o.repeat;
  const tokens = [];
  for (let id = s.buyerLo; id <= s.buyerHi; id++) tokens.push(`Bearer ${tokenFor(id)}`);
  log(`seeded ${o.buyers} buyers; per run a hot SKU of stock ${o.stock}; slots=${o.slots}, split at ${o.splitAt} in-flight reservations; ${o.repeat} runs`);

  const runs = await runRepeated(o.repeat, async (i) => {
    const hotSku = s.skuLo + 3 * i;
    const floorSku = hotSku + 1;
    const warmHotSku = hotSku + 2;
    if (i > 0) api = await startApi(db, sandbox, apiEnv);
    await closeUnpaidOrders(db);
    await db.pool.query('UPDATE sku SET stock = $2 WHERE id = ANY($1)', [[hotSku, warmHotSku], o.stock]);
    await db.pool.query('UPDATE sku SET stock = 1000000000 WHERE id = $1', [floorSku]);
    const run = `${Date.now().toString(36)}${i}`;
    const body = (sku, prefix) =>
      JSON.stringify({ shopId: s.shopId, items: [{ skuId: '__SKU__', quantity: 1 }], address: ADDRESS, idempotencyKey: `${prefix}_${run}_{{i}}` }).replace(
        '"__SKU__"',
        sku,
      );
    const order = (sku, prefix) => ({ method: 'POST', path: '/api/v1/orders', headers: { authorization: '{{token}}' }, body: body(sku, prefix), tokens });

    // warm-up, not counted: cold SKUs (JIT, pool, caches), then a sale of another SKU at the measured
    // connections, so the hot path's code is compiled and the connections are open, as in a shop that has
    // sold before; the measured SKU still starts cold and splits during the measurement
    await runLoad({
      target: api.url,
      connections: 50,
      durationMs: o.warmupSeconds * 1000,
      maxRequests: 3000,
      template: { ...order('{{rand}}', 'w'), rand: [coldLo, s.skuHi] },
    });
    await runLoad({ target: api.url, connections: o.connections, durationMs: 30_000, maxRequests: o.stock * 2, template: order(String(warmHotSku), 'wh') });

    const cpu0 = cpuSeconds(api.child.pid);
    const pgCpu0 = postgresCpuSeconds();
    const load = await runLoad({
      target: api.url,
      connections: o.connections,
      durationMs: 120_000,
      maxRequests: o.buyers,
      template: order(String(hotSku), 'h'),
    });
    const apiCpuMs = ((cpuSeconds(api.child.pid) - cpu0) * 1000) / load.requests;
    const pgCpuMs = ((postgresCpuSeconds() - pgCpu0) * 1000) / load.requests;
    const loadCpuMs = load.cpuMs / load.requests;
    const ordersPerS = (load.ok / load.lastOkAt) * 1000;
    log(
      `API: ${load.requests} buyers in ${fmt(load.elapsedMs / 1000, 2)} s, status ${JSON.stringify(load.status)}; ${load.ok} orders by ${fmt(load.lastOkAt / 1000, 2)} s → ${fmt(ordersPerS)} orders/s; all requests ${fmt(load.rps)} /s, p50 ${fmt(load.p50)} ms, p99 ${fmt(load.p99)} ms (2xx p99 ${fmt(load.okP99)} ms, sold-out p99 ${fmt(load.conflictP99)} ms; the ${load.conflictsAfterFirst} sent after the first sold-out answer: p99 ${fmt(load.conflictAfterFirstP99)} ms)`,
    );
    log(`CPU per request: API ${fmt(apiCpuMs, 2)} ms, PostgreSQL ${fmt(pgCpuMs, 2)} ms, load generator ${fmt(loadCpuMs, 2)} ms`);
    log(`successes over time: 10/25/50/75/90/100 % of the orders by ${load.okProgress.join(' / ')} ms`);
    const unexpected = Object.entries(load.status).filter(([code]) => code !== '201' && code !== '409');
    if (unexpected.length)
      log(`unexpected statuses: ${JSON.stringify(Object.fromEntries(unexpected))} ${JSON.stringify(load.samples)}\n${api.errors.slice(0, 3).join('\n')}`);

    const [facts] = (
      await db.pool.query(
        `SELECT (SELECT COALESCE(sum(i.quantity), 0)::int FROM order_item i JOIN "order" o ON o.id = i.order_id WHERE i.sku_id = $1 AND o.idempotency_key LIKE $2) AS sold,
                (SELECT (stock + COALESCE((SELECT sum(stock) FROM sku_stock_slot WHERE sku_id = $1), 0))::int FROM sku WHERE id = $1) AS left,
                (SELECT count(*)::int FROM sku_stock_slot WHERE sku_id = $1) AS slots,
                (SELECT min(stock) FROM sku_stock_slot WHERE sku_id = $1) AS min_slot`,
        [hotSku, `h_${run}_%`],
      )
    ).rows;
    const oversold = Math.max(0, facts.sold - o.stock);
    log(
      `database: sold ${facts.sold}, left ${facts.left}, sold+left ${facts.sold + facts.left} (stock ${o.stock}), slots ${facts.slots}, lowest slot ${facts.min_slot}; 201 answers ${load.status['201'] ?? 0}`,
    );

    await stopChild(api.child);
    await closeUnpaidOrders(db);
    const placedBefore = await floorOrdersPlaced(db);
    const floor = pgbench(db, placeOrderScript({ shopId: s.shopId, buyerLo: s.buyerLo, buyerHi: s.buyerHi, skuExpr: String(floorSku) }), {
      clients: o.floorClients,
      seconds: o.floorSeconds,
      label: `hotsku-floor-${i}`,
      mode: 'prepared',
    }); // prepared, as the API sends this statement
    const floorPlaced = (await floorOrdersPlaced(db)) - placedBefore;
    log(
      `floor (pgbench, same order SQL on one hot row, ${o.floorClients} clients, ${o.floorSeconds} s): ${fmt(floor.tps)} tps, latency ${fmt(floor.latencyMs, 2)} ms; orders placed ${floorPlaced} of ${floor.processed} transactions`,
    );
    if (floorPlaced !== floor.processed) throw new Error(`the floor placed ${floorPlaced} orders in ${floor.processed} transactions: it measured refusals`);
    const ratio = ordersPerS / floor.tps;
    const exact = facts.sold === o.stock && oversold === 0 && (load.status['201'] ?? 0) === facts.sold && facts.sold + facts.left === o.stock;
    log(`run ${i + 1}: sold ${facts.sold} = ${o.stock}: ${facts.sold === o.stock}; oversold ${oversold}; ratio ${fmt(ratio, 2)}`);
    return {
      ordersPerS,
      p99: load.p99,
      soldOutP99: load.conflictP99,
      soldOutAfterP99: load.conflictAfterFirstP99,
      floorTps: floor.tps,
      ratio,
      sold: facts.sold,
      oversold,
      left: facts.left,
      exact,
      apiCpuMs,
      pgCpuMs,
      loadCpuMs,
    };
  });

  const ratio = summarize(runs, 'ratio');
  const soldOutP99 = summarize(runs, 'soldOutP99');
  const exact = runs.every((r) => r.exact);
  const met = exact && ratio.median >= 3 && soldOutP99.median < 20;
  log(
    `median (min–max) of ${runs.length} runs: ${spreadText(summarize(runs, 'ordersPerS'))} orders/s, floor ${spreadText(summarize(runs, 'floorTps'))} tps, ratio ${spreadText(ratio, 2)} (target ≥ 3), sold-out p99 ${spreadText(soldOutP99)} ms (target < 20; requests sent after the first sold-out answer: ${spreadText(summarize(runs, 'soldOutAfterP99'))} ms); sold = stock and oversold 0 in every run: ${exact}; ${met ? 'met' : 'NOT met'}`,
  );
  log(
    `CPU per request, median (min–max): API ${spreadText(summarize(runs, 'apiCpuMs'), 2)} ms, PostgreSQL ${spreadText(summarize(runs, 'pgCpuMs'), 2)} ms, load generator ${spreadText(summarize(runs, 'loadCpuMs'), 2)} ms`,
  );
  benchLine('hotsku', {
    ...spreadFields(runs, {
      orders_per_s: 'ordersPerS',
      p99_ms: 'p99',
      sold_out_p99_ms: 'soldOutP99',
      sold_out_after_first_p99_ms: 'soldOutAfterP99',
      floor_tps: 'floorTps',
    }),
    ...spreadFields(runs, { ratio: 'ratio', api_cpu_ms_per_request: 'apiCpuMs', pg_cpu_ms_per_request: 'pgCpuMs', loadgen_cpu_ms_per_request: 'loadCpuMs' }, 2),
    sold: runs.map((r) => r.sold).join('/'),
    oversold: Math.max(...runs.map((r) => r.oversold)),
    left: runs.map((r) => r.left).join('/'),
    target: '3',
    met,
    runs: runs.length,
    buyers: o.buyers,
    connections: o.connections,
    stock: o.stock,
    slots: o.slots,
    pool: o.pool,
  });
});
