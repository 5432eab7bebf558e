import { ORDER_STATUS_LABELS, orderStatusLabel } from './order-labels.js';
import { OrderStatus } from './orders.js';

test('every order status has its Chinese label, and nothing else does', () => {
  expect(Object.keys(ORDER_STATUS_LABELS).sort()).toEqual([...OrderStatus.options].sort());
  expect(orderStatusLabel('paid')).toBe('待发货');
  expect(orderStatusLabel('refunded')).toBe('已退款');
});

test('a status a newer API sends is shown as it is, not as a blank', () => {
  expect(orderStatusLabel('partially_refunded')).toBe('partially_refunded');
});
