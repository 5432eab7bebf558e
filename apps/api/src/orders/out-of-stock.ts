import { OutOfStock } from '../domain/errors.js';

/** 409 OUT_OF_STOCK naming the line: the one sold-out answer of POST /orders, whichever path (or SoldOutCache) found it. */
export function outOfStock(l: { index: number; skuId: number }) {
  return new OutOfStock(`items.${l.index}.skuId`, l.skuId);
}
