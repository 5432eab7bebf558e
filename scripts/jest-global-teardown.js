import { dropRunDatabase } from './test-db.js';

export default async function globalTeardown() {
  const state = globalThis.__shareshopTestDb;
  if (!state) return;
  if (!process.env.KEEP_TEST_DB) await dropRunDatabase(state.admin.url, state.db.name);
  await state.admin.stop();
}
