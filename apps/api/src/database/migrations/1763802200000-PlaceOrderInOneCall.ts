import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Placing an order in one round trip (issue 18), and the cause of last session's slow orders.
 *
 * The cause: `order_unpaid_expiry (expires_at) WHERE status = 'created'` also matched the per-buyer count of
 * unpaid orders (`buyer_user_id = $1 AND status = 'created'`). While statistics say there are almost no
 * unpaid orders (a fresh ANALYZE, or generic plans made early), both partial indexes cost the same and the
 * planner took the expiry index, filtering every unpaid order of every buyer on each placement, twice (order
 * lines query and `order_buyer_holdings`): 4 ms per order at 30,000 unpaid orders and growing. Redefined with
 * `expires_at IS NOT NULL` (always true: the column is NOT NULL), the sweeper's `expires_at <= $1` still
 * implies it and uses the index, while the buyer count cannot, and goes to `order_buyer_unpaid`.
 *
 * `order_buyer_holdings` skips the join of the buyer's orders with their lines when no product has a
 * limit (before, it walked all of the buyer's orders to find nothing).
 *
 * `place_order`: the whole common case of POST /orders (one merchant, no `ref`) as one call, so one round
 * trip and one implicit transaction (a RAISE rolls back everything it wrote). In order: the buyer's
 * advisory lock (the same one `order_buyer_holdings` takes, held to commit, so a buyer's parallel orders
 * count each other), the idempotency replay, the lines, the unpaid cap and 限购 counted after the lock
 * (plpgsql takes a fresh snapshot per statement, so what the buyer committed while we waited is counted),
 * sold out in that snapshot, freight and the WeChat cap, the order and its lines, then the reservation in
 * SKU order: the SKU row or one unlocked hot-stock slot (the first tries of HotStockService.reserve).
 * Outcomes: 'placed'; 'replay' (detail: ids, hash); 'out_of_stock' (detail: index of the first short line, its
 * available stock);
 * 'check' (anything refused or unusual before writing: the caller takes the multi-statement path, which
 * answers with the exact error); SQLSTATE SSP01 raised when no quick reservation worked (rolled back: the
 * caller takes the path that waits for locks and spreads over slots).
 */
export class PlaceOrderInOneCall1763802200000 implements MigrationInterface {
  name = 'PlaceOrderInOneCall1763802200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX order_unpaid_expiry;
      CREATE INDEX order_unpaid_expiry ON "order" (expires_at) WHERE status = 'created' AND expires_at IS NOT NULL;

      CREATE OR REPLACE FUNCTION order_buyer_holdings(buyer bigint, products bigint[], lock_space int)
        RETURNS TABLE (unpaid_orders int, held jsonb) LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_space, hashint8(buyer));
        RETURN QUERY SELECT
          (SELECT count(*)::int FROM "order" WHERE buyer_user_id = buyer AND status = 'created'),
          CASE WHEN cardinality(products) = 0 THEN '{}'::jsonb ELSE (SELECT COALESCE(jsonb_object_agg(t.product_id, t.quantity), '{}'::jsonb) FROM (
             SELECT oi.product_id, sum(oi.quantity - oi.refunded_quantity)::int AS quantity
             FROM "order" o JOIN order_item oi ON oi.order_id = o.id
             WHERE o.buyer_user_id = buyer AND oi.product_id = ANY(products)
               AND o.status IN ('created', 'paid', 'shipped', 'received', 'completed')
             GROUP BY oi.product_id) t) END;
      END $$;

      CREATE FUNCTION place_order(p_buyer bigint, p_shop bigint, p_skus bigint[], p_quantities int[], p_key text, p_hash text, p_address jsonb,
                                  p_remark text, p_close_minutes int, p_max_unpaid int, p_lock_space int, p_slots_first bigint[])
        RETURNS TABLE (outcome text, detail jsonb, placed "order", placed_items jsonb, merchant_name text, slotted bigint[])
        LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        v_replay bigint[]; v_replay_hash text;
        v_shop record;
        v_ok boolean; v_merchants int; v_merchant bigint; v_merchant_name text; v_fee bigint; v_free_above bigint;
        v_products bigint[]; v_titles text[]; v_specs jsonb[]; v_images text[]; v_prices bigint[]; v_available int[]; v_limits int[];
        v_short int; v_items_total bigint; v_shipping bigint; v_order "order"; v_items jsonb; v_slotted bigint[] := '{}'; r record;
      BEGIN
        PERFORM pg_advisory_xact_lock(p_lock_space, hashint8(p_buyer));
        SELECT array_agg(o.id ORDER BY o.id), min(o.request_hash) INTO v_replay, v_replay_hash FROM "order" o WHERE o.buyer_user_id = p_buyer AND o.idempotency_key = p_key;
        IF v_replay IS NOT NULL THEN
          RETURN QUERY SELECT 'replay'::text, jsonb_build_object('ids', to_jsonb(v_replay), 'hash', v_replay_hash), NULL::"order", NULL::jsonb, NULL::text, NULL::bigint[];
          RETURN;
        END IF;
        SELECT sh.kind, sh.owner_user_id INTO v_shop FROM shop sh WHERE sh.id = p_shop;
        IF NOT FOUND THEN
          RETURN QUERY SELECT 'check'::text, NULL::jsonb, NULL::"order", NULL::jsonb, NULL::text, NULL::bigint[];
          RETURN;
        END IF;
        SELECT bool_and(k.id IS NOT NULL AND k.active AND p.status = 'on_sale' AND m.status = 'approved' AND sp.product_id IS NOT NULL),
               count(DISTINCT k.merchant_id), min(k.merchant_id), min(m.name), min(m.freight_fee), min(m.free_shipping_above),
               array_agg(k.product_id ORDER BY l.ord), array_agg(p.title ORDER BY l.ord), array_agg(k.spec_values ORDER BY l.ord),
               array_agg(p.images->>0 ORDER BY l.ord), array_agg(k.price ORDER BY l.ord),
               array_agg((k.stock + COALESCE((SELECT sum(hs.stock) FROM sku_stock_slot hs WHERE hs.sku_id = k.id), 0))::int ORDER BY l.ord),
               array_agg(p.purchase_limit ORDER BY l.ord)
          INTO v_ok, v_merchants, v_merchant, v_merchant_name, v_fee, v_free_above, v_products, v_titles, v_specs, v_images, v_prices, v_available, v_limits
          FROM unnest(p_skus, p_quantities) WITH ORDINALITY l(sku_id, quantity, ord)
          LEFT JOIN sku k ON k.id = l.sku_id LEFT JOIN product p ON p.id = k.product_id LEFT JOIN merchant m ON m.id = k.merchant_id
          LEFT JOIN shop_product sp ON sp.shop_id = p_shop AND sp.product_id = p.id;
        -- refusals (and orders over several merchants) are answered by the multi-statement path, word for word
        IF v_ok IS NOT TRUE OR v_merchants <> 1
           OR (SELECT count(*) FROM "order" o WHERE o.buyer_user_id = p_buyer AND o.status = 'created') + 1 > p_max_unpaid
           OR EXISTS (
             SELECT 1 FROM unnest(v_products, v_limits, p_quantities) w(product_id, lim, quantity) WHERE w.lim IS NOT NULL
             GROUP BY w.product_id, w.lim
             HAVING sum(w.quantity) + (SELECT COALESCE(sum(oi.quantity - oi.refunded_quantity), 0) FROM "order" o JOIN order_item oi ON oi.order_id = o.id
                                       WHERE o.buyer_user_id = p_buyer AND oi.product_id = w.product_id
                                         AND o.status IN ('created', 'paid', 'shipped', 'received', 'completed')) > w.lim) THEN
          RETURN QUERY SELECT 'check'::text, NULL::jsonb, NULL::"order", NULL::jsonb, NULL::text, NULL::bigint[];
          RETURN;
        END IF;
        -- sold out in this snapshot is certain (in-flight reservations only lower it): answered before writing
        SELECT min(i) - 1 INTO v_short FROM generate_subscripts(p_skus, 1) i WHERE v_available[i] < p_quantities[i];
        IF v_short IS NOT NULL THEN
          RETURN QUERY SELECT 'out_of_stock'::text, jsonb_build_object('index', v_short, 'available', v_available[v_short + 1]), NULL::"order", NULL::jsonb, NULL::text, NULL::bigint[];
          RETURN;
        END IF;
        -- freight as @shareshop/common freightFor: the merchant's fee, none at or above 满 X 包邮
        SELECT sum(v_prices[i] * p_quantities[i]) INTO v_items_total FROM generate_subscripts(p_skus, 1) i;
        v_shipping := CASE WHEN v_fee <= 0 OR (v_free_above IS NOT NULL AND v_items_total >= v_free_above) THEN 0 ELSE v_fee END;
        IF v_items_total + v_shipping > 2147483647 THEN -- WeChat Pay's 32-bit amount (order-pricing.ts)
          RETURN QUERY SELECT 'check'::text, NULL::jsonb, NULL::"order", NULL::jsonb, NULL::text, NULL::bigint[];
          RETURN;
        END IF;
        INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, distributor_user_id, idempotency_key,
          items_total, discount_total, shipping_fee, paid_total, address, remark, expires_at, request_hash)
        VALUES (business_no(''), p_buyer, v_merchant, p_shop, CASE WHEN v_shop.kind = 'distributor' THEN v_shop.owner_user_id END, p_key,
          v_items_total, 0, v_shipping, v_items_total + v_shipping, p_address, p_remark, now() + make_interval(mins => p_close_minutes), p_hash)
        RETURNING * INTO v_order;
        WITH i AS (
          INSERT INTO order_item (order_id, product_id, sku_id, title, spec_values, image, unit_price, quantity, items_amount, discount_amount, paid_amount)
          SELECT v_order.id, v_products[n], p_skus[n], v_titles[n], v_specs[n], v_images[n], v_prices[n], p_quantities[n],
                 v_prices[n] * p_quantities[n], 0, v_prices[n] * p_quantities[n]
          FROM generate_subscripts(p_skus, 1) n ORDER BY n
          RETURNING *)
        SELECT jsonb_agg(i ORDER BY i.id) INTO v_items FROM i;
        -- reserve in SKU order (two multi-line orders cannot deadlock); a hot SKU from a random unlocked slot
        FOR r IN SELECT x.sku_id, x.quantity FROM unnest(p_skus, p_quantities) x(sku_id, quantity) ORDER BY x.sku_id LOOP
          IF NOT (r.sku_id = ANY(p_slots_first)) THEN
            UPDATE sku SET stock = stock - r.quantity WHERE id = r.sku_id AND stock >= r.quantity;
            CONTINUE WHEN FOUND;
          END IF;
          WITH pick AS (SELECT hs.slot FROM sku_stock_slot hs WHERE hs.sku_id = r.sku_id AND hs.stock >= r.quantity ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED)
          UPDATE sku_stock_slot t SET stock = t.stock - r.quantity FROM pick WHERE t.sku_id = r.sku_id AND t.slot = pick.slot;
          IF FOUND THEN
            v_slotted := v_slotted || r.sku_id;
            CONTINUE;
          END IF;
          RAISE EXCEPTION 'place_order: no quick reservation for SKU %', r.sku_id USING ERRCODE = 'SSP01';
        END LOOP;
        RETURN QUERY SELECT 'placed'::text, NULL::jsonb, v_order, v_items, v_merchant_name, v_slotted;
      END $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION place_order(bigint, bigint, bigint[], int[], text, text, jsonb, text, int, int, int, bigint[]);
      DROP INDEX order_unpaid_expiry;
      CREATE INDEX order_unpaid_expiry ON "order" (expires_at) WHERE status = 'created';
      CREATE OR REPLACE FUNCTION order_buyer_holdings(buyer bigint, products bigint[], lock_space int)
        RETURNS TABLE (unpaid_orders int, held jsonb) LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_space, hashint8(buyer));
        RETURN QUERY SELECT
          (SELECT count(*)::int FROM "order" WHERE buyer_user_id = buyer AND status = 'created'),
          (SELECT COALESCE(jsonb_object_agg(t.product_id, t.quantity), '{}'::jsonb) FROM (
             SELECT oi.product_id, sum(oi.quantity - oi.refunded_quantity)::int AS quantity
             FROM "order" o JOIN order_item oi ON oi.order_id = o.id
             WHERE o.buyer_user_id = buyer AND oi.product_id = ANY(products)
               AND o.status IN ('created', 'paid', 'shipped', 'received', 'completed')
             GROUP BY oi.product_id) t);
      END $$;
    `);
  }
}
