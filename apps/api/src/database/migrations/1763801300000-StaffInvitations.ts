import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff join a merchant by consent: the owner creates an invitation code, the invited user accepts it.
 * A code is single use (accepted_by), can be revoked, and expires (expires_at, 7 days at creation).
 */
export class StaffInvitations1763801300000 implements MigrationInterface {
  name = 'StaffInvitations1763801300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE merchant_invitation (
        code        text PRIMARY KEY CHECK (code ~ '^[A-HJ-NP-Z2-9]{8}$'),
        merchant_id bigint NOT NULL REFERENCES merchant(id),
        created_by  bigint NOT NULL REFERENCES app_user(id),
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        accepted_by bigint REFERENCES app_user(id),
        accepted_at timestamptz,
        revoked_at  timestamptz,
        CHECK ((accepted_by IS NULL) = (accepted_at IS NULL)),
        CHECK (accepted_at IS NULL OR revoked_at IS NULL)
      );
      -- the staff page lists a merchant's pending invitations
      CREATE INDEX merchant_invitation_pending ON merchant_invitation (merchant_id, created_at) WHERE accepted_at IS NULL AND revoked_at IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE merchant_invitation');
  }
}
