import { adminDatabase, createRunDatabase } from './test-db.js';

export default async function globalSetup() {
  const admin = await adminDatabase();
  const db = await createRunDatabase(admin.url);
  // Workers inherit the environment: every API test in this run uses this database.
  process.env.SHARESHOP_TEST_DATABASE_URL = db.url;
  process.env.SHARESHOP_TEST_ADMIN_DATABASE_URL = admin.url;
  globalThis.__shareshopTestDb = { admin, db };
}
