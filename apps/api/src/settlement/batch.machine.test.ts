import { BATCH_STEPS, canMove } from './batch.machine.js';

test('a batch only moves one step forward, in order', () => {
  const order = ['pending', 'downloaded', 'reconciled', 'stated', 'finished'] as const;
  for (let i = 0; i < order.length; i++) {
    for (let j = 0; j < order.length; j++) expect(canMove(order[i], order[j])).toBe(j === i + 1);
  }
  expect(BATCH_STEPS.finished.next).toBeNull();
});
