#!/usr/bin/env node
// `pnpm bench notify [--history=100000 --orders=20000 --dupRate=0.2 --connections=50 --skus=1000 --pool=20]`
// WeChat Pay paid notifies (TRANSACTION.SUCCESS) for `orders` distinct unpaid orders, signed with the
// sandbox's WeChat Pay public-key-mode private key and AES-256-GCM encrypted with the APIv3 key exactly
// like apps/wechat-sandbox/src/notifier.ts; `dupRate` of them are delivered twice (same notify id and
// body, shuffled in). POSTed to /api/v1/payments/wechat/notify of the production build over
// `connections` connections. Checks every order paid exactly once (applied = orders).
// Target (issue 8): ≥ 2,000 notifies/s, p99 < 50 ms, applied = orders.
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
  postgresCpuSeconds,
  runLoad,
  scratchDatabase,
  startApi,
  startSandbox,
  tmp,
} from './lib/env.mjs';

const o = options({ history: 100_000, orders: 20_000, dupRate: 0.2, connections: 50, skus: 1000, buyers: 2000, pool: 20, cpuProf: '' });

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

  // unpaid orders, set-based: one line each, random SKU and buyer
  const t0 = Date.now();
  await db.pool.query(
    `WITH o AS (
       INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, idempotency_key, items_total, paid_total, address, expires_at)
       SELECT 'BN' || lpad(g::text, 12, '0'), $3 + (g % $4), $1, $2, 'bn_' || g, k.price, k.price, '{}'::jsonb, now() + interval '30 minutes'
       FROM generate_series(1, $5) g JOIN sku k ON k.id = $6 + (g % $7)
       RETURNING id, paid_total, out_trade_no)
     INSERT INTO order_item (order_id, product_id, sku_id, title, unit_price, quantity, items_amount, paid_amount)
     SELECT o.id, k.product_id, k.id, '压测商品', o.paid_total, 1, o.paid_total, o.paid_total
     FROM o JOIN sku k ON k.id = $6 + (substr(o.out_trade_no, 3)::int % $7)`,
    [s.merchantId, s.shopId, s.buyerLo, o.buyers, o.orders, s.skuLo, o.skus],
  );
  await db.pool.query('ANALYZE');
  const { rows: orders } = await db.pool.query(`SELECT out_trade_no, paid_total FROM "order" WHERE out_trade_no LIKE 'BN%' ORDER BY id`);
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
      transaction_id: `4200${String(n + 1).padStart(24, '0')}`,
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
  // shuffle, then keep a share of duplicates right next to their first delivery (they arrive together)
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  const file = path.join(tmp, 'notifies.jsonl');
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
  const tableStats = async () =>
    Object.fromEntries(
      (await db.pool.query(`SELECT relname, (n_tup_ins + n_tup_upd)::bigint AS w FROM pg_stat_user_tables`)).rows.map((r) => [r.relname, Number(r.w)]),
    );
  const stats0 = await dbStats();
  const tables0 = await tableStats();
  const cpu0 = cpuSeconds(api.child.pid);
  const pgCpu0 = postgresCpuSeconds();
  const load = await runLoad({
    target: api.url,
    connections: o.connections,
    durationMs: Math.max(60_000, 540_000 - (Date.now() - t1)),
    maxRequests: lines.length,
    list: file,
  });
  const apiCpuMs = ((cpuSeconds(api.child.pid) - cpu0) * 1000) / load.requests;
  const pgCpuMs = ((postgresCpuSeconds() - pgCpu0) * 1000) / load.requests;
  const loadgenCpuMs = load.cpuMs / load.requests;
  log(
    `API: ${load.requests} notifies in ${fmt(load.elapsedMs / 1000, 2)} s, status ${JSON.stringify(load.status)}, ${fmt(load.rps)} notifies/s, p50 ${fmt(load.p50)} ms, p90 ${fmt(load.p90)} ms, p99 ${fmt(load.p99)} ms, max ${fmt(load.max)} ms; CPU per notify: API ${fmt(apiCpuMs, 2)} ms, PostgreSQL ${fmt(pgCpuMs, 2)} ms, load generator ${fmt(loadgenCpuMs, 2)} ms`,
  );
  if (Object.keys(load.samples).length) log(`non-2xx samples: ${JSON.stringify(load.samples)}\n${api.errors.slice(0, 3).join('\n')}`);

  await new Promise((r) => setTimeout(r, 1500)); // pg_stat counters are flushed at most every 1 s
  const stats1 = await dbStats();
  const tables1 = await tableStats();
  const perNotify = (a, b) => fmt((Number(b) - Number(a)) / load.requests, 1);
  log(
    `database work per notify: ${perNotify(stats0.commits, stats1.commits)} commits, ${perNotify(stats0.written, stats1.written)} rows written; rows written by table: ${Object.entries(
      tables1,
    )
      .map(([t, w]) => [t, w - (tables0[t] ?? 0)])
      .filter(([, w]) => w > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([t, w]) => `${t} ${w}`)
      .join(', ')}`,
  );
  const [facts] = (
    await db.pool.query(
      `SELECT (SELECT count(*)::int FROM payment WHERE outcome = 'applied' AND out_trade_no LIKE 'BN%') AS applied,
              (SELECT count(*)::int FROM payment WHERE out_trade_no LIKE 'BN%') AS payments,
              (SELECT count(*)::int FROM "order" WHERE out_trade_no LIKE 'BN%' AND status = 'paid') AS paid,
              (SELECT count(*)::int FROM wechat_pay_notification) AS notifications,
              (SELECT COALESCE(sum(deliveries - 1), 0)::int FROM wechat_pay_notification) AS redeliveries,
              (SELECT count(*)::int FROM ledger_posting WHERE kind = 'payment' AND idempotency_key LIKE 'payment:4200%') AS postings,
              (SELECT COALESCE(sum(amount), 0)::bigint FROM ledger_entry) AS ledger_sum`,
    )
  ).rows;
  const duplicatesIgnored = facts.redeliveries;
  log(
    `database: applied ${facts.applied} (orders ${orders.length}), paid ${facts.paid}, payments ${facts.payments}, ledger postings ${facts.postings} (sum ${facts.ledger_sum}), notifications ${facts.notifications}, duplicate deliveries ignored ${duplicatesIgnored} of ${dups}`,
  );
  const exact =
    facts.applied === orders.length &&
    facts.paid === orders.length &&
    facts.payments === orders.length &&
    facts.postings === orders.length &&
    Number(facts.ledger_sum) === 0;
  const met = exact && load.rps >= 2000 && load.p99 < 50 && load.ok === load.requests;
  log(`targets: ≥ 2000/s ${load.rps >= 2000}, p99 < 50 ms ${load.p99 < 50}, applied = orders ${exact}: ${met ? 'met' : 'NOT met'}`);
  benchLine('notify', {
    notifies_per_s: fmt(load.rps),
    p99_ms: fmt(load.p99),
    p50_ms: fmt(load.p50),
    applied: facts.applied,
    orders: orders.length,
    duplicates_sent: dups,
    duplicates_ignored: duplicatesIgnored,
    non_2xx: load.requests - load.ok,
    met,
    connections: o.connections,
    pool: o.pool,
    api_cpu_ms_per_notify: fmt(apiCpuMs, 2),
    pg_cpu_ms_per_notify: fmt(pgCpuMs, 2),
  });
});
