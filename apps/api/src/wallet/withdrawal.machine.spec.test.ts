import { WITHDRAWAL_TRANSITIONS, withdrawalNext } from './withdrawal.machine.js';

const STATES = ['created', 'wait_user_confirm', 'transferring', 'succeeded', 'failed', 'cancelled'] as const;
const EVENTS = Object.keys(WITHDRAWAL_TRANSITIONS) as (keyof typeof WITHDRAWAL_TRANSITIONS)[];

/** Every allowed move; anything not listed is refused. */
const ALLOWED: Record<string, Partial<Record<(typeof EVENTS)[number], string>>> = {
  created: { waitConfirm: 'wait_user_confirm', transfer: 'transferring', succeed: 'succeeded', fail: 'failed', cancel: 'cancelled' },
  wait_user_confirm: { transfer: 'transferring', succeed: 'succeeded', fail: 'failed', cancel: 'cancelled' },
  transferring: { succeed: 'succeeded', fail: 'failed' },
  succeeded: {},
  failed: {},
  cancelled: {},
};

test.each(STATES.flatMap((s) => EVENTS.map((e) => [s, e, ALLOWED[s]![e] ?? null] as const)))('withdrawal %s --%s--> %s', (from, event, to) => {
  expect(withdrawalNext(from, event)).toBe(to);
});

test('a transferring bill can no longer be cancelled (the user confirmed; money is moving)', () => {
  expect(withdrawalNext('transferring', 'cancel')).toBeNull();
});
