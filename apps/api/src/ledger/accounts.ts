/**
 * The chart of accounts. Codes are stable strings so postings read like sentences. Sign convention:
 * entries are signed, debit positive / credit negative, and each posting sums to zero.
 *
 * - platform:clearing       money WeChat Pay holds for us (debited when a buyer pays, credited on refund/payout)
 * - merchant:{id}:payable   what we owe a merchant (credited on sale, debited by refunds, commission, payout)
 * - distributor:{id}:pending commission accrued for a distributor, not yet released (the after-sale window)
 * - distributor:{id}:wallet a distributor's available money (credited when commission becomes available)
 * - distributor:{id}:withdrawing money held for a withdrawal while WeChat's transfer bill is open (moved out of
 *                           the wallet when requested, so it cannot be spent twice; back if the bill fails)
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
  unmatchedPayments: () => ({ code: 'platform:unmatched_payments', kind: 'liability' }),
  transfersOut: () => ({ code: 'payout:wechat_transfer', kind: 'asset' }),
  merchantPayable: (merchantId: number) => ({ code: `merchant:${merchantId}:payable`, kind: 'liability', ownerType: 'merchant', ownerId: merchantId }),
  merchantPaidOut: (merchantId: number) => ({ code: `merchant:${merchantId}:paid_out`, kind: 'asset', ownerType: 'merchant', ownerId: merchantId }),
  distributorWallet: (userId: number) => ({ code: `distributor:${userId}:wallet`, kind: 'liability', ownerType: 'user', ownerId: userId }),
  distributorPending: (userId: number) => ({ code: `distributor:${userId}:pending`, kind: 'liability', ownerType: 'user', ownerId: userId }),
  distributorDebt: (userId: number) => ({ code: `distributor:${userId}:debt`, kind: 'asset', ownerType: 'user', ownerId: userId }),
  distributorWithdrawing: (userId: number) => ({ code: `distributor:${userId}:withdrawing`, kind: 'liability', ownerType: 'user', ownerId: userId }),
} as const;

export interface AccountRef {
  code: string;
  kind: string;
  ownerType?: string;
  ownerId?: number;
}

/**
 * Every kind of posting, declared once: writers pass these, and settlement classifies postings by kind
 * (`ledger_posting.kind`, indexed with the business date), never by the shape of their idempotency keys.
 * The strings are stored in the ledger: never rename one (old postings keep theirs).
 */
export const PostingKinds = {
  /** a buyer paid an order: clearing → merchant payable (key `payment:<transaction_id>`) */
  payment: 'payment',
  /** paid for an order we could not accept: clearing → unmatched payments (key `payment:<transaction_id>`) */
  paymentUnmatched: 'payment_unmatched',
  /** a refund succeeded: merchant payable → clearing (key `refund:<out_refund_no>`) */
  refund: 'refund',
  /** an unmatched payment was refunded: unmatched payments → clearing (key `refund:<out_refund_no>`) */
  refundUnmatched: 'refund_unmatched',
  commissionAccrued: 'commission.accrued',
  commissionReleased: 'commission.released',
  commissionReversed: 'commission.reversed',
  withdrawalHeld: 'withdrawal.held',
  withdrawalPaid: 'withdrawal.paid',
  withdrawalReturned: 'withdrawal.returned',
  settlementFee: 'settlement.fee',
  settlementPayout: 'settlement.payout',
} as const;

export type PostingKind = (typeof PostingKinds)[keyof typeof PostingKinds];

/** Kinds that move money through WeChat Pay (the trade bill's rows), by bill row kind. */
export const PaymentPostingKinds: readonly PostingKind[] = [PostingKinds.payment, PostingKinds.paymentUnmatched];
export const RefundPostingKinds: readonly PostingKind[] = [PostingKinds.refund, PostingKinds.refundUnmatched];
/** Commission postings: the part of a merchant's payable that goes to distributors. */
export const CommissionPostingKinds: readonly PostingKind[] = [PostingKinds.commissionAccrued, PostingKinds.commissionReversed];

/** A constant list of kinds as an SQL literal list, for `p.kind IN (...)` (the values are the constants above). */
export const sqlKinds = (kinds: readonly PostingKind[]): string => kinds.map((k) => `'${k}'`).join(', ');
