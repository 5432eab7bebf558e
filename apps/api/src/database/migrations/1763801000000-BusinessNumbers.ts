import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * out_trade_no and out_refund_no from the database: `prefix` + yyyyMMddHHmmss (Asia/Shanghai) + 8 digits.
 *
 * The 8 digits used to be random, drawn in the API: at a viral sale's 650 orders a second, two orders of the
 * same second share them about once every 8 minutes (birthday bound, 650² ÷ 2·10⁸ per second), and the
 * unique index turned that order into a 500 (seen in `pnpm bench orders`). Now they are a sequence value
 * scrambled by a multiplication that is a bijection modulo 10⁸ (73939133 is coprime to 10⁸): numbers of the
 * same second can only repeat after 10⁸ orders, whichever API instance placed them, and they do not read as
 * an order count. 22 characters (23 for refunds): WeChat allows 6-32 of [0-9A-Za-z_-*].
 */
export class BusinessNumbers1763801000000 implements MigrationInterface {
  name = 'BusinessNumbers1763801000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SEQUENCE business_no_seq;
      CREATE FUNCTION business_no(prefix text) RETURNS text LANGUAGE sql VOLATILE AS $$
        SELECT prefix || to_char(clock_timestamp() AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDDHH24MISS')
          || lpad((((nextval('business_no_seq') % 100000000) * 73939133) % 100000000)::text, 8, '0')
      $$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP FUNCTION business_no(text); DROP SEQUENCE business_no_seq;');
  }
}
