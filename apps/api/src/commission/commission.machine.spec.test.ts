import { COMMISSION_TRANSITIONS, commissionNext } from './commission.machine.js';

const STATES = ['pending', 'available', 'reversed'] as const;

/** The whole table, spelled out: [from, event, to | null (refused)]. */
const CASES: Array<[(typeof STATES)[number], keyof typeof COMMISSION_TRANSITIONS, string | null]> = [
  ['pending', 'release', 'available'],
  ['pending', 'reversePart', 'pending'],
  ['pending', 'reverseAll', 'reversed'],
  ['available', 'release', null],
  ['available', 'reversePart', 'available'],
  ['available', 'reverseAll', 'reversed'],
  ['reversed', 'release', null],
  ['reversed', 'reversePart', null],
  ['reversed', 'reverseAll', null],
];

test.each(CASES)('commission %s --%s--> %s', (from, event, to) => {
  expect(commissionNext(from, event)).toBe(to);
});

test('the table covers every state and event', () => {
  expect(CASES).toHaveLength(STATES.length * Object.keys(COMMISSION_TRANSITIONS).length);
});

test('reversed is terminal', () => {
  for (const event of Object.keys(COMMISSION_TRANSITIONS) as (keyof typeof COMMISSION_TRANSITIONS)[]) expect(commissionNext('reversed', event)).toBeNull();
});
