import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Merchant onboarding (issue 15): an application carries a contact, a phone, a business category and a
 * business licence image (settlement_mode already existed); a rejection keeps its reason and time, shown
 * to the applicant, who may edit and apply again (the same merchant row goes back to pending).
 */
export class MerchantOnboarding1763801500000 implements MigrationInterface {
  name = 'MerchantOnboarding1763801500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE merchant
        ADD COLUMN contact_name text,
        ADD COLUMN contact_phone text,
        ADD COLUMN business_category text,
        ADD COLUMN licence_image_url text,
        ADD COLUMN reject_reason text,
        ADD COLUMN rejected_at timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE merchant DROP COLUMN contact_name, DROP COLUMN contact_phone, DROP COLUMN business_category,
        DROP COLUMN licence_image_url, DROP COLUMN reject_reason, DROP COLUMN rejected_at;
    `);
  }
}
