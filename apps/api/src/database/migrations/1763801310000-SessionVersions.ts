import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions can be ended: every token carries the user's token_version at issue; bumping it (sign out
 * everywhere, or a platform admin blocking the user) makes every older token stale. blocked_at also refuses
 * the user's next login. Both columns have constant defaults: adding them rewrites nothing.
 */
export class SessionVersions1763801310000 implements MigrationInterface {
  name = 'SessionVersions1763801310000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0),
        ADD COLUMN blocked_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE app_user DROP COLUMN token_version, DROP COLUMN blocked_at');
  }
}
