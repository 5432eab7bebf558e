import { act, render } from '@testing-library/react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { CART_KEY, clampQuantity, computeTotals, createCartStore, type CartLine } from '../src/store/cart';
import { useStore } from '../src/store/createStore';
import { memoryStorage, taroStorage } from '../src/store/storage';

const tee = { shopId: 1, productId: 101, skuId: 1001, title: 'T恤', specText: '红 / M', priceFen: 1990, stock: 5 };
const mug = { shopId: 1, productId: 102, skuId: 1002, title: '杯子', specText: '', priceFen: 1005, stock: 100 };

test('adds, merges and totals in integer fen', () => {
  const cart = createCartStore(memoryStorage());
  expect(cart.add(tee, 2)).toBe(2);
  expect(cart.add(tee, 1)).toBe(3);
  cart.add(mug, 3);
  expect(cart.getState()).toHaveLength(2);
  expect(cart.totals()).toEqual({ count: 6, selectedCount: 6, selectedFen: 3 * 1990 + 3 * 1005, totalFen: 8985 });
  cart.toggle(1, 1002, false);
  expect(cart.totals().selectedFen).toBe(5970);
  expect(cart.selectedLines(1).map((l) => l.skuId)).toEqual([1001]);
});

test('quantities are bounded by stock (and 99), zero stock cannot be added', () => {
  const cart = createCartStore(memoryStorage());
  expect(cart.add(tee, 10)).toBe(5);
  cart.setQuantity(1, 1001, 0);
  expect(cart.getState()[0].quantity).toBe(1);
  cart.setQuantity(1, 1001, 4);
  expect(cart.getState()[0].quantity).toBe(4);
  expect(cart.add({ ...mug, stock: 0 })).toBe(0);
  expect(cart.getState()).toHaveLength(1);
  expect(clampQuantity(500, 1000)).toBe(99);
  expect(clampQuantity(2.7, 10)).toBe(2);
});

test('totals per shop keep shops apart (one order per shop)', () => {
  const cart = createCartStore(memoryStorage());
  cart.add(tee, 1);
  cart.add({ ...mug, shopId: 2 }, 2);
  expect(cart.totals(1).totalFen).toBe(1990);
  expect(cart.totals(2).totalFen).toBe(2010);
  cart.removeOrdered(2, [1002]);
  expect(cart.totals().count).toBe(1);
});

test('persists to Taro storage and restores, dropping corrupt lines', () => {
  const a = createCartStore(taroStorage);
  a.add(tee, 2);
  expect(Taro.setStorageSync).toHaveBeenCalledWith(CART_KEY, expect.any(Array));
  const b = createCartStore(taroStorage);
  expect(b.getState()).toEqual(a.getState());

  Taro.setStorageSync(CART_KEY, [{ ...tee, quantity: 1, selected: true }, { junk: true }, { ...mug, priceFen: 1.5, quantity: 1 }]);
  expect(
    createCartStore(taroStorage)
      .getState()
      .map((l: CartLine) => l.skuId),
  ).toEqual([1001]);
});

test('computeTotals refuses non-integer prices', () => {
  expect(() => computeTotals([{ ...tee, priceFen: 19.9, quantity: 1, selected: true }])).toThrow(RangeError);
});

test('React components re-render on cart changes', () => {
  const cart = createCartStore(memoryStorage());
  function Badge() {
    const total = useStore(cart, (lines) => computeTotals(lines).count);
    return <View>{total}</View>;
  }
  const { container } = render(<Badge />);
  expect(container.textContent).toBe('0');
  act(() => void cart.add(tee, 2));
  expect(container.textContent).toBe('2');
});
