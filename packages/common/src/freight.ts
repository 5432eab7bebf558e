/**
 * 运费: a merchant's freight rule, applied once per merchant order (the cart is split per merchant).
 * Zod-free so the mini program can show the same number the API charges without re-implementing it.
 */
import type { Fen } from './money.js';

export interface FreightRule {
  /** flat fee per order in fen; 0 = free shipping (包邮) */
  freightFee: Fen;
  /** 满 X 包邮: items paid at or above this (fen) ship free; null = no threshold */
  freeShippingAbove: Fen | null;
}

/** Upper bounds a merchant can set: ¥999.99 per order, a threshold of ¥1,000,000. */
export const MAX_FREIGHT_FEE_FEN = 99_999;
export const MAX_FREE_SHIPPING_ABOVE_FEN = 100_000_000;

/** The shipping fee of one merchant order whose items (after discounts) come to `itemsPaidFen`. */
export function freightFor(rule: FreightRule, itemsPaidFen: Fen): Fen {
  if (rule.freightFee <= 0) return 0;
  if (rule.freeShippingAbove !== null && itemsPaidFen >= rule.freeShippingAbove) return 0;
  return rule.freightFee;
}

/** How much more (fen) the buyer must add for free shipping; null when already free or no threshold. */
export function missingForFreeShipping(rule: FreightRule, itemsPaidFen: Fen): Fen | null {
  if (freightFor(rule, itemsPaidFen) === 0 || rule.freeShippingAbove === null) return null;
  return rule.freeShippingAbove - itemsPaidFen;
}
