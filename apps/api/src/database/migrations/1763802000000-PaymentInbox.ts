import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `wechat_pay_notification` becomes the payment callback inbox (#18): a verified callback is answered once its
 * row is committed with result `received`, and the applier takes such rows in arrival order (`seq`) later.
 * `attempts` counts failed applications, so a row PostgreSQL keeps refusing stops being retried (`failed`;
 * the query fallback still pays its order) instead of blocking the sweep forever. The partial index keeps the
 * sweep's "what is left to apply" an index scan over the few pending rows, however long the log grows.
 */
export class PaymentInbox1763802000000 implements MigrationInterface {
  name = 'PaymentInbox1763802000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE wechat_pay_notification
        ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY,
        ADD COLUMN attempts integer NOT NULL DEFAULT 0;
      CREATE INDEX wechat_pay_notification_pending ON wechat_pay_notification (seq) WHERE result = 'received';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX wechat_pay_notification_pending');
    await q.query('ALTER TABLE wechat_pay_notification DROP COLUMN seq, DROP COLUMN attempts');
  }
}
