import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team views read maintained figures instead of counting (issue 8, `pnpm bench team`): a distributor with
 * 125,000 level-3 members cost ~30 ms of count(*) and ~20 ms of summing this month's 37,000 level-3 sales
 * on every summary. Two tables, both kept by statement-level triggers in the writing transaction:
 *
 * - `team_stats`: per user, how many users store them as upline1 / upline2 / upline3.
 * - `team_sales_month`: per user, Asia/Shanghai month of payment and level (0 = the user's own shop),
 *   paid − refunded fen and the number of sales, from `distribution_sale`.
 *
 * Why triggers rather than increments in the binding code: every write of the chain columns moves the
 * counters — a bind, a rebind after expiry or in last-touch mode, the set-based rewrite of the rebound
 * user's level-1 and level-2 descendants, and equally any writer the binding code does not know about (an
 * instance still running the previous release during a rolling deploy, a bulk import, a hand-run repair).
 * A statement-level trigger sees exactly the rows a statement changed (transition tables), so one
 * aggregated, sorted upsert per statement covers a single login's bind and a million-row import alike.
 * The upserts add deltas (`level1 = level1 + d`), which is atomic under concurrent writers; rows are
 * written in key order so two statements never wait on each other in opposite orders. A counter that
 * would go below zero raises an error (and rolls the write back) instead of showing a wrong number.
 */
export class TeamCounters1763800700000 implements MigrationInterface {
  name = 'TeamCounters1763800700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE team_stats (
        user_id bigint PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        level1  integer NOT NULL DEFAULT 0,
        level2  integer NOT NULL DEFAULT 0,
        level3  integer NOT NULL DEFAULT 0
      );
      COMMENT ON TABLE team_stats IS 'Team size per level, kept by the team_stats_* triggers on app_user; equals count(*) of upline1/2/3_id = user_id';

      CREATE FUNCTION team_stats_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        up1 bigint[]; up2 bigint[]; up3 bigint[]; signs int[]; below bigint;
      BEGIN
        -- the chains the statement wrote count +1, the chains it replaced or deleted -1
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(upline1_id), array_agg(upline2_id), array_agg(upline3_id), array_agg(1) INTO up1, up2, up3, signs
          FROM new_rows WHERE num_nonnulls(upline1_id, upline2_id, upline3_id) > 0;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(upline1_id), array_agg(upline2_id), array_agg(upline3_id), array_agg(-1) INTO up1, up2, up3, signs
          FROM old_rows WHERE num_nonnulls(upline1_id, upline2_id, upline3_id) > 0;
        ELSE
          -- most updates of app_user (logins, profiles, becoming a distributor) leave every chain alone:
          -- they collect nothing and write nothing
          SELECT array_agg(m.u1), array_agg(m.u2), array_agg(m.u3), array_agg(m.sign) INTO up1, up2, up3, signs
          FROM new_rows n JOIN old_rows o ON o.id = n.id
          CROSS JOIN LATERAL (VALUES (n.upline1_id, n.upline2_id, n.upline3_id, 1), (o.upline1_id, o.upline2_id, o.upline3_id, -1)) m (u1, u2, u3, sign)
          WHERE (n.upline1_id, n.upline2_id, n.upline3_id) IS DISTINCT FROM (o.upline1_id, o.upline2_id, o.upline3_id) AND num_nonnulls(m.u1, m.u2, m.u3) > 0;
        END IF;
        IF up1 IS NULL THEN RETURN NULL; END IF;
        -- one delta row per user, in user order; added, not overwritten. A CHECK cannot guard this (it would
        -- judge the delta row itself before the conflict), so the results are checked instead.
        WITH up AS (
          INSERT INTO team_stats AS t (user_id, level1, level2, level3)
          SELECT v.user_id, sum(v.l1), sum(v.l2), sum(v.l3)
          FROM unnest(up1, up2, up3, signs) m (u1, u2, u3, sign)
          CROSS JOIN LATERAL (VALUES (m.u1, m.sign, 0, 0), (m.u2, 0, m.sign, 0), (m.u3, 0, 0, m.sign)) v (user_id, l1, l2, l3)
          WHERE v.user_id IS NOT NULL
          GROUP BY v.user_id HAVING sum(v.l1) <> 0 OR sum(v.l2) <> 0 OR sum(v.l3) <> 0 ORDER BY v.user_id
          ON CONFLICT (user_id) DO UPDATE SET level1 = t.level1 + EXCLUDED.level1, level2 = t.level2 + EXCLUDED.level2, level3 = t.level3 + EXCLUDED.level3
          RETURNING t.user_id, t.level1, t.level2, t.level3
        ) SELECT min(user_id) INTO below FROM up WHERE level1 < 0 OR level2 < 0 OR level3 < 0;
        IF below IS NOT NULL THEN
          RAISE EXCEPTION 'team_stats of user % would go below zero: the counters disagree with app_user', below;
        END IF;
        RETURN NULL;
      END $$;
      -- a trigger with transition tables serves one event: three triggers, one function
      CREATE TRIGGER team_stats_insert AFTER INSERT ON app_user REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION team_stats_apply();
      CREATE TRIGGER team_stats_update AFTER UPDATE ON app_user REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION team_stats_apply();
      CREATE TRIGGER team_stats_delete AFTER DELETE ON app_user REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION team_stats_apply();

      CREATE TABLE team_sales_month (
        user_id bigint NOT NULL,
        -- first day of the Asia/Shanghai calendar month of paid_at
        month   date NOT NULL,
        -- 0 = sales through the user's own shop, 1..3 = through the shops of that level of their team
        level   smallint NOT NULL CHECK (level BETWEEN 0 AND 3),
        amount  bigint NOT NULL DEFAULT 0,
        orders  integer NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, month, level)
      );
      COMMENT ON TABLE team_sales_month IS 'Monthly team sales per user and level, kept by the team_sales_* triggers on distribution_sale; informational, never a basis for pay';

      CREATE FUNCTION team_sales_apply() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        owners bigint[]; up1 bigint[]; up2 bigint[]; up3 bigint[]; months date[]; amounts bigint[]; signs int[]; below bigint;
      BEGIN
        -- written rows count +(paid − refunded) and +1 order, replaced or deleted rows the opposite; an update
        -- (a refund raising refunded_amount) is its old row out and its new row in
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(distributor_user_id), array_agg(upline1_id), array_agg(upline2_id), array_agg(upline3_id),
                 array_agg(date_trunc('month', paid_at AT TIME ZONE 'Asia/Shanghai')::date), array_agg(paid_amount - refunded_amount), array_agg(1)
          INTO owners, up1, up2, up3, months, amounts, signs FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(distributor_user_id), array_agg(upline1_id), array_agg(upline2_id), array_agg(upline3_id),
                 array_agg(date_trunc('month', paid_at AT TIME ZONE 'Asia/Shanghai')::date), array_agg(refunded_amount - paid_amount), array_agg(-1)
          INTO owners, up1, up2, up3, months, amounts, signs FROM old_rows;
        ELSE
          SELECT array_agg(m.own), array_agg(m.u1), array_agg(m.u2), array_agg(m.u3),
                 array_agg(date_trunc('month', m.paid_at AT TIME ZONE 'Asia/Shanghai')::date), array_agg(m.sign * m.amount), array_agg(m.sign)
          INTO owners, up1, up2, up3, months, amounts, signs
          FROM new_rows n JOIN old_rows o ON o.order_id = n.order_id
          CROSS JOIN LATERAL (VALUES (n.distributor_user_id, n.upline1_id, n.upline2_id, n.upline3_id, n.paid_at, n.paid_amount - n.refunded_amount, 1),
                                     (o.distributor_user_id, o.upline1_id, o.upline2_id, o.upline3_id, o.paid_at, o.paid_amount - o.refunded_amount, -1)) m (own, u1, u2, u3, paid_at, amount, sign)
          WHERE (n.distributor_user_id, n.upline1_id, n.upline2_id, n.upline3_id, n.paid_at, n.paid_amount - n.refunded_amount)
                IS DISTINCT FROM (o.distributor_user_id, o.upline1_id, o.upline2_id, o.upline3_id, o.paid_at, o.paid_amount - o.refunded_amount);
        END IF;
        IF owners IS NULL THEN RETURN NULL; END IF;
        WITH up AS (
          INSERT INTO team_sales_month AS t (user_id, month, level, amount, orders)
          SELECT v.user_id, m.month, v.level, sum(m.amount), sum(m.sign)
          FROM unnest(owners, up1, up2, up3, months, amounts, signs) m (own, u1, u2, u3, month, amount, sign)
          CROSS JOIN LATERAL (VALUES (m.own, 0), (m.u1, 1), (m.u2, 2), (m.u3, 3)) v (user_id, level)
          WHERE v.user_id IS NOT NULL
          GROUP BY 1, 2, 3 HAVING sum(m.amount) <> 0 OR sum(m.sign) <> 0 ORDER BY 1, 2, 3
          ON CONFLICT (user_id, month, level) DO UPDATE SET amount = t.amount + EXCLUDED.amount, orders = t.orders + EXCLUDED.orders
          RETURNING t.user_id, t.amount, t.orders
        ) SELECT min(user_id) INTO below FROM up WHERE amount < 0 OR orders < 0;
        IF below IS NOT NULL THEN
          RAISE EXCEPTION 'team_sales_month of user % would go below zero: the rollup disagrees with distribution_sale', below;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER team_sales_insert AFTER INSERT ON distribution_sale REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION team_sales_apply();
      CREATE TRIGGER team_sales_update AFTER UPDATE ON distribution_sale REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION team_sales_apply();
      CREATE TRIGGER team_sales_delete AFTER DELETE ON distribution_sale REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION team_sales_apply();
    `);
    // Backfill from the data as it stands. No write can fall between the two: CREATE TRIGGER has locked
    // app_user and distribution_sale against writers until this transaction commits, and a writer that
    // waited on that lock runs the new triggers.
    await q.query(`
      INSERT INTO team_stats (user_id, level1, level2, level3)
      SELECT v.user_id, sum(v.l1), sum(v.l2), sum(v.l3)
      FROM app_user m CROSS JOIN LATERAL (VALUES (m.upline1_id, 1, 0, 0), (m.upline2_id, 0, 1, 0), (m.upline3_id, 0, 0, 1)) v (user_id, l1, l2, l3)
      WHERE v.user_id IS NOT NULL
      GROUP BY v.user_id;

      INSERT INTO team_sales_month (user_id, month, level, amount, orders)
      SELECT v.user_id, date_trunc('month', m.paid_at AT TIME ZONE 'Asia/Shanghai')::date, v.level, sum(m.paid_amount - m.refunded_amount), count(*)
      FROM distribution_sale m
      CROSS JOIN LATERAL (VALUES (m.distributor_user_id, 0), (m.upline1_id, 1), (m.upline2_id, 2), (m.upline3_id, 3)) v (user_id, level)
      WHERE v.user_id IS NOT NULL
      GROUP BY 1, 2, 3;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER team_sales_insert ON distribution_sale; DROP TRIGGER team_sales_update ON distribution_sale; DROP TRIGGER team_sales_delete ON distribution_sale;
      DROP TRIGGER team_stats_insert ON app_user; DROP TRIGGER team_stats_update ON app_user; DROP TRIGGER team_stats_delete ON app_user;
      DROP FUNCTION team_sales_apply(); DROP FUNCTION team_stats_apply();
      DROP TABLE team_sales_month, team_stats;
    `);
  }
}
