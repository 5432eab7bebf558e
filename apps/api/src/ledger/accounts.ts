/**
 * The chart of accounts. Codes are stable strings so postings read like sentences. Sign convention:
 * entries are signed, debit positive / credit negative, and each posting sums to zero.
 *
 * - platform:clearing       money WeChat Pay holds for us (debited when a buyer pays, credited on refund/payout)
 * - merchant:{id}:payable   what we owe a merchant (credited on sale, debited by refunds, commission, payout)
 * - commission:held         commission promised to distributors but not yet available
 * - distributor:{id}:wallet a distributor's available money (credited when commission becomes available)
 * - distributor:{id}:debt   what a distributor owes back: commission reversed by a refund after it left the
 *                           wallet (withdrawn or being withdrawn); the next releases pay it off first
 * - platform:fees           platform fee income
 * - payout:wechat_transfer  money sent out to distributors' WeChat change
 * - merchant:{id}:paid_out  money sent to a merchant by settlement
 * - platform:unmatched_payments money paid for orders we could not accept (closed/cancelled), held until refunded
 */
export const Accounts = {
  clearing: () => ({ code: 'platform:clearing', kind: 'asset' }),
  fees: () => ({ code: 'platform:fees', kind: 'income' }),
  commissionHeld: () => ({ code: 'commission:held', kind: 'liability' }),
  unmatchedPayments: () => ({ code: 'platform:unmatched_payments', kind: 'liability' }),
  transfersOut: () => ({ code: 'payout:wechat_transfer', kind: 'asset' }),
  merchantPayable: (merchantId: number) => ({ code: `merchant:${merchantId}:payable`, kind: 'liability', ownerType: 'merchant', ownerId: merchantId }),
  merchantPaidOut: (merchantId: number) => ({ code: `merchant:${merchantId}:paid_out`, kind: 'asset', ownerType: 'merchant', ownerId: merchantId }),
  distributorWallet: (userId: number) => ({ code: `distributor:${userId}:wallet`, kind: 'liability', ownerType: 'user', ownerId: userId }),
  distributorPending: (userId: number) => ({ code: `distributor:${userId}:pending`, kind: 'liability', ownerType: 'user', ownerId: userId }),
  distributorDebt: (userId: number) => ({ code: `distributor:${userId}:debt`, kind: 'asset', ownerType: 'user', ownerId: userId }),
} as const;

export interface AccountRef {
  code: string;
  kind: string;
  ownerType?: string;
  ownerId?: number;
}
