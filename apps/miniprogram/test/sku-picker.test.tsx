import { fireEvent, render, screen } from '@testing-library/react';
import type { ProductView } from '../src/api/types';
import { SkuPicker } from '../src/components/SkuPicker';
import { findSku, isValueAvailable, specDimensions } from '../src/components/SkuPicker/sku';

const sku = (id: number, specValues: string[], price: number, stock: number, listPrice: number | null = null) => ({
  id,
  productId: 1,
  specValues,
  price,
  listPrice,
  stock,
  sold: 0,
  code: '',
  active: true,
});
const product: ProductView = {
  id: 1,
  merchantId: 1,
  title: '纯棉T恤',
  subtitle: '',
  description: '',
  images: ['https://img/1.png'],
  detail: [],
  category: '',
  specNames: ['颜色', '尺码'],
  status: 'on_sale',
  commissionL1Bps: null,
  commissionL2Bps: null,
  commissionL3Bps: null,
  purchaseLimit: null,
  priceFrom: 1990,
  skus: [sku(11, ['红', 'S'], 1990, 3, 2990), sku(12, ['红', 'M'], 2090, 0), sku(13, ['蓝', 'S'], 1990, 0), sku(14, ['蓝', 'M'], 2190, 1)],
  createdAt: '2026-11-22T00:00:00Z',
  updatedAt: '2026-11-22T00:00:00Z',
};

const value = (text: string) => screen.getByText(text, { selector: '.ss-sku__value' });

test('logic: dimensions, sku lookup and availability', () => {
  expect(specDimensions(product).map((d) => d.name)).toEqual(['颜色', '尺码']);
  expect(findSku(product, { 颜色: '蓝', 尺码: 'M' })?.id).toBe(14);
  expect(findSku(product, { 颜色: '蓝' })).toBeUndefined();
  expect(isValueAvailable(product, {}, '颜色', '红')).toBe(true);
  expect(isValueAvailable(product, { 颜色: '红' }, '尺码', 'M')).toBe(false);
  expect(isValueAvailable(product, { 颜色: '蓝' }, '尺码', 'S')).toBe(false);
});

test('selecting every spec picks the sku and shows its price and stock', () => {
  const onConfirm = jest.fn();
  const { container } = render(<SkuPicker product={product} confirmText="加入购物车" onConfirm={onConfirm} />);
  expect(screen.getByText('请选择 颜色 尺码')).toBeTruthy();
  fireEvent.click(value('红'));
  fireEvent.click(value('S'));
  expect(screen.getByText('库存 3 件')).toBeTruthy();
  expect(container.querySelector('.ss-sku__summary')!.textContent).toContain('¥19.90¥29.90');
  fireEvent.click(screen.getByText('加入购物车'));
  expect(onConfirm).toHaveBeenCalledWith({ sku: expect.objectContaining({ id: 11 }), quantity: 1 });
});

test('out-of-stock combinations are disabled and cannot be picked', () => {
  render(<SkuPicker product={product} />);
  fireEvent.click(value('红'));
  const m = value('M');
  expect(m.className).toContain('is-disabled');
  fireEvent.click(m);
  expect(m.className).not.toContain('is-active');
  // Blue has only M in stock, so with blue picked S is disabled
  fireEvent.click(value('红')); // unselect
  fireEvent.click(value('蓝'));
  expect(value('S').className).toContain('is-disabled');
  expect(value('M').className).not.toContain('is-disabled');
});

test('quantity is bounded by stock', () => {
  const onConfirm = jest.fn();
  render(<SkuPicker product={product} onConfirm={onConfirm} />);
  fireEvent.click(value('红'));
  fireEvent.click(value('S'));
  const plus = screen.getByLabelText('增加');
  for (let i = 0; i < 5; i++) fireEvent.click(plus);
  expect(screen.getByText('3', { selector: '.ss-stepper__value' })).toBeTruthy();
  expect(plus.className).toContain('is-disabled');
  fireEvent.click(screen.getByLabelText('减少'));
  fireEvent.click(screen.getByText('确定'));
  expect(onConfirm).toHaveBeenLastCalledWith({ sku: expect.objectContaining({ id: 11 }), quantity: 2 });
});

test('nothing to confirm until a sku is chosen; a single in-stock sku is preselected', () => {
  const onConfirm = jest.fn();
  const { unmount } = render(<SkuPicker product={product} onConfirm={onConfirm} />);
  fireEvent.click(screen.getByText('确定'));
  expect(onConfirm).not.toHaveBeenCalled();
  unmount();

  const single: ProductView = { ...product, id: 2, title: '杯子', images: [], specNames: [], skus: [sku(21, [], 1005, 2)] };
  render(<SkuPicker product={single} onConfirm={onConfirm} />);
  expect(screen.getByText('库存 2 件')).toBeTruthy();
  fireEvent.click(screen.getByText('确定'));
  expect(onConfirm).toHaveBeenCalledWith({ sku: expect.objectContaining({ id: 21 }), quantity: 1 });
});
