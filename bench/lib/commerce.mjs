// Set-based seeding of the commerce tables (after the API has migrated the scratch database) and the
// pgbench script that replays the SQL PlaceOrderService runs for one order.

export const ADDRESS = { name: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' };

/**
 * One approved merchant with its merchant shop, `skus` on-sale products of one SKU each (stock `stock`,
 * or per-SKU via stockFor), all listed in the shop, and `buyers` buyers. Returns ids.
 */
export async function seedCommerce(db, { skus, stock, buyers, tag = 'b' }) {
  const q = (sql, params) => db.pool.query(sql, params);
  const [owner] = (
    await q(`INSERT INTO app_user (openid, referral_code, nickname) VALUES ($1, $2, '压测商家') RETURNING id`, [`bench_owner_${tag}`, `BO${tag}`.toUpperCase()])
  ).rows;
  const [merchant] = (await q(`INSERT INTO merchant (name, status, owner_user_id) VALUES ('压测商家', 'approved', $1) RETURNING id`, [owner.id])).rows;
  await q(`INSERT INTO merchant_member (merchant_id, user_id, role) VALUES ($1, $2, 'owner')`, [merchant.id, owner.id]);
  const [shop] = (
    await q(`INSERT INTO shop (kind, owner_user_id, merchant_id, name) VALUES ('merchant', $1, $2, '压测商家') RETURNING id`, [owner.id, merchant.id])
  ).rows;
  await q(
    `WITH p AS (
       INSERT INTO product (merchant_id, title, status, images) SELECT $1, '压测商品 ' || g, 'on_sale', '["https://img.example/p.png"]'::jsonb FROM generate_series(1, $2) g RETURNING id)
     , s AS (INSERT INTO sku (product_id, merchant_id, price, stock, code) SELECT id, $1, 1000 + (id % 100), $3, 'BENCH-' || id FROM p RETURNING product_id)
     INSERT INTO shop_product (shop_id, product_id, position) SELECT $4, product_id, 0 FROM s`,
    [merchant.id, skus, stock, shop.id],
  );
  const skuRange = (await q('SELECT min(id)::int AS lo, max(id)::int AS hi FROM sku WHERE merchant_id = $1', [merchant.id])).rows[0];
  const buyerRange = (
    await q(
      `WITH u AS (INSERT INTO app_user (openid, referral_code, nickname) SELECT 'bench_buyer_' || $2 || '_' || g, 'BB' || upper($2) || g, '买家' || g FROM generate_series(1, $1) g RETURNING id)
       SELECT min(id)::int AS lo, max(id)::int AS hi, count(*)::int AS n FROM u`,
      [buyers, tag],
    )
  ).rows[0];
  // bench orders stay unpaid: let a buyer hold the most the platform allows (default 5, apps/api/src/orders/order-limits.ts)
  await q(
    `INSERT INTO platform_setting (key, value) VALUES ('distribution', $1)
     ON CONFLICT (key) DO UPDATE SET value = jsonb_set(platform_setting.value, '{settings,maxUnpaidOrdersPerUser}', '50')`,
    [JSON.stringify({ settings: { maxUnpaidOrdersPerUser: 50 }, multiLevelAcknowledgement: null })],
  );
  await q('ANALYZE');
  return {
    ownerId: Number(owner.id),
    merchantId: Number(merchant.id),
    shopId: Number(shop.id),
    skuLo: skuRange.lo,
    skuHi: skuRange.hi,
    buyerLo: buyerRange.lo,
    buyerHi: buyerRange.hi,
  };
}

/**
 * The shop's past: `orders` completed one-line orders of the seeded merchant, each with its payment and its
 * ledger posting (clearing debit, merchant payable credit) as the API writes them, then ANALYZE.
 *
 * A live shop has history, and benchmarking an empty one measures something else: PostgreSQL plans the
 * foreign-key checks and trigger queries of a connection once and keeps the plans, so plans made while
 * `order` or the ledger held a handful of rows stay sequential scans while the run adds tens of thousands
 * (auto_explain showed `Seq Scan on ledger_posting` in every ledger entry's foreign-key check during
 * `pnpm bench notify`). Spread over the last 30 days; buyers and SKUs round-robin.
 */
export async function seedHistory(db, s, { orders = 100_000 } = {}) {
  const q = (sql, params) => db.pool.query(sql, params);
  const accounts = (
    await q(
      `INSERT INTO ledger_account (code, kind, owner_type, owner_id) VALUES ('platform:clearing', 'asset', NULL, NULL), ($1, 'liability', 'merchant', $2)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind RETURNING id, code`,
      [`merchant:${s.merchantId}:payable`, s.merchantId],
    )
  ).rows;
  const clearing = accounts.find((a) => a.code === 'platform:clearing').id;
  const payable = accounts.find((a) => a.code !== 'platform:clearing').id;
  const skus = s.skuHi - s.skuLo + 1;
  const buyers = s.buyerHi - s.buyerLo + 1;
  await q(
    `WITH o AS (
       INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, status, idempotency_key, items_total, paid_total, address, expires_at,
                            created_at, updated_at, paid_at, shipped_at, received_at, completed_at, transaction_id)
       SELECT 'HS' || lpad(g::text, 12, '0'), $3 + (g % $4), $1, $2, 'completed', 'history_' || g, k.price, k.price, '{}'::jsonb, t,
              t, t, t, t + interval '1 day', t + interval '3 days', t + interval '10 days', 'HT' || lpad(g::text, 26, '0')
       FROM generate_series(1, $5) g JOIN sku k ON k.id = $6 + (g % $7)
       CROSS JOIN LATERAL (SELECT now() - interval '40 days' + (g * interval '30 days') / $5) AS at(t)
       RETURNING id, out_trade_no, transaction_id, paid_total, paid_at),
     i AS (
       INSERT INTO order_item (order_id, product_id, sku_id, title, unit_price, quantity, items_amount, paid_amount)
       SELECT o.id, k.product_id, k.id, '压测商品', o.paid_total, 1, o.paid_total, o.paid_total
       FROM o JOIN sku k ON k.id = $6 + (substr(o.out_trade_no, 3)::int % $7)),
     pay AS (
       INSERT INTO payment (transaction_id, order_id, out_trade_no, amount, success_time, source, outcome)
       SELECT o.transaction_id, o.id, o.out_trade_no, o.paid_total, o.paid_at, 'notify', 'applied' FROM o),
     p AS (
       INSERT INTO ledger_posting (kind, idempotency_key, ref_type, ref_id, business_date)
       SELECT 'payment', 'payment:' || o.transaction_id, 'order', o.id, (o.paid_at AT TIME ZONE 'Asia/Shanghai')::date FROM o
       RETURNING id, ref_id)
     INSERT INTO ledger_entry (posting_id, account_id, amount)
     SELECT p.id, x.account_id, x.amount FROM p JOIN o ON o.id = p.ref_id
     CROSS JOIN LATERAL (VALUES ($8::bigint, o.paid_total), ($9::bigint, -o.paid_total)) x(account_id, amount)`,
    [s.merchantId, s.shopId, s.buyerLo, buyers, orders, s.skuLo, skus, clearing, payable],
  );
  await q('ANALYZE');
}

/**
 * The SQL PlaceOrderService.place sends for a one-line order in a merchant shop (no ref): since issue 18 one
 * prepared statement in autocommit, `place_order(...)` (migration 1763802200000; the buyer's lock, idempotency
 * replay, lines, unpaid cap and 限购 counted under the lock, freight, the order with its line, the stock
 * reservation), exactly as apps/api/src/orders/place-order-call.service.ts sends it; pgbench runs it with
 * -M prepared, as the API prepares it. `skuExpr` is a pgbench expression for the SKU id; `maxUnpaid` the
 * platform's cap seeded by seedCommerce; 7407 is ORDER_BUYER_LOCK_SPACE (apps/api/src/orders/order-limits.ts).
 * Every transaction of the floor should place an order: count them with floorOrdersPlaced.
 */
export function placeOrderScript({ shopId, buyerLo, buyerHi, skuExpr, maxUnpaid = 50, closeMinutes = 30 }) {
  const address = JSON.stringify(ADDRESS).replaceAll("'", "''");
  return `\\set buyer random(${buyerLo}, ${buyerHi})
\\set sku ${skuExpr}
\\set key random(1, 999999999999)
SELECT r.outcome, r.detail, r.placed_items, r.merchant_name, r.slotted, (r.placed).* FROM place_order(:buyer, ${shopId}, ARRAY[:sku]::bigint[], ARRAY[1], 'pg_' || :key, 'pgbench', '${address}', '', ${closeMinutes}, ${maxUnpaid}, 7407, '{}') r;
`;
}

/** Orders the floor placed (its idempotency keys start with pg_): should equal pgbench's transactions. */
export async function floorOrdersPlaced(db) {
  return (await db.pool.query(`SELECT count(*)::int AS n FROM "order" WHERE idempotency_key LIKE 'pg\\_%'`)).rows[0].n;
}

/**
 * Closes every unpaid order, as auto-close would (the stock stays taken: SKUs are seeded with plenty), so
 * each repeat of a bench starts with the same per-buyer unpaid counts (bench orders stay unpaid, and the
 * platform caps a buyer at 50).
 */
export async function closeUnpaidOrders(db) {
  await db.pool.query(`UPDATE "order" SET status = 'closed', closed_at = now(), updated_at = now() WHERE status = 'created'`);
  await db.pool.query('VACUUM ANALYZE "order"');
}
