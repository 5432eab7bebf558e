import { PAYOUT_TRANSITIONS, canMovePayout } from './payout.machine.js';

test('final payout states never move; manual payouts only become succeeded', () => {
  expect(PAYOUT_TRANSITIONS.succeeded).toEqual([]);
  expect(PAYOUT_TRANSITIONS.failed).toEqual([]);
  expect(canMovePayout('awaiting_manual', 'succeeded')).toBe(true);
  expect(canMovePayout('awaiting_manual', 'failed')).toBe(false);
  expect(canMovePayout('processing', 'created')).toBe(false);
  expect(canMovePayout('succeeded', 'created')).toBe(false);
});
