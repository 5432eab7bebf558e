#!/usr/bin/env node
// `pnpm bench team [--users=1000000 --sales=300000 --requests=2000 --connections=8 --whaleFanout=50 --fanout=10]`
// Team views at scale through the production build: `users` users in referral trees up to 3 levels deep
// (one "whale" tree with fan-out `whaleFanout` per level — 127,550 descendants at 50 — and trees of
// fan-out `fanout` — 1,110 descendants at 10 — filling the rest), chains stored on app_user as the
// referral module writes them, and `sales` distribution_sale rows this month. Then
// GET /api/v1/distributors/me/team/summary and GET /api/v1/distributors/me/team?level=1|2|3 as random
// team owners (roots, level-1 and level-2 members), `requests` each over `connections` connections,
// and the whale's own views. Target (issue 8): team summary and level list p99 < 20 ms.
import { bench, benchLine, build, fmt, log, options, runLoad, scratchDatabase, startApi, startSandbox, tokenFor } from './lib/env.mjs';

const o = options({ users: 1_000_000, sales: 300_000, requests: 2000, connections: 8, whaleFanout: 50, fanout: 10, pool: 20 });

/** Rows of one tree of fan-out f rooted at id `base`: id, upline1..3 (null above the root). */
const treeSql = (f) => `
  SELECT $1::bigint + idx AS id,
    CASE WHEN idx = 0 THEN NULL WHEN idx <= ${f} THEN $1::bigint
         WHEN idx <= ${f + f * f} THEN $1::bigint + 1 + (idx - ${f + 1}) / ${f}
         ELSE $1::bigint + ${f + 1} + (idx - ${f + f * f + 1}) / ${f} END AS u1,
    CASE WHEN idx <= ${f} THEN NULL
         WHEN idx <= ${f + f * f} THEN $1::bigint
         ELSE $1::bigint + 1 + (idx - ${f + f * f + 1}) / ${f * f} END AS u2,
    CASE WHEN idx <= ${f + f * f} THEN NULL ELSE $1::bigint END AS u3
  FROM generate_series(0, ${f + f * f + f * f * f}) idx`;

await bench(async () => {
  build();
  const db = await scratchDatabase('team');
  const sandbox = await startSandbox();
  const api = await startApi(db, sandbox, { DB_POOL_SIZE: String(o.pool) });
  const q = (sql, params) => db.pool.query(sql, params);

  const t0 = Date.now();
  const whaleSize = 1 + o.whaleFanout + o.whaleFanout ** 2 + o.whaleFanout ** 3;
  const treeSize = 1 + o.fanout + o.fanout ** 2 + o.fanout ** 3;
  const trees = Math.floor((o.users - whaleSize) / treeSize);
  const singles = o.users - whaleSize - trees * treeSize;
  const insert = (select, params) =>
    q(
      `INSERT INTO app_user (id, openid, referral_code, nickname, is_distributor, upline1_id, upline2_id, upline3_id, bound_at, created_at)
       OVERRIDING SYSTEM VALUE
       SELECT t.id, 'team_' || t.id, 'T' || t.id, '用户' || t.id, t.id % 3 = 0 OR t.u1 IS NULL, t.u1, t.u2, t.u3,
              CASE WHEN t.u1 IS NULL THEN NULL ELSE now() - t.id * interval '1 second' END, now() - t.id * interval '1 second'
       FROM (${select}) t`,
      params,
    );
  await insert(treeSql(o.whaleFanout), [1]);
  // the small trees, all in one statement: tree k is rooted at whaleSize + 1 + k * treeSize
  await insert(
    `SELECT r.base + t.idx AS id, CASE WHEN t.u1 IS NULL THEN NULL ELSE r.base + t.u1 END AS u1, CASE WHEN t.u2 IS NULL THEN NULL ELSE r.base + t.u2 END AS u2,
            CASE WHEN t.u3 IS NULL THEN NULL ELSE r.base + t.u3 END AS u3
     FROM (SELECT ${whaleSize + 1} + k * ${treeSize} AS base FROM generate_series(0, $1 - 1) k) r
     CROSS JOIN (SELECT id AS idx, u1, u2, u3 FROM (${treeSql(o.fanout).replaceAll('$1::bigint', '0::bigint')}) z) t`,
    [trees],
  );
  if (singles > 0) await insert(`SELECT g AS id, NULL::bigint AS u1, NULL::bigint AS u2, NULL::bigint AS u3 FROM generate_series(${whaleSize + trees * treeSize + 1}, ${o.users}) g`, []);
  await q(`SELECT setval(pg_get_serial_sequence('app_user', 'id'), (SELECT max(id) FROM app_user))`);
  const [{ n }] = (await q('SELECT count(*)::int AS n FROM app_user')).rows;
  log(`seeded ${n} users (whale tree ${whaleSize}, ${trees} trees of ${treeSize}, ${singles} unbound) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // sales this month through random distributors, with their chains (as the commission module records them)
  const t1 = Date.now();
  await q(
    `INSERT INTO distribution_sale (order_id, merchant_id, distributor_user_id, upline1_id, upline2_id, upline3_id, paid_amount, refunded_amount, paid_at)
     SELECT g, 1, u.id, u.upline1_id, u.upline2_id, u.upline3_id, 1000 + g % 9000, CASE WHEN g % 10 = 0 THEN 500 ELSE 0 END,
            date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai' + (g % 86400) * interval '1 second'
     FROM generate_series(1, $1) g JOIN app_user u ON u.id = 1 + (g::bigint * 7919) % $2`,
    [o.sales, o.users],
  );
  await q('VACUUM ANALYZE app_user');
  await q('VACUUM ANALYZE distribution_sale');
  log(`seeded ${o.sales} distribution sales and vacuumed in ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  // team owners: roots, level-1 and level-2 members of the small trees (a third each)
  const owners = [];
  for (let i = 0; i < 3000; i++) {
    const base = whaleSize + 1 + Math.floor(Math.random() * trees) * treeSize;
    const kind = i % 3;
    owners.push(kind === 0 ? base : kind === 1 ? base + 1 + Math.floor(Math.random() * o.fanout) : base + 1 + o.fanout + Math.floor(Math.random() * o.fanout ** 2));
  }
  const tokens = owners.map((id) => `Bearer ${tokenFor(id)}`);
  const path = { summary: '/api/v1/distributors/me/team/summary', level1: '/api/v1/distributors/me/team?level=1', level2: '/api/v1/distributors/me/team?level=2', level3: '/api/v1/distributors/me/team?level=3' };
  const probe = await runLoad({ target: api.url, connections: 1, maxRequests: 1, durationMs: 10_000, template: { method: 'GET', path: path.level1, headers: { authorization: '{{token}}' }, tokens: [`Bearer ${tokenFor(whaleSize + 1)}`] } });
  if (probe.ok !== 1) throw new Error(`team route answered ${JSON.stringify(probe.status)} ${JSON.stringify(probe.samples)}`);
  await runLoad({ target: api.url, connections: o.connections, maxRequests: 1000, durationMs: 20_000, template: { method: 'GET', path: path.summary, headers: { authorization: '{{token}}' }, tokens } }); // warm-up

  const results = {};
  for (const [name, p] of Object.entries(path)) {
    const r = await runLoad({ target: api.url, connections: o.connections, maxRequests: o.requests, durationMs: 120_000, template: { method: 'GET', path: p, headers: { authorization: '{{token}}' }, tokens } });
    results[name] = r;
    log(`${name.padEnd(8)} ${r.requests} requests, status ${JSON.stringify(r.status)}, ${fmt(r.rps)} /s, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms, max ${fmt(r.max, 2)} ms`);
  }
  // the whale (127,550 in the team at fan-out 50): one user, sequential requests
  const whale = {};
  for (const [name, p] of Object.entries(path)) {
    const r = await runLoad({ target: api.url, connections: 1, maxRequests: 50, durationMs: 60_000, template: { method: 'GET', path: p, headers: { authorization: '{{token}}' }, tokens: [`Bearer ${tokenFor(1)}`] } });
    whale[name] = r;
    log(`whale ${name.padEnd(8)} status ${JSON.stringify(r.status)}, p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms`);
  }
  const explain = await q(`EXPLAIN (ANALYZE, BUFFERS) SELECT (SELECT count(*) FROM app_user WHERE upline1_id = 1)::int, (SELECT count(*) FROM app_user WHERE upline2_id = 1)::int, (SELECT count(*) FROM app_user WHERE upline3_id = 1)::int`);
  log(`whale counts plan:\n${explain.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`);

  const p99 = (r) => r.p99;
  const listP99 = Math.max(p99(results.level1), p99(results.level2), p99(results.level3));
  const okAll = Object.values(results).every((r) => r.ok === r.requests);
  const met = okAll && p99(results.summary) < 20 && listP99 < 20;
  log(`targets: summary p99 ${fmt(p99(results.summary), 2)} ms, list p99 ${fmt(listP99, 2)} ms (< 20 ms): ${met ? 'met' : 'NOT met'}`);
  benchLine('team', {
    users: n,
    summary_p99_ms: fmt(p99(results.summary), 2),
    list_p99_ms: fmt(listP99, 2),
    level1_p99_ms: fmt(p99(results.level1), 2),
    level2_p99_ms: fmt(p99(results.level2), 2),
    level3_p99_ms: fmt(p99(results.level3), 2),
    whale_summary_p99_ms: fmt(p99(whale.summary), 2),
    whale_list_p99_ms: fmt(Math.max(p99(whale.level1), p99(whale.level2), p99(whale.level3)), 2),
    connections: o.connections,
    met,
  });
});
