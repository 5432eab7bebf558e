#!/usr/bin/env node
// `pnpm bench hotsku [--history=100000 --buyers=5000 --connections=200 --stock=1000 --pool=20 --slots=16 --floorSeconds=15]`
// A viral product: `buyers` buyers each place one order for the same SKU (stock `stock`) over
// `connections` connections against the production build. Checks sold = stock, oversold = 0, every 201
// has its order, and measures orders/s (successful orders ÷ time to the last success). Floor: pgbench
// replaying the same order SQL (prepared, as the API sends it) on one hot row (a SKU with unlimited stock), in the same run.
// Target (issue 8): sold = stock, oversold = 0, orders/s ≥ 3 × floor.
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
  runLoad,
  scratchDatabase,
  startApi,
  startSandbox,
  stopChild,
  tokenFor,
} from './lib/env.mjs';

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
});

await bench(async () => {
  build();
  const db = await scratchDatabase('hotsku');
  const sandbox = await startSandbox();
  const api = await startApi(db, sandbox, { DB_POOL_SIZE: String(o.pool), HOT_STOCK_SLOTS: String(o.slots), HOT_STOCK_SPLIT_CONCURRENCY: String(o.splitAt) });
  const s = await seedCommerce(db, { skus: o.warmSkus + 3, stock: 1_000_000, buyers: o.buyers });
  await seedHistory(db, s, { orders: o.history }); // a shop with a past (see seedHistory)
  const hotSku = s.skuLo;
  const floorSku = s.skuLo + 1;
  const warmHotSku = s.skuLo + 2;
  await db.pool.query('UPDATE sku SET stock = $2 WHERE id = ANY($1)', [[hotSku, warmHotSku], o.stock]);
  await db.pool.query('UPDATE sku SET stock = 1000000000 WHERE id = $1', [floorSku]);
  log(`seeded hot SKU ${hotSku} (stock ${o.stock}), ${o.buyers} buyers; slots=${o.slots}, split at ${o.splitAt} in-flight reservations`);
  const tokens = [];
  for (let id = s.buyerLo; id <= s.buyerHi; id++) tokens.push(`Bearer ${tokenFor(id)}`);
  const run = Date.now().toString(36);
  const body = (sku, prefix) =>
    JSON.stringify({ shopId: s.shopId, items: [{ skuId: '__SKU__', quantity: 1 }], address: ADDRESS, idempotencyKey: `${prefix}_${run}_{{i}}` }).replace(
      '"__SKU__"',
      sku,
    );

  // warm-up, not counted: cold SKUs (JIT, pool, caches), then a sale of another SKU at the measured
  // connections, so the hot path's code is compiled and the connections are open, as in a shop that has
  // sold before; the measured SKU still starts cold and splits during the measurement
  await runLoad({
    target: api.url,
    connections: 50,
    durationMs: 4000,
    maxRequests: 3000,
    template: {
      method: 'POST',
      path: '/api/v1/orders',
      headers: { authorization: '{{token}}' },
      body: body('{{rand}}', 'w'),
      tokens,
      rand: [s.skuLo + 3, s.skuHi],
    },
  });
  await runLoad({
    target: api.url,
    connections: o.connections,
    durationMs: 30_000,
    maxRequests: o.stock * 2,
    template: { method: 'POST', path: '/api/v1/orders', headers: { authorization: '{{token}}' }, body: body(String(warmHotSku), 'wh'), tokens },
  });

  const cpu0 = cpuSeconds(api.child.pid);
  const load = await runLoad({
    target: api.url,
    connections: o.connections,
    durationMs: 120_000,
    maxRequests: o.buyers,
    template: { method: 'POST', path: '/api/v1/orders', headers: { authorization: '{{token}}' }, body: body(String(hotSku), 'h'), tokens },
  });
  const apiCpu = cpuSeconds(api.child.pid) - cpu0;
  const ordersPerS = (load.ok / load.lastOkAt) * 1000;
  log(
    `API: ${load.requests} buyers in ${fmt(load.elapsedMs / 1000, 2)} s, status ${JSON.stringify(load.status)}; ${load.ok} orders by ${fmt(load.lastOkAt / 1000, 2)} s → ${fmt(ordersPerS)} orders/s; all requests ${fmt(load.rps)} /s, p50 ${fmt(load.p50)} ms, p99 ${fmt(load.p99)} ms (2xx p99 ${fmt(load.okP99)} ms); API CPU ${fmt((apiCpu * 1000) / load.requests, 2)} ms/request`,
  );
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
  const floor = pgbench(db, placeOrderScript({ shopId: s.shopId, buyerLo: s.buyerLo, buyerHi: s.buyerHi, skuExpr: String(floorSku) }), {
    clients: o.floorClients,
    seconds: o.floorSeconds,
    label: 'hotsku-floor',
    mode: 'prepared',
  }); // prepared, as the API sends these statements
  log(
    `floor (pgbench, same order SQL on one hot row, ${o.floorClients} clients, ${o.floorSeconds} s): ${fmt(floor.tps)} tps, latency ${fmt(floor.latencyMs, 2)} ms`,
  );
  const ratio = ordersPerS / floor.tps;
  const ok = facts.sold === o.stock && oversold === 0 && (load.status['201'] ?? 0) === facts.sold && facts.sold + facts.left === o.stock;
  const met = ok && ratio >= 3;
  log(`sold ${facts.sold} = ${o.stock}: ${facts.sold === o.stock}; oversold ${oversold}; ratio ${fmt(ratio, 2)} (target ≥ 3): ${met ? 'met' : 'NOT met'}`);
  benchLine('hotsku', {
    orders_per_s: fmt(ordersPerS),
    sold: facts.sold,
    oversold,
    left: facts.left,
    p99_ms: fmt(load.p99),
    floor_tps: fmt(floor.tps),
    ratio: fmt(ratio, 2),
    target: '3',
    met,
    buyers: o.buyers,
    connections: o.connections,
    stock: o.stock,
    slots: o.slots,
    pool: o.pool,
  });
});
