#!/usr/bin/env node
// `pnpm bench notify [--history=100000 --orders=20000 --dupRate=0.2 --connections=50 --skus=1000 --pool=20 --repeat=3 --floorSeconds=15]`
// WeChat Pay paid notifies (TRANSACTION.SUCCESS) for `orders` distinct unpaid orders per run, signed with the
// sandbox's WeChat Pay public-key-mode private key and AES-256-GCM encrypted with the APIv3 key exactly
// like apps/wechat-sandbox/src/notifier.ts; `dupRate` of them are delivered twice (same notify id and
// body, shuffled in). POSTed to /api/v1/payments/wechat/notify of the production build over
// `connections` connections. Since #18 a callback is answered once recorded in the inbox and applied after,
// so a run reports answered/s, answer p50/p99, the apply lag (recorded → order paid) p99, and checks every
// order paid exactly once (applied = orders) and every duplicate ignored.
// Floor: pgbench (-M prepared) of the inbox insert (the statement the API sends, one notification per
// transaction, as WeChat sends one per request) at the same concurrency, after the API is stopped.
// The measurement runs `repeat` times (fresh orders and notifies each time); median and spread are reported.
// Targets (issue 18): answered/s ÷ floor ≥ 0.6, answer p99 < 50 ms, apply lag p99 < 1 s, applied = orders.
// Smoke run: `--history=1000 --orders=300 --skus=50 --buyers=100 --repeat=1 --floorSeconds=3`.
import { createCipheriv, createSign, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seedCommerce, seedHistory } from './lib/commerce.mjs';
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
  tmp,
} from './lib/env.mjs';
import { medianRun, runRepeated, spreadFields, spreadText, summarize } from './lib/repeat.mjs';

const o = options({
  history: 100_000,
  orders: 20_000,
  dupRate: 0.2,
  connections: 50,
  skus: 1000,
  buyers: 2000,
  pool: 20,
  cpuProf: '',
  repeat: 3,
  floorSeconds: 15,
});

const rfc3339 = (ms) => new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
const alnum = (n) =>
  randomBytes(n)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, n);

await bench(async () => {
  build();
  const db = await scratchDatabase('notify');
  const sandbox = await startSandbox();
  const api = await startApi(db, sandbox, { DB_POOL_SIZE: String(o.pool) }, o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`] : []);
  const creds = sandbox.credentials;
  const s = await seedCommerce(db, { skus: o.skus, stock: 1_000_000, buyers: o.buyers });
  await seedHistory(db, s, { orders: o.history }); // a shop with a past (see seedHistory)

  /** One measurement: `orders` fresh unpaid orders (prefix B<run>N), their notifies built and sent, then applied. */
  async function measure(run) {
    const prefix = `B${run}N`;
    const t0 = Date.now();
    await db.pool.query(
      `WITH o AS (
         INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, idempotency_key, items_total, paid_total, address, expires_at)
         SELECT $8 || lpad(g::text, 12, '0'), $3 + (g % $4), $1, $2, $8 || '_' || g, k.price, k.price, '{}'::jsonb, now() + interval '30 minutes'
         FROM generate_series(1, $5) g JOIN sku k ON k.id = $6 + (g % $7)
         RETURNING id, paid_total, out_trade_no)
       INSERT INTO order_item (order_id, product_id, sku_id, title, unit_price, quantity, items_amount, paid_amount)
       SELECT o.id, k.product_id, k.id, '压测商品', o.paid_total, 1, o.paid_total, o.paid_total
       FROM o JOIN sku k ON k.id = $6 + (substr(o.out_trade_no, length($8) + 1)::int % $7)`,
      [s.merchantId, s.shopId, s.buyerLo, o.buyers, o.orders, s.skuLo, o.skus, prefix],
    );
    await db.pool.query('ANALYZE');
    const { rows: orders } = await db.pool.query(`SELECT out_trade_no, paid_total FROM "order" WHERE out_trade_no LIKE $1 ORDER BY id`, [`${prefix}%`]);
    log(`seeded ${orders.length} unpaid orders in ${Date.now() - t0} ms`);

    // build the notifies the way WeChat (the sandbox notifier) does
    const t1 = Date.now();
    // Signing 20,000 RSA signatures takes a minute or more here and sending them several more: stamp them
    // 250 s ahead (WeChat's clock may be off by up to 5 minutes, and the API accepts ±300 s), so every
    // notify is inside the window from signing until 550 s later.
    const stamp = String(Math.floor(t1 / 1000) + 250);
    const lines = [];
    orders.forEach((ord, n) => {
      const now = Date.now();
      const resource = {
        appid: creds.appid,
        mchid: creds.mchid,
        out_trade_no: ord.out_trade_no,
        transaction_id: `42${run}${String(n + 1).padStart(25, '0')}`,
        trade_type: 'JSAPI',
        trade_state: 'SUCCESS',
        trade_state_desc: '支付成功',
        bank_type: 'OTHERS',
        attach: '',
        success_time: rfc3339(now),
        payer: { openid: `bench_openid_${n}` },
        amount: { total: Number(ord.paid_total), payer_total: Number(ord.paid_total), currency: 'CNY', payer_currency: 'CNY' },
      };
      const nonce = alnum(12);
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(creds.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
      cipher.setAAD(Buffer.from('transaction', 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64');
      const body = JSON.stringify({
        id: randomUUID(),
        create_time: rfc3339(now),
        resource_type: 'encrypt-resource',
        event_type: 'TRANSACTION.SUCCESS',
        summary: '支付成功',
        resource: { original_type: 'transaction', algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data: 'transaction', nonce },
      });
      const timestamp = stamp;
      const sigNonce = alnum(32);
      const signature = createSign('RSA-SHA256').update(`${timestamp}\n${sigNonce}\n${body}\n`).sign(creds.publicKeyPrivateKeyPem, 'base64');
      const headers = {
        'wechatpay-timestamp': timestamp,
        'wechatpay-nonce': sigNonce,
        'wechatpay-signature': signature,
        'wechatpay-serial': creds.publicKeyId,
        'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      };
      const req = JSON.stringify({ method: 'POST', path: '/api/v1/payments/wechat/notify', headers, body });
      lines.push(req);
      if (Math.random() < o.dupRate) lines.push(req); // WeChat redelivers the same notification
    });
    for (let i = lines.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    const file = path.join(tmp, `notifies-${run}.jsonl`);
    fs.writeFileSync(file, lines.join('\n'));
    const dups = lines.length - orders.length;
    log(`built ${lines.length} signed, encrypted notifies (${dups} duplicates) in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
    if ((Date.now() - t1) / 1000 > 200) throw new Error('notifies took too long to build: the 5-minute timestamp window would reject them');

    const dbStats = async () =>
      (
        await db.pool.query(
          `SELECT xact_commit::bigint AS commits, (tup_inserted + tup_updated + tup_deleted)::bigint AS written FROM pg_stat_database WHERE datname = current_database()`,
        )
      ).rows[0];
    const stats0 = await dbStats();
    const cpu0 = cpuSeconds(api.child.pid);
    const pgCpu0 = postgresCpuSeconds();
    const load = await runLoad({
      target: api.url,
      connections: o.connections,
      durationMs: Math.max(60_000, 540_000 - (Date.now() - t1)),
      maxRequests: lines.length,
      list: file,
    });
    // the apply side may lag the answers: wait (bounded) until nothing recorded is left unapplied
    const tDrain = Date.now();
    for (;;) {
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM wechat_pay_notification WHERE result = 'received'`);
      if (rows[0].n === 0) break;
      if (Date.now() - tDrain > 120_000) throw new Error(`${rows[0].n} recorded notifies still not applied after 120 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainMs = Date.now() - tDrain;
    // CPU includes the apply after the last answer: it is work the callbacks cost
    const apiCpuMs = ((cpuSeconds(api.child.pid) - cpu0) * 1000) / load.requests;
    const pgCpuMs = ((postgresCpuSeconds() - pgCpu0) * 1000) / load.requests;
    const loadgenCpuMs = load.cpuMs / load.requests;
    log(
      `API: ${load.requests} notifies answered in ${fmt(load.elapsedMs / 1000, 2)} s, status ${JSON.stringify(load.status)}, ${fmt(load.rps)} answered/s, p50 ${fmt(load.p50)} ms, p90 ${fmt(load.p90)} ms, p99 ${fmt(load.p99)} ms, max ${fmt(load.max)} ms; all applied ${drainMs} ms after the last answer; CPU per notify: API ${fmt(apiCpuMs, 2)} ms, PostgreSQL ${fmt(pgCpuMs, 2)} ms, load generator ${fmt(loadgenCpuMs, 2)} ms`,
    );
    if (Object.keys(load.samples).length) log(`non-2xx samples: ${JSON.stringify(load.samples)}\n${api.errors.slice(0, 3).join('\n')}`);

    await new Promise((r) => setTimeout(r, 1500)); // pg_stat counters are flushed at most every 1 s
    const stats1 = await dbStats();
    const perNotify = (a, b) => fmt((Number(b) - Number(a)) / load.requests, 1);
    log(`database work per notify: ${perNotify(stats0.commits, stats1.commits)} commits, ${perNotify(stats0.written, stats1.written)} rows written`);
    // apply lag: the inbox row's received_at (the recording transaction; the answer follows its commit) to the
    // order's paid_at (the applying transaction; its commit follows within the batch)
    const [facts] = (
      await db.pool.query(
        `SELECT (SELECT count(*)::int FROM payment WHERE outcome = 'applied' AND out_trade_no LIKE $1) AS applied,
                (SELECT count(*)::int FROM payment WHERE out_trade_no LIKE $1) AS payments,
                (SELECT count(*)::int FROM "order" WHERE out_trade_no LIKE $1 AND status = 'paid') AS paid,
                (SELECT count(*)::int FROM wechat_pay_notification WHERE out_trade_no LIKE $1) AS notifications,
                (SELECT COALESCE(sum(deliveries - 1), 0)::int FROM wechat_pay_notification WHERE out_trade_no LIKE $1) AS redeliveries,
                (SELECT count(*)::int FROM ledger_posting WHERE kind = 'payment' AND idempotency_key LIKE $2) AS postings,
                (SELECT COALESCE(sum(amount), 0)::bigint FROM ledger_entry) AS ledger_sum,
                (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM o.paid_at - n.received_at) * 1000)
                   FROM "order" o JOIN wechat_pay_notification n ON n.out_trade_no = o.out_trade_no
                   WHERE o.out_trade_no LIKE $1 AND n.result = 'applied') AS lag_p99,
                (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.paid_at - n.received_at) * 1000)
                   FROM "order" o JOIN wechat_pay_notification n ON n.out_trade_no = o.out_trade_no
                   WHERE o.out_trade_no LIKE $1 AND n.result = 'applied') AS lag_p50`,
        [`${prefix}%`, `payment:42${run}%`],
      )
    ).rows;
    log(
      `database: applied ${facts.applied} (orders ${orders.length}), paid ${facts.paid}, payments ${facts.payments}, ledger postings ${facts.postings} (sum ${facts.ledger_sum}), notifications ${facts.notifications}, duplicate deliveries ignored ${facts.redeliveries} of ${dups}; apply lag p50 ${fmt(facts.lag_p50)} ms, p99 ${fmt(facts.lag_p99)} ms`,
    );
    const exact =
      facts.applied === orders.length &&
      facts.paid === orders.length &&
      facts.payments === orders.length &&
      facts.postings === orders.length &&
      facts.redeliveries === dups &&
      Number(facts.ledger_sum) === 0;
    return {
      rps: load.rps,
      p50: load.p50,
      p99: load.p99,
      lagP99: Number(facts.lag_p99),
      ok: load.ok === load.requests,
      nonOk: load.requests - load.ok,
      exact,
      applied: facts.applied,
      orders: orders.length,
      dups,
      ignored: facts.redeliveries,
      apiCpuMs,
      pgCpuMs,
      loadgenCpuMs,
    };
  }

  const runs = await runRepeated(o.repeat, measure);
  await stopChild(api.child); // the floor gets the machine to itself, as the API run did

  // the floor: the API's inbox statement, one notification per transaction, prepared, same concurrency
  const resource = JSON.stringify({
    out_trade_no: 'PGB000000000001',
    transaction_id: '4200000000000000000000000001',
    trade_state: 'SUCCESS',
    appid: creds.appid,
    mchid: creds.mchid,
    amount: { total: 990, payer_total: 990, currency: 'CNY', payer_currency: 'CNY' },
    payer: { openid: 'bench_openid_0' },
    success_time: rfc3339(Date.now()),
    trade_type: 'JSAPI',
    trade_state_desc: '支付成功',
    bank_type: 'OTHERS',
    attach: '',
  });
  const literal = `'${resource.replaceAll("'", "''")}'`;
  const script = `\\set r random(1, 9000000000000000)
INSERT INTO wechat_pay_notification AS w (notify_id, event_type, out_trade_no, out_refund_no, resource, result, deliveries) SELECT * FROM unnest(ARRAY['pgb-' || :client_id || '-' || :r]::text[], ARRAY['TRANSACTION.SUCCESS']::text[], ARRAY['PGB000000000001']::text[], ARRAY[NULL]::text[], ARRAY[${literal}]::jsonb[], ARRAY['received']::text[], ARRAY[1]::int[]) ORDER BY 1 ON CONFLICT (notify_id) DO UPDATE SET deliveries = w.deliveries + EXCLUDED.deliveries, last_seen_at = now(), resource = CASE WHEN w.result = ANY(ARRAY['received']) THEN EXCLUDED.resource ELSE w.resource END, result = CASE WHEN w.result = ANY(ARRAY['received']) THEN EXCLUDED.result ELSE w.result END RETURNING notify_id, result;
`;
  const floors = await runRepeated(o.repeat, async (i) => {
    const f = pgbench(db, script, { clients: o.connections, seconds: o.floorSeconds, label: `notify-floor-${i}`, mode: 'prepared' });
    log(
      `floor (pgbench, inbox insert, prepared, ${o.connections} clients, ${o.floorSeconds} s): ${fmt(f.tps)} tps, latency ${fmt(f.latencyMs, 2)} ms, failed ${f.failed}`,
    );
    await db.pool.query(`DELETE FROM wechat_pay_notification WHERE notify_id LIKE 'pgb-%'`);
    return f;
  });

  const rps = summarize(runs, 'rps');
  const floor = summarize(floors, 'tps');
  const ratio = rps.median / floor.median;
  const p99 = summarize(runs, 'p99');
  const lag = summarize(runs, 'lagP99');
  const exact = runs.every((r) => r.exact && r.ok);
  const mid = medianRun(runs, 'rps');
  log(
    `median of ${runs.length}: answered/s ${spreadText(rps)}, answer p50 ${spreadText(summarize(runs, 'p50'))} ms, p99 ${spreadText(p99)} ms, apply lag p99 ${spreadText(lag)} ms; floor ${spreadText(floor)} tps; ratio ${fmt(ratio, 2)}`,
  );
  log(`CPU per notify (median run): API ${fmt(mid.apiCpuMs, 2)} ms, PostgreSQL ${fmt(mid.pgCpuMs, 2)} ms, load generator ${fmt(mid.loadgenCpuMs, 2)} ms`);
  const met = exact && ratio >= 0.6 && p99.median < 50 && lag.median < 1000;
  log(
    `targets: answered/s ÷ floor ≥ 0.6 ${ratio >= 0.6}, answer p99 < 50 ms ${p99.median < 50}, apply lag p99 < 1 s ${lag.median < 1000}, applied = orders and duplicates ignored in every run ${exact}: ${met ? 'met' : 'NOT met'}`,
  );
  benchLine('notify', {
    ...spreadFields(runs, { answered_per_s: 'rps', p50_ms: 'p50', p99_ms: 'p99', apply_lag_p99_ms: 'lagP99' }),
    ...spreadFields(floors, { floor_tps: 'tps' }),
    ratio: fmt(ratio, 2),
    applied: runs.map((r) => r.applied).join('/'),
    orders: runs.map((r) => r.orders).join('/'),
    duplicates_sent: runs.map((r) => r.dups).join('/'),
    duplicates_ignored: runs.map((r) => r.ignored).join('/'),
    non_2xx: runs.map((r) => r.nonOk).join('/'),
    met,
    runs: runs.length,
    connections: o.connections,
    pool: o.pool,
    api_cpu_ms_per_notify: fmt(mid.apiCpuMs, 2),
    pg_cpu_ms_per_notify: fmt(mid.pgCpuMs, 2),
    loadgen_cpu_ms_per_notify: fmt(mid.loadgenCpuMs, 2),
  });
});
