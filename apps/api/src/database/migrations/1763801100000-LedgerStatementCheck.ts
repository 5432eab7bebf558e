import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's balance check, per statement instead of per row.
 *
 * Before: a deferred row trigger ran `SELECT sum(amount) FROM ledger_entry WHERE posting_id = …` at commit
 * for every entry. Its plan was cached per connection, and a connection that planned it while the ledger was
 * small kept a sequential scan while the ledger grew: during `pnpm bench notify` (20,000 payments into an
 * empty ledger) every entry scanned the whole table (auto_explain showed `Seq Scan on ledger_entry` for it).
 *
 * Now one statement-level trigger sums the statement's own new rows per posting, without reading the table:
 * entries are immutable (no UPDATE or DELETE, ledger_immutable), so a posting balances exactly when every
 * statement that added entries to it added entries summing to zero. The stricter rule (each INSERT balances
 * on its own, checked at once rather than at commit) is what the ledger's single writer does anyway: a
 * posting and all its entries in one statement (LedgerService).
 */
export class LedgerStatementCheck1763801100000 implements MigrationInterface {
  name = 'LedgerStatementCheck1763801100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER ledger_entry_balanced ON ledger_entry;
      DROP FUNCTION ledger_check_balanced();
      CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE bad record;
      BEGIN
        SELECT posting_id, sum(amount) AS total INTO bad FROM new_entries GROUP BY posting_id HAVING sum(amount) <> 0 LIMIT 1;
        IF FOUND THEN
          RAISE EXCEPTION 'ledger posting % does not balance (sum %)', bad.posting_id, bad.total USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
        REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_balanced();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER ledger_entry_balanced ON ledger_entry;
      DROP FUNCTION ledger_check_balanced();
      CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric;
      BEGIN
        SELECT COALESCE(SUM(amount), 0) INTO total FROM ledger_entry WHERE posting_id = NEW.posting_id;
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger posting % does not balance (sum %)', NEW.posting_id, total USING ERRCODE = '23514';
        END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
    `);
  }
}
