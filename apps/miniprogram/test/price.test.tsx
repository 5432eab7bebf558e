import { render } from '@testing-library/react';
import { Price } from '../src/components/Price';

test('renders ¥ with two decimals from fen', () => {
  const { container } = render(<Price fen={12345} />);
  expect(container.textContent).toBe('¥123.45');
});

test('small amounts, zero and negatives never go through floats', () => {
  expect(render(<Price fen={5} />).container.textContent).toBe('¥0.05');
  expect(render(<Price fen={0} />).container.textContent).toBe('¥0.00');
  expect(render(<Price fen={-1999} />).container.textContent).toBe('-¥19.99');
  // 0.1 + 0.2 style amounts stay exact
  expect(render(<Price fen={30} />).container.textContent).toBe('¥0.30');
});

test('shows the list price only when it is higher', () => {
  expect(render(<Price fen={990} listFen={1990} />).container.textContent).toBe('¥9.90¥19.90');
  expect(render(<Price fen={990} listFen={990} />).container.textContent).toBe('¥9.90');
  expect(render(<Price fen={990} listFen={null} />).container.textContent).toBe('¥9.90');
});

test('rejects non-integer fen instead of rounding silently', () => {
  jest.spyOn(console, 'error').mockImplementation(() => {});
  expect(() => render(<Price fen={1.5} />)).toThrow(RangeError);
});
