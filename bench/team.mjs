#!/usr/bin/env node
// `pnpm bench team [users]`: team views at scale. Builds a throwaway database with N users (default
// 1,000,000: one "whale" with 200,000 direct invitees, the rest a 5-ary tree under them), with the same
// app_user chain columns and team indexes as migrations 1763800000000 + 1763800200000, then times the
// exact queries TeamService runs. Needs a PostgreSQL reachable at BENCH_DATABASE_URL (default local :5432).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../apps/api/package.json', import.meta.url));
const pg = require('pg');
const users = Number(process.argv[2] ?? 1_000_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `shareshop_bench_team_${process.pid}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = new pg.Client({ connectionString: url.toString() });
await db.connect();
const ms = async (fn) => {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
};
try {
  const whale = Math.min(200_000, Math.floor(users / 5));
  const [buildMs] = await ms(async () => {
    await db.query(`
      CREATE TABLE app_user (
        id bigint PRIMARY KEY, nickname text NOT NULL, avatar_url text, is_distributor boolean NOT NULL DEFAULT false,
        upline1_id bigint, upline2_id bigint, upline3_id bigint, bound_at timestamptz);
      CREATE FUNCTION parent(i bigint) RETURNS bigint IMMUTABLE LANGUAGE sql AS $$
        SELECT CASE WHEN i IS NULL OR i = 1 THEN NULL WHEN i <= ${whale + 1} THEN 1 ELSE (i - ${whale + 2}) / 5 + 2 END $$;`);
    await db.query(`
      INSERT INTO app_user (id, nickname, is_distributor, upline1_id, upline2_id, upline3_id, bound_at)
      SELECT i, 'u' || i, i % 3 = 0, parent(i), parent(parent(i)), parent(parent(parent(i))), now() - i * interval '1 second'
      FROM generate_series(1, ${users}) i`);
    await db.query(`
      CREATE INDEX app_user_team1 ON app_user (upline1_id, bound_at DESC, id DESC) WHERE upline1_id IS NOT NULL;
      CREATE INDEX app_user_team2 ON app_user (upline2_id, bound_at DESC, id DESC) WHERE upline2_id IS NOT NULL;
      CREATE INDEX app_user_team3 ON app_user (upline3_id, bound_at DESC, id DESC) WHERE upline3_id IS NOT NULL;`);
    await db.query('VACUUM ANALYZE app_user'); // index-only counts need the visibility map
  });
  console.log(`built ${users} users in ${(buildMs / 1000).toFixed(1)} s`);

  const page = (level, userId, pageNo) =>
    db.query(`SELECT id, nickname, avatar_url, is_distributor, bound_at FROM app_user WHERE upline${level}_id = $1
              ORDER BY bound_at DESC, id DESC LIMIT 20 OFFSET $2`, [userId, (pageNo - 1) * 20]);
  const counts = (userId) =>
    db.query(`SELECT (SELECT count(*) FROM app_user WHERE upline1_id = $1)::int AS level1,
                     (SELECT count(*) FROM app_user WHERE upline2_id = $1)::int AS level2,
                     (SELECT count(*) FROM app_user WHERE upline3_id = $1)::int AS level3`, [userId]);
  const cases = [
    ['whale counts (all levels)', () => counts(1)],
    ['whale level-1 page 1', () => page(1, 1, 1)],
    ['whale level-1 page 100', () => page(1, 1, 100)],
    ['whale level-2 page 1', () => page(2, 1, 1)],
    ['typical user counts', () => counts(5000)],
    ['typical user level-1 page 1', () => page(1, 5000, 1)],
    ['typical user level-3 page 1', () => page(3, 5000, 1)],
  ];
  const results = {};
  for (const [label, fn] of cases) {
    await fn(); // warm
    const times = [];
    for (let i = 0; i < 5; i++) times.push((await ms(fn))[0]);
    times.sort((a, b) => a - b);
    const [, r] = await ms(fn);
    console.log(`${label.padEnd(30)} median ${times[2].toFixed(2)} ms  ${JSON.stringify(r.rows[0] ?? {}).slice(0, 80)}`);
    results[label] = times[2];
  }
  const plan = await db.query(`EXPLAIN SELECT id FROM app_user WHERE upline2_id = 1 ORDER BY bound_at DESC, id DESC LIMIT 20`);
  console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  const worstPage = Math.max(...Object.entries(results).filter(([k]) => k.includes('page')).map(([, v]) => v));
  console.log(`BENCH team users=${users} whale_counts_ms=${results['whale counts (all levels)'].toFixed(1)} worst_page_ms=${worstPage.toFixed(1)} typical_counts_ms=${results['typical user counts'].toFixed(2)}`);
} finally {
  await db.end();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
}
