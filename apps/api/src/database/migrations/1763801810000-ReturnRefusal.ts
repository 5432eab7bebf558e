import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A merchant may refuse a return that is on its way back (the parcel never came, or came back empty or not as
 * described): the request ends `rejected` with a reason, stamped when it was refused, so the deadline job no
 * longer treats it as received and refunds it.
 */
export class ReturnRefusal1763801810000 implements MigrationInterface {
  name = 'ReturnRefusal1763801810000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE after_sale ADD COLUMN return_rejected_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE after_sale DROP COLUMN return_rejected_at');
  }
}
