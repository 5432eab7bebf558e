import { readFileSync } from 'node:fs';
import { STATEMENT_AGGREGATE_SQL } from '../settlement/statements.step.js';
import { Accounts, CommissionPostingKinds, PaymentPostingKinds, PostingKinds, RefundPostingKinds } from './accounts.js';

test('posting kinds are declared once, with the strings already stored in the ledger', () => {
  expect(Object.values(PostingKinds).sort()).toEqual([
    'commission.accrued',
    'commission.released',
    'commission.reversed',
    'payment',
    'payment_unmatched',
    'refund',
    'refund_unmatched',
    'settlement.fee',
    'settlement.payout',
    'withdrawal.held',
    'withdrawal.paid',
    'withdrawal.returned',
  ]);
  expect(PaymentPostingKinds).toEqual(['payment', 'payment_unmatched']);
  expect(RefundPostingKinds).toEqual(['refund', 'refund_unmatched']);
  expect(CommissionPostingKinds).toEqual(['commission.accrued', 'commission.reversed']);
  expect(Object.keys(Accounts)).not.toContain('commissionHeld');
});

test('settlement classifies postings by kind, never by the shape of an idempotency key', () => {
  expect(STATEMENT_AGGREGATE_SQL).not.toMatch(/idempotency_key|commission:held/);
  expect(STATEMENT_AGGREGATE_SQL).toMatch(/m\.kind IN \('commission\.accrued', 'commission\.reversed'\)/);
  for (const file of ['reconcile.step.ts', 'bill-import.step.ts', 'profit-sharing.gateway.ts', 'unfreeze.service.ts', 'statements.step.ts']) {
    const source = readFileSync(new URL(`../settlement/${file}`, import.meta.url), 'utf8');
    expect({ file, prefixMatch: /idempotency_key LIKE|key LIKE|key NOT LIKE/.test(source) }).toEqual({ file, prefixMatch: false });
  }
});
