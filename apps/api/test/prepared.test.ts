// database/prepared.ts: named prepared statements on the transaction's own connection.
import { QueryRunnerAlreadyReleasedError } from 'typeorm';
import { preparedQuery } from '../src/database/prepared.js';
import { startTestApi, type TestApi } from './harness.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t?.close();
});

const upsert = `INSERT INTO ledger_account (code, kind) VALUES ($1, 'asset') ON CONFLICT (code) DO UPDATE SET kind = 'asset' RETURNING id, code`;

test('returns the rows (also of INSERT … RETURNING), outside a transaction and inside one, on the transaction’s connection', async () => {
  const [outside] = await preparedQuery(t.ds.manager, 'test_prepared_upsert', upsert, ['test:prepared-out']);
  expect(outside).toMatchObject({ code: 'test:prepared-out', id: expect.any(Number) });

  // inside: the statement is part of the transaction, so a rollback undoes it
  await expect(
    t.ds.transaction(async (em) => {
      const rows = await preparedQuery(em, 'test_prepared_upsert', upsert, ['test:prepared-rolled-back']);
      expect(rows).toHaveLength(1);
      const [seen] = await em.query('SELECT count(*)::int AS n FROM ledger_account WHERE code = $1', ['test:prepared-rolled-back']);
      expect(seen.n).toBe(1);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  const [after] = await t.ds.query('SELECT count(*)::int AS n FROM ledger_account WHERE code = $1', ['test:prepared-rolled-back']);
  expect(after.n).toBe(0);
});

test('a transaction whose connection is gone fails its statement instead of running it on another connection', async () => {
  const runner = t.ds.createQueryRunner();
  await runner.connect();
  await runner.release();
  await expect(preparedQuery(runner.manager, 'test_prepared_upsert', upsert, ['test:prepared-released'])).rejects.toBeInstanceOf(
    QueryRunnerAlreadyReleasedError,
  );
  const [after] = await t.ds.query('SELECT count(*)::int AS n FROM ledger_account WHERE code = $1', ['test:prepared-released']);
  expect(after.n).toBe(0);
});
