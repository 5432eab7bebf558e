import type { AccountRef } from '../ledger/accounts.js';

/**
 * Money held for a withdrawal while WeChat's transfer bill is open: moved out of the wallet when the
 * withdrawal is requested, so it cannot be spent twice, and moved back if the bill fails or is cancelled.
 * Per distributor, so each distributor's money is fully described by their own accounts.
 */
export const distributorWithdrawing = (userId: number): AccountRef => ({
  code: `distributor:${userId}:withdrawing`,
  kind: 'liability',
  ownerType: 'user',
  ownerId: userId,
});
