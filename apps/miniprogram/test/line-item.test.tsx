import { fireEvent, render } from '@testing-library/react';
import { Text } from '@tarojs/components';
import { assetUrl, type ProductView } from '../src/api';
import { LineItem } from '../src/components/LineItem';
import { skuLine } from '../src/utils/skuLine';

const tee = { title: 'T恤', specText: '红 / M', priceFen: 1990, imageUrl: 'https://img.example/tee.png' };

test('a line shows title, spec and unit price, with the page class for its spacing', () => {
  const { container } = render(<LineItem className="checkout-line" line={tee} quantity={<Text>×2</Text>} />);
  const root = container.firstElementChild!;
  expect(root.className).toBe('line-item checkout-line');
  expect(container.querySelector('.line-item__title')?.textContent).toBe('T恤');
  expect(root.textContent).toBe('T恤红 / M¥19.90×2');
});

test('the page puts its own controls before, beside and after (the cart: checkbox, stepper, 删除)', () => {
  const remove = jest.fn();
  const { container, getByText } = render(
    <LineItem
      className="cart-line"
      line={{ ...tee, imageUrl: null }}
      leading={<Text className="pick">选</Text>}
      quantity={<Text className="qty">3</Text>}
      trailing={
        <Text className="cart-line__remove" onClick={remove}>
          删除
        </Text>
      }
    />,
  );
  const root = container.firstElementChild!;
  expect(root.firstElementChild?.className).toContain('pick');
  expect(root.lastElementChild?.className).toContain('cart-line__remove');
  // no image URL: an empty placeholder of the same size, never a broken image
  expect(container.querySelector('img')).toBeNull();
  expect(container.querySelector('.line-item__image')).not.toBeNull();
  fireEvent.click(getByText('删除'));
  expect(remove).toHaveBeenCalledTimes(1);
});

test('one SKU bought from a shop makes the same line on the product page and at checkout', () => {
  const product = {
    id: 7,
    title: 'T恤',
    images: ['/uploads/tee.png'],
    specNames: ['颜色', '尺码'],
    skus: [{ id: 71, specValues: ['红', 'M'], price: 1990, stock: 4 }],
  } as unknown as ProductView;
  expect(skuLine(3, product, product.skus[0]!)).toEqual({
    shopId: 3,
    productId: 7,
    skuId: 71,
    title: 'T恤',
    specText: '红 / M',
    imageUrl: assetUrl('/uploads/tee.png'),
    priceFen: 1990,
    stock: 4,
  });
});
