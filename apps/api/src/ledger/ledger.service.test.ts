import { startTestApi, type TestApi } from '../../test/harness.js';
import { Accounts } from './accounts.js';
import { LedgerService } from './ledger.service.js';

let t: TestApi;
let ledger: LedgerService;
beforeAll(async () => {
  t = await startTestApi();
  ledger = t.api.app.get(LedgerService);
});
afterAll(async () => {
  await t?.close();
});

test('a balanced posting moves money once per idempotency key', async () => {
  const key = `ledger-test-${Date.now()}`;
  const lines = [
    { account: Accounts.clearing(), amount: 1000 },
    { account: Accounts.merchantPayable(990001), amount: -1000 },
  ];
  const first = await t.ds.transaction((em) => ledger.post(em, { kind: 'payment', idempotencyKey: key, lines }));
  const again = await t.ds.transaction((em) => ledger.post(em, { kind: 'payment', idempotencyKey: key, lines }));
  expect(first).toEqual(expect.any(Number));
  expect(again).toBeNull();
  expect(await ledger.balance(t.ds.manager, 'merchant:990001:payable')).toBe(-1000);
  expect(await ledger.total(t.ds.manager)).toBe(0);
});

test('an unbalanced or fractional posting is refused before touching the database', async () => {
  await expect(
    t.ds.transaction((em) => ledger.post(em, { kind: 'payment', idempotencyKey: `bad-${Date.now()}`, lines: [{ account: Accounts.clearing(), amount: 5 }] })),
  ).rejects.toThrow(/does not balance/);
  await expect(
    t.ds.transaction((em) =>
      ledger.post(em, {
        kind: 'payment',
        idempotencyKey: `frac-${Date.now()}`,
        lines: [
          { account: Accounts.clearing(), amount: 0.5 },
          { account: Accounts.fees(), amount: -0.5 },
        ],
      }),
    ),
  ).rejects.toThrow(/integer fen/);
});

test('history cannot be edited', async () => {
  await expect(t.ds.query('UPDATE ledger_entry SET amount = amount + 1')).rejects.toThrow(/immutable/);
  await expect(t.ds.query('DELETE FROM ledger_posting')).rejects.toThrow(/immutable/);
});

test('an account created in a rolled-back transaction is not remembered', async () => {
  const code = `test:${Date.now()}:rollback`;
  const account = { code, kind: 'asset' };
  await expect(
    t.ds.transaction(async (em) => {
      await ledger.post(em, {
        kind: 'payment',
        idempotencyKey: `rb-${code}`,
        lines: [
          { account, amount: 7 },
          { account: Accounts.fees(), amount: -7 },
        ],
      });
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  // the account row rolled back with the posting; posting again must recreate it, not reuse a dead id
  const id = await t.ds.transaction((em) =>
    ledger.post(em, {
      kind: 'payment',
      idempotencyKey: `ok-${code}`,
      lines: [
        { account, amount: 7 },
        { account: Accounts.fees(), amount: -7 },
      ],
    }),
  );
  expect(id).toEqual(expect.any(Number));
  expect(await ledger.balance(t.ds.manager, code)).toBe(7);
});
