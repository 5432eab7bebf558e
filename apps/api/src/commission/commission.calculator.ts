import { applyBps, effectiveRates } from '@shareshop/common';

/**
 * Commission arithmetic, pure so every rule is unit-tested without a database.
 *
 * - Base: the line's paid amount (after discounts, without shipping), integer fen.
 * - Rates: per level, the product's override if set, else the merchant's rate.
 * - Levels above the platform setting pay nothing.
 * - Cap: if the levels' rates add up to more than the platform cap, they are trimmed from the deepest
 *   level up (level 3 first, then 2, then 1), so the compliant one-level CPS share survives longest.
 * - Amount = floor(base × rate / 10000) per line and level; the remainder stays with the merchant.
 * - A level pays only a distributor; with self-purchase commission off, never the buyer themself.
 *   A skipped level is not redistributed to the others.
 */
export type Rates = readonly [number, number, number];

export interface CommissionLine {
  orderItemId: number;
  productId: number | null;
  paidAmount: number;
  /** product override per level (null = use the merchant's) */
  productRates: readonly [number | null, number | null, number | null];
}

export interface CommissionPolicy {
  levels: number;
  capBps: number;
  selfPurchaseCommission: boolean;
}

export interface Beneficiary {
  userId: number;
  isDistributor: boolean;
}

export interface CommissionShare {
  orderItemId: number;
  productId: number | null;
  level: 1 | 2 | 3;
  beneficiaryUserId: number;
  baseAmount: number;
  rateBps: number;
  amount: number;
}

/** Rates after the level setting and the cap, deepest level trimmed first (the rule the mini program shows too). */
export { effectiveRates };

export function computeCommissions(input: {
  lines: CommissionLine[];
  merchantRates: Rates;
  policy: CommissionPolicy;
  /** index 0 = level 1 (the distributor whose shop/link sold), 1 = their upline, 2 = the next */
  chain: readonly (Beneficiary | null)[];
  buyerUserId: number | null;
}): CommissionShare[] {
  const { lines, merchantRates, policy, chain, buyerUserId } = input;
  const shares: CommissionShare[] = [];
  for (const line of lines) {
    if (line.paidAmount <= 0) continue;
    const rates = merchantRates.map((r, i) => line.productRates[i] ?? r) as unknown as Rates;
    const effective = effectiveRates(rates, policy.levels, policy.capBps);
    for (let i = 0; i < 3; i++) {
      const who = chain[i];
      if (!who || !who.isDistributor) continue;
      if (!policy.selfPurchaseCommission && who.userId === buyerUserId) continue;
      const amount = applyBps(line.paidAmount, effective[i]!);
      if (amount <= 0) continue;
      shares.push({
        orderItemId: line.orderItemId,
        productId: line.productId,
        level: (i + 1) as 1 | 2 | 3,
        beneficiaryUserId: who.userId,
        baseAmount: line.paidAmount,
        rateBps: effective[i]!,
        amount,
      });
    }
  }
  return shares;
}

/**
 * What a refund takes back from one commission. The distributor keeps the commission on what is still
 * paid, rounded down like the original: keep = floor(amount × (base − refunded) / base). Computing the
 * cumulative target (not a per-refund delta) means several partial refunds never drift, and a full refund
 * reverses exactly the whole amount.
 */
export function reversalTarget(amount: number, baseAmount: number, refundedBase: number): number {
  const remaining = Math.max(0, baseAmount - Math.min(refundedBase, baseAmount));
  const keep = Number((BigInt(amount) * BigInt(remaining)) / BigInt(baseAmount));
  return amount - keep;
}

/** Splits an order-level refund over lines in proportion to what is still refundable (last line takes the rest). */
export function allocateRefund(total: number, lines: { orderItemId: number; refundable: number }[]): Map<number, number> {
  const out = new Map<number, number>();
  const pool = lines.reduce((s, l) => s + l.refundable, 0);
  let left = Math.min(total, pool);
  lines.forEach((l, i) => {
    const share = i === lines.length - 1 ? left : Math.min(left, Number((BigInt(total) * BigInt(l.refundable)) / BigInt(pool || 1)));
    out.set(l.orderItemId, share);
    left -= share;
  });
  return out;
}
