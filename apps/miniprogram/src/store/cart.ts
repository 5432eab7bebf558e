/**
 * The cart: lines keyed by (shop, sku), persisted in Taro storage, totals in integer fen.
 * An order belongs to one shop (commission attribution), so checkout takes one shop's selected lines.
 */
import { assertFen, type Fen } from '@shareshop/common';
import { createStore, useStore } from './createStore';
import { taroStorage, type KeyValueStorage } from './storage';

export interface CartLine {
  shopId: number;
  productId: number;
  skuId: number;
  title: string;
  specText: string;
  imageUrl?: string | null;
  priceFen: Fen;
  /** Stock when added; quantities are clamped to it (the server re-checks at order time). */
  stock: number;
  quantity: number;
  selected: boolean;
}

export interface CartTotals {
  /** Number of units across lines. */
  count: number;
  selectedCount: number;
  selectedFen: Fen;
  totalFen: Fen;
}

export const CART_KEY = 'shareshop.cart.v1';
export const MAX_QUANTITY_PER_LINE = 99;

const keyOf = (l: Pick<CartLine, 'shopId' | 'skuId'>) => `${l.shopId}:${l.skuId}`;

export function clampQuantity(quantity: number, stock: number): number {
  const max = Math.min(Math.max(0, Math.floor(stock)), MAX_QUANTITY_PER_LINE);
  if (max === 0) return 0;
  if (!Number.isFinite(quantity)) return 1;
  return Math.min(Math.max(1, Math.floor(quantity)), max);
}

export function computeTotals(lines: CartLine[], shopId?: number): CartTotals {
  let count = 0;
  let selectedCount = 0;
  let selectedFen = 0;
  let totalFen = 0;
  for (const l of lines) {
    if (shopId && l.shopId !== shopId) continue;
    assertFen(l.priceFen, 'priceFen');
    const lineFen = l.priceFen * l.quantity;
    count += l.quantity;
    totalFen += lineFen;
    if (l.selected) {
      selectedCount += l.quantity;
      selectedFen += lineFen;
    }
  }
  assertFen(totalFen, 'totalFen');
  return { count, selectedCount, selectedFen, totalFen };
}

function isLine(v: any): v is CartLine {
  return (
    v && Number.isSafeInteger(v.shopId) && Number.isSafeInteger(v.skuId) && Number.isSafeInteger(v.priceFen) && Number.isInteger(v.quantity) && v.quantity > 0
  );
}

export function createCartStore(storage: KeyValueStorage = taroStorage) {
  const saved = storage.get<CartLine[]>(CART_KEY);
  const store = createStore<CartLine[]>(Array.isArray(saved) ? saved.filter(isLine) : []);
  store.subscribe(() => storage.set(CART_KEY, store.getState()));

  const update = (shopId: number, skuId: number, fn: (l: CartLine) => CartLine | null) =>
    store.setState((lines) => lines.flatMap((l) => (keyOf(l) === keyOf({ shopId, skuId }) ? (fn(l) ?? []) : [l])));

  return {
    ...store,
    /** Adds `quantity` of a SKU (merging with an existing line); returns the line's new quantity. */
    add(line: Omit<CartLine, 'quantity' | 'selected'>, quantity = 1): number {
      let result = 0;
      store.setState((lines) => {
        const i = lines.findIndex((l) => keyOf(l) === keyOf(line));
        const current = i >= 0 ? lines[i].quantity : 0;
        result = clampQuantity(current + quantity, line.stock);
        if (result === 0) return lines;
        const next: CartLine = { ...line, quantity: result, selected: true };
        return i >= 0 ? lines.map((l, j) => (j === i ? next : l)) : [...lines, next];
      });
      return result;
    },
    setQuantity(shopId: number, skuId: number, quantity: number) {
      update(shopId, skuId, (l) => {
        const q = clampQuantity(quantity, l.stock);
        return q === 0 ? null : { ...l, quantity: q };
      });
    },
    remove(shopId: number, skuId: number) {
      update(shopId, skuId, () => null);
    },
    toggle(shopId: number, skuId: number, selected?: boolean) {
      update(shopId, skuId, (l) => ({ ...l, selected: selected ?? !l.selected }));
    },
    toggleShop(shopId: number, selected: boolean) {
      store.setState((lines) => lines.map((l) => (l.shopId === shopId ? { ...l, selected } : l)));
    },
    selectedLines(shopId: number): CartLine[] {
      return store.getState().filter((l) => l.shopId === shopId && l.selected);
    },
    /** After an order is placed: drop the lines that went into it. */
    removeOrdered(shopId: number, skuIds: number[]) {
      const set = new Set(skuIds);
      store.setState((lines) => lines.filter((l) => !(l.shopId === shopId && set.has(l.skuId))));
    },
    clear() {
      store.setState([]);
    },
    totals: (shopId?: number) => computeTotals(store.getState(), shopId),
  };
}

export type CartStore = ReturnType<typeof createCartStore>;

export const cart = createCartStore();

export function useCartLines(): CartLine[] {
  return useStore(cart);
}
