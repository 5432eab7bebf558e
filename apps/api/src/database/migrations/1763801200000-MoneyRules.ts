import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys mean one thing (issue 13): a key is stored with a SHA-256 of the request body it came
 * with, so a retry (same body) gets the same resource and a reuse with another body is refused (422).
 * Orders had keys already (rows placed before this migration have no hash and replay as before);
 * withdrawals get theirs here, unique per user.
 */
export class MoneyRules1763801200000 implements MigrationInterface {
  name = 'MoneyRules1763801200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "order" ADD COLUMN request_hash text;
      ALTER TABLE withdrawal ADD COLUMN idempotency_key text, ADD COLUMN request_hash text;
      CREATE UNIQUE INDEX withdrawal_idempotency ON withdrawal (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX withdrawal_idempotency;
      ALTER TABLE withdrawal DROP COLUMN idempotency_key, DROP COLUMN request_hash;
      ALTER TABLE "order" DROP COLUMN request_hash;
    `);
  }
}
