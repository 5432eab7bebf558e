#!/usr/bin/env node
// `pnpm bench settlement [--orders N] [--merchants M] [--no-build] [--keep]` (BENCH_SKIP_BUILD=1 = --no-build)
//
// Generates N paid orders for one Asia/Shanghai business day across M merchants (default 1,000,000 / 1,000),
// with commission on 30% of them and a partial refund (and commission reversal) on 2%, straight into a scratch
// database with set-based SQL: orders, refunds, and the ledger postings exactly as commerce and distribution
// write them. It writes that day's WeChat trade bill (ALL, WeChat's CSV format) with three planted
// differences, then runs ONE settlement batch through the real API code (apps/api/dist) in a child process:
// download → reconcile → statements → payouts (manual). The download is the production path: the WeChat
// sandbox (started here, in this process) serves the bill gzipped like WeChat (tar_type=GZIP) and the API's
// WechatPayClient applies for it (signed), streams it to a temp file, checks its SHA1 and step 1 streams it
// through gunzip and the parser into COPY. It prints the child's
// wall time and peak RSS, and the time of the statement aggregate run directly in PostgreSQL (the floor).
// Scratch database: on the local PostgreSQL (127.0.0.1:5432), else an embedded one (scripts/test-db.js).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const apiDist = path.join(root, 'apps/api/dist');
const require = createRequire(path.join(root, 'apps/api/package.json'));
const pg = require('pg');

const DAY = '2026-11-01';
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
};
const flag = (name) => process.argv.includes(`--${name}`);

if (flag('child')) await child();
else await main();

async function main() {
  const orders = Number(arg('orders', '1000000'));
  const merchants = Number(arg('merchants', '1000'));
  if (!Number.isInteger(orders) || orders < merchants || !Number.isInteger(merchants) || merchants < 1) {
    throw new Error('--orders and --merchants must be integers, orders >= merchants >= 1');
  }
  if (!flag('no-build') && process.env.BENCH_SKIP_BUILD !== '1') {
    console.log('building @shareshop/api and its workspace dependencies …');
    const b = spawnSync('pnpm', ['--filter', '@shareshop/api...', 'build'], { cwd: root, stdio: 'inherit' });
    // tsc still emits when another module has a type error; only a missing build is fatal
    if (b.status !== 0) console.warn(`build exited ${b.status}; continuing with what was emitted`);
  }
  if (!fs.existsSync(path.join(apiDist, 'settlement/batch.runner.js'))) throw new Error('apps/api/dist has no settlement build');

  const { adminDatabase } = await import(path.join(root, 'scripts/test-db.js'));
  const admin = await adminDatabase();
  const name = `shareshop_bench_${Date.now()}`;
  const adminClient = new pg.Client({ connectionString: admin.url });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${name}"`);
  const url = new URL(admin.url);
  url.pathname = `/${name}`;
  const dbUrl = url.toString();
  const billFile = path.join(os.tmpdir(), `${name}.csv`);
  const credentialsFile = path.join(os.tmpdir(), `${name}-wechat.json`);
  const { startSandbox } = await import(path.join(root, 'apps/wechat-sandbox/dist/index.js'));
  const sandbox = await startSandbox({ port: 0 });
  fs.writeFileSync(credentialsFile, JSON.stringify(sandbox.credentials), { mode: 0o600 });
  try {
    await migrate(dbUrl);
    const db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    try {
      let t = performance.now();
      await generate(db, orders, merchants);
      console.log(`generated ${orders.toLocaleString()} paid orders across ${merchants} merchants in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
      writeBill(dbUrl, billFile);
      console.log(`trade bill ${(fs.statSync(billFile).size / 1e6).toFixed(0)} MB written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
      await pipeline(fs.createReadStream(billFile), zlib.createGzip(), fs.createWriteStream(`${billFile}.gz`));
      const reg = await fetch(`${sandbox.baseUrl}/__sandbox__/bills/file`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ bill_date: DAY, bill_type: 'ALL', path: `${billFile}.gz` }),
      });
      if (reg.status !== 201) throw new Error(`sandbox bill registration: ${reg.status} ${await reg.text()}`);
      console.log(
        `bill gzipped to ${(fs.statSync(`${billFile}.gz`).size / 1e6).toFixed(0)} MB and served by the WeChat sandbox (${((performance.now() - t) / 1000).toFixed(1)} s)`,
      );
      await db.query('VACUUM ANALYZE');

      const { STATEMENT_AGGREGATE_SQL } = await import(path.join(apiDist, 'settlement/statements.step.js'));
      const { BATCH_SESSION_SETTINGS } = await import(path.join(apiDist, 'settlement/batch-session.js'));
      await db.query('BEGIN'); // the same session settings as step 3 runs it with
      for (const s of BATCH_SESSION_SETTINGS) await db.query(s);
      t = performance.now();
      const floorRows = await db.query(STATEMENT_AGGREGATE_SQL, [DAY, '-infinity', 0, Number.MAX_SAFE_INTEGER]);
      const floor = (performance.now() - t) / 1000;
      await db.query('ROLLBACK');
      console.log(`floor: the statement aggregate alone, run directly: ${floor.toFixed(2)} s (${floorRows.rowCount} merchant×category rows)`);

      // asynchronously: this process serves the bill download meanwhile
      const r = await new Promise((resolve, reject) => {
        const c = spawn(process.execPath, [new URL(import.meta.url).pathname, '--child', dbUrl, credentialsFile, sandbox.baseUrl], {
          cwd: root,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let stdout = '';
        c.stdout.on('data', (d) => (stdout += d));
        c.once('error', reject);
        c.once('close', (status) => resolve({ status, stdout }));
      });
      process.stdout.write(
        r.stdout
          .split('\n')
          .filter((l) => !l.startsWith('RESULT '))
          .join('\n'),
      );
      const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (r.status !== 0 || !line) throw new Error(`batch process failed (exit ${r.status})`);
      const res = JSON.parse(line.slice(7));

      const [check] = (
        await db.query(
          `SELECT (SELECT COALESCE(sum(amount), 0)::bigint FROM ledger_entry) AS ledger_sum,
                (SELECT count(*)::int FROM settlement_statement WHERE business_date = $1) AS statements,
                (SELECT count(*)::int FROM reconciliation_item WHERE business_date = $1) AS items,
                (SELECT count(*)::int FROM payout WHERE business_date = $1) AS payouts,
                (SELECT COALESCE(sum(net_payable), 0)::bigint FROM settlement_statement WHERE business_date = $1) AS net,
                (SELECT -COALESCE(sum(e.amount), 0)::bigint FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id WHERE a.code LIKE 'merchant:%:payable') AS owed`,
          [DAY],
        )
      ).rows;
      const [steps] = (
        await db.query(
          `SELECT extract(epoch FROM downloaded_at - created_at) AS download, extract(epoch FROM reconciled_at - downloaded_at) AS reconcile,
                extract(epoch FROM stated_at - reconciled_at) AS statements, extract(epoch FROM finished_at - stated_at) AS payouts
         FROM settlement_batch WHERE business_date = $1`,
          [DAY],
        )
      ).rows;
      console.log(
        `steps (s): ${Object.entries(steps)
          .map(([k, v]) => `${k} ${Number(v).toFixed(2)}`)
          .join(', ')}`,
      );
      console.log(
        `batch: ${res.outcome}, status ${res.status}; statements ${check.statements}, payouts ${check.payouts}, reconciliation items ${check.items} (3 planted)`,
      );
      console.log(
        `check: ledger sums to ${check.ledger_sum}; statements' net ${check.net} = merchants' payable balance ${check.owed}: ${check.net === check.owed ? 'yes' : 'NO'}`,
      );
      console.log(
        `wall ${res.wallS.toFixed(2)} s for the batch (API start ${res.startS.toFixed(1)} s not included); peak RSS ${res.peakRssMb} MB (${res.baseRssMb} MB after start)`,
      );
      console.log(`BENCH settlement wall_s=${res.wallS.toFixed(2)} peak_rss_mb=${res.peakRssMb} floor_s=${floor.toFixed(2)} statements=${check.statements}`);
    } finally {
      await db.end();
    }
  } finally {
    if (!flag('keep')) {
      await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      fs.rmSync(billFile, { force: true });
      fs.rmSync(`${billFile}.gz`, { force: true });
    } else console.log(`kept database ${dbUrl} and ${billFile}(.gz)`);
    fs.rmSync(credentialsFile, { force: true });
    await sandbox.close();
    await adminClient.end();
    await admin.stop();
  }
}

async function migrate(dbUrl) {
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = await import(path.join(apiDist, 'database/data-source.js'));
  const { runMigrations } = await import(path.join(apiDist, 'database/migrate.js'));
  const ds = await new DataSource(dataSourceOptions(dbUrl, 2)).initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}

/** Everything set-based. Ledger triggers are skipped while loading (replica role); the balance is checked after. */
async function generate(db, n, m) {
  const q = (sql, params) => db.query(sql, params);
  const dayStart = `${DAY}T00:00:00+08:00`;
  await q('BEGIN');
  await q(`SET LOCAL session_replication_role = replica`);
  await q(
    `INSERT INTO app_user (openid, nickname, referral_code)
           SELECT 'bench_owner_' || g, '店主' || g, 'O' || lpad(g::text, 9, '0') FROM generate_series(1, $1) g`,
    [m],
  );
  await q(
    `INSERT INTO app_user (openid, nickname, referral_code, is_distributor)
           SELECT 'bench_dist_' || g, '分销员' || g, 'D' || lpad(g::text, 9, '0'), true FROM generate_series(1, $1) g`,
    [2 * m],
  );
  await q(`INSERT INTO app_user (openid, nickname, referral_code) VALUES ('bench_buyer', '买家', 'BUYER0001')`);
  await q(`INSERT INTO merchant (name, status, owner_user_id, approved_at)
           SELECT '商家' || u.nickname, 'approved', u.id, now() FROM app_user u WHERE u.openid LIKE 'bench_owner_%' ORDER BY u.id`);
  await q(`INSERT INTO shop (kind, owner_user_id, merchant_id, name) SELECT 'merchant', owner_user_id, id, name FROM merchant`);
  await q(
    `CREATE TEMP TABLE mix AS SELECT row_number() OVER (ORDER BY m.id) - 1 AS ix, m.id, s.id AS shop_id FROM merchant m JOIN shop s ON s.merchant_id = m.id`,
  );
  await q(`CREATE TEMP TABLE dix AS SELECT row_number() OVER (ORDER BY id) - 1 AS ix, id FROM app_user WHERE openid LIKE 'bench_dist_%'`);
  await q(
    `INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, distributor_user_id, status, idempotency_key, items_total, paid_total,
             address, expires_at, transaction_id, paid_at, created_at)
           SELECT 'B' || lpad(g::text, 12, '0'), (SELECT id FROM app_user WHERE openid = 'bench_buyer'), mix.id, mix.shop_id,
                  CASE WHEN g % 10 < 3 THEN (SELECT id FROM dix WHERE dix.ix = g % (2 * $2)) END,
                  'paid', 'k' || g, a.amount, a.amount, '{}', a.at + interval '30 minutes', '42' || lpad(g::text, 26, '0'), a.at, a.at
           FROM generate_series(1, $1::bigint) g
           JOIN mix ON mix.ix = g % $2
           CROSS JOIN LATERAL (SELECT 100 + (g * 7919) % 49900 AS amount, $3::timestamptz + (g % 86400) * interval '1 second' AS at) a`,
    [n, m, dayStart],
  );
  await q(`INSERT INTO refund (order_id, merchant_id, buyer_user_id, kind, out_refund_no, transaction_id, status, amount, submitted_at, succeeded_at)
           SELECT id, merchant_id, buyer_user_id, 'buyer', 'RB' || lpad(id::text, 10, '0'), transaction_id, 'succeeded', paid_total / 2, paid_at + interval '1 hour', paid_at + interval '1 hour'
           FROM "order" WHERE id % 50 = 0 AND (paid_at AT TIME ZONE 'Asia/Shanghai')::time < '23:00'`);
  await q(`UPDATE "order" o SET refunded_total = r.amount FROM refund r WHERE r.order_id = o.id`);

  // chart of accounts
  await q(`INSERT INTO ledger_account (code, kind) VALUES ('platform:clearing', 'asset')`);
  await q(`INSERT INTO ledger_account (code, kind, owner_type, owner_id) SELECT 'merchant:' || id || ':payable', 'liability', 'merchant', id FROM merchant`);
  await q(`INSERT INTO ledger_account (code, kind, owner_type, owner_id) SELECT 'distributor:' || id || ':pending', 'liability', 'user', id FROM dix`);
  await q(`CREATE TEMP TABLE acc AS SELECT id, owner_id FROM ledger_account WHERE owner_type IS NOT NULL`);
  await q(`CREATE UNIQUE INDEX ON acc (owner_id)`);
  const clearing = (await q(`SELECT id FROM ledger_account WHERE code = 'platform:clearing'`)).rows[0].id;

  // payments: clearing debit / merchant payable credit, dated by the payment time (commerce's ApplyPayment)
  await q(`INSERT INTO ledger_posting (kind, idempotency_key, ref_type, ref_id, business_date)
           SELECT 'payment', 'payment:' || transaction_id, 'order', id, (paid_at AT TIME ZONE 'Asia/Shanghai')::date FROM "order" ORDER BY id`);
  await q(
    `INSERT INTO ledger_entry (posting_id, account_id, amount)
           SELECT p.id, x.account_id, x.amount FROM ledger_posting p JOIN "order" o ON o.id = p.ref_id JOIN acc ON acc.owner_id = o.merchant_id
           CROSS JOIN LATERAL (VALUES ($1::bigint, o.paid_total), (acc.id, -o.paid_total)) x(account_id, amount)
           WHERE p.kind = 'payment'`,
    [clearing],
  );
  // commission accrual at 10%: merchant payable → the distributor's pending account (distribution's accrual)
  await q(`INSERT INTO ledger_posting (kind, idempotency_key, ref_type, ref_id, business_date)
           SELECT 'commission.accrued', 'commission:accrue:order:' || id, 'order', id, (paid_at AT TIME ZONE 'Asia/Shanghai')::date
           FROM "order" WHERE distributor_user_id IS NOT NULL ORDER BY id`);
  await q(`INSERT INTO ledger_entry (posting_id, account_id, amount)
           SELECT p.id, x.account_id, x.amount FROM ledger_posting p JOIN "order" o ON o.id = p.ref_id
           JOIN acc am ON am.owner_id = o.merchant_id JOIN acc ad ON ad.owner_id = o.distributor_user_id
           CROSS JOIN LATERAL (VALUES (am.id, o.paid_total / 10), (ad.id, -(o.paid_total / 10))) x(account_id, amount)
           WHERE p.kind = 'commission.accrued'`);
  // refunds (commerce's ApplyRefundResult) and their commission reversal (distribution)
  await q(`INSERT INTO ledger_posting (kind, idempotency_key, ref_type, ref_id, business_date)
           SELECT 'refund', 'refund:' || out_refund_no, 'refund', id, (succeeded_at AT TIME ZONE 'Asia/Shanghai')::date FROM refund ORDER BY id`);
  await q(
    `INSERT INTO ledger_entry (posting_id, account_id, amount)
           SELECT p.id, x.account_id, x.amount FROM ledger_posting p JOIN refund r ON r.id = p.ref_id JOIN acc ON acc.owner_id = r.merchant_id
           CROSS JOIN LATERAL (VALUES (acc.id, r.amount), ($1::bigint, -r.amount)) x(account_id, amount)
           WHERE p.kind = 'refund'`,
    [clearing],
  );
  await q(`INSERT INTO ledger_posting (kind, idempotency_key, ref_type, ref_id, business_date)
           SELECT 'commission.reversed', 'commission:reverse:' || r.out_refund_no, 'order', r.order_id, (r.succeeded_at AT TIME ZONE 'Asia/Shanghai')::date
           FROM refund r JOIN "order" o ON o.id = r.order_id WHERE o.distributor_user_id IS NOT NULL ORDER BY r.id`);
  await q(`INSERT INTO ledger_entry (posting_id, account_id, amount)
           SELECT p.id, x.account_id, x.amount FROM ledger_posting p JOIN "order" o ON o.id = p.ref_id
           JOIN acc am ON am.owner_id = o.merchant_id JOIN acc ad ON ad.owner_id = o.distributor_user_id
           CROSS JOIN LATERAL (VALUES (ad.id, o.paid_total / 20), (am.id, -(o.paid_total / 20))) x(account_id, amount)
           WHERE p.kind = 'commission.reversed'`);
  const unbalanced = (await q(`SELECT count(*)::int AS n FROM (SELECT posting_id FROM ledger_entry GROUP BY posting_id HAVING sum(amount) <> 0) x`)).rows[0].n;
  if (unbalanced) throw new Error(`${unbalanced} generated postings do not balance`);
  await q('COMMIT');
}

/** WeChat's ALL trade bill for DAY, via psql \copy; three planted differences for reconciliation to find. */
function writeBill(dbUrl, file) {
  const header =
    '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
  const yuan = (col) => `to_char(${col} / 100.0, 'FM9999999990.00')`;
  const time = (col) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS')`;
  const f = (...cols) => cols.map((c) => `'\`' || ${c}`).join(` || ',' || `);
  const sql = `SELECT line FROM (
    SELECT 0 AS ord, 0::bigint AS id, '${header}' AS line
    UNION ALL
    SELECT 1, o.id, ${f(
      time('o.paid_at'),
      "'wxbench'",
      "'1900000001'",
      "'0'",
      "''",
      'o.transaction_id',
      'o.out_trade_no',
      "'obench'",
      "'JSAPI'",
      "'SUCCESS'",
      "'OTHERS'",
      "'CNY'",
      // planted: one amount differs
      yuan('CASE WHEN o.id = 7 THEN o.paid_total + 1 ELSE o.paid_total END'),
      "'0.00'",
      "'0'",
      "'0'",
      "'0.00'",
      "'0.00'",
      "''",
      "''",
      "'商品'",
      "''",
      yuan('round(o.paid_total * 0.006)'),
      "'0.60%'",
      yuan('o.paid_total'),
      "'0.00'",
      "''",
    )}
    FROM "order" o WHERE o.id <> 11 -- planted: one payment missing from the bill
    UNION ALL
    SELECT 2, r.id, ${f(
      time('r.submitted_at'),
      "'wxbench'",
      "'1900000001'",
      "'0'",
      "''",
      'r.transaction_id',
      'o.out_trade_no',
      "'obench'",
      "'JSAPI'",
      "'REFUND'",
      "'OTHERS'",
      "'CNY'",
      "'0.00'",
      "'0.00'",
      "'5' || lpad(r.id::text, 27, '0')",
      'r.out_refund_no',
      yuan('r.amount'),
      "'0.00'",
      "'ORIGINAL'",
      "'SUCCESS'",
      "'商品'",
      "''",
      yuan('-round(r.amount * 0.006)'),
      "'0.60%'",
      "'0.00'",
      yuan('r.amount'),
      "''",
    )}
    FROM refund r JOIN "order" o ON o.id = r.order_id
    UNION ALL
    -- planted: a payment WeChat has and the ledger does not
    SELECT 3, 0, ${f(
      `'${DAY} 12:00:00'`,
      "'wxbench'",
      "'1900000001'",
      "'0'",
      "''",
      "'4299999999999999999999999999'",
      "'BNOTINLEDGER'",
      "'obench'",
      "'JSAPI'",
      "'SUCCESS'",
      "'OTHERS'",
      "'CNY'",
      "'12.34'",
      "'0.00'",
      "'0'",
      "'0'",
      "'0.00'",
      "'0.00'",
      "''",
      "''",
      "'商品'",
      "''",
      "'0.07'",
      "'0.60%'",
      "'12.34'",
      "'0.00'",
      "''",
    )}
  ) x ORDER BY ord, id`;
  const r = spawnSync('psql', [dbUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy (${sql.replace(/--[^\n]*/g, '').replace(/\s+/g, ' ')}) TO '${file}'`], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`psql \\copy failed: ${r.stderr}`);
}

/** The process whose wall time and peak RSS are reported: the real API, running one batch. */
async function child() {
  const [dbUrl, credentialsFile, sandboxUrl] = process.argv.slice(process.argv.indexOf('--child') + 1);
  const t0 = performance.now();
  const { loadConfig } = await import(path.join(apiDist, 'config/config.js'));
  const { startApi } = await import(path.join(apiDist, 'bootstrap.js'));
  const { SettlementRunner } = await import(path.join(apiDist, 'settlement/batch.runner.js'));
  const config = loadConfig({
    DATABASE_URL: dbUrl,
    API_PORT: '0',
    SEED_DEMO: 'never',
    AUTH_TOKEN_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    SETTLEMENT_SCHEDULER_ENABLED: 'false',
    WECHAT_SANDBOX_CREDENTIALS_FILE: credentialsFile,
    WECHAT_SANDBOX_URL: sandboxUrl,
    DB_POOL_SIZE: '5',
  });
  const api = await startApi(config);
  try {
    const { SettlementHooks } = await import(path.join(apiDist, 'settlement/settlement.hooks.js'));
    const rssAfter = {};
    api.app.get(SettlementHooks).afterStep = (step) => {
      rssAfter[step] = Math.round(process.memoryUsage().rss / 1e6);
    };
    const startS = (performance.now() - t0) / 1000;
    const baseRssMb = Math.round(process.memoryUsage().rss / 1e6);
    const t = performance.now();
    const r = await api.app.get(SettlementRunner).run(DAY, 'bench');
    const wallS = (performance.now() - t) / 1000;
    const peakRssMb = Math.round((process.resourceUsage().maxRSS * 1024) / 1e6); // maxRSS is in KiB
    console.log(`RSS (MB) after each step: ${JSON.stringify(rssAfter)}`);
    console.log(`RESULT ${JSON.stringify({ outcome: r.outcome, status: r.batch?.status, wallS, startS, baseRssMb, peakRssMb })}`);
  } finally {
    await api.close();
  }
}
