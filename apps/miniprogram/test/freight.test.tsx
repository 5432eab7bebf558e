import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { MerchantOrderQuote, MerchantView } from '../src/api/types';
import { freightRows } from '../src/pkg-order/checkout/freight';
import { freightBody, freightForm, freightSummary } from '../src/pkg-merchant/freight/form';
import { FreightSettings } from '../src/pkg-merchant/freight/FreightSettings';
import CheckoutPage from '../src/pkg-order/checkout/index';
import { session } from '../src/store/session';
import { router } from './mocks/taro';

// NutUI's bundle draws on a canvas at import time (jsdom has none): plain stand-ins with the same props
jest.mock('@nutui/nutui-react-taro', () => {
  const React = require('react');
  return {
    Button: ({ children, onClick, className, disabled }: any) => React.createElement('button', { className, onClick, disabled }, children),
    Input: ({ value, onChange, className, placeholder }: any) =>
      React.createElement('div', { className }, React.createElement('input', { value, placeholder, onChange: (e: any) => onChange?.(e.target.value) })),
    CellGroup: ({ title, children }: any) => React.createElement('div', null, title, children),
    Cell: ({ title, extra, description, className }: any) => React.createElement('div', { className }, title, description, extra),
    TextArea: ({ value }: any) => React.createElement('textarea', { value, readOnly: true }),
    Empty: ({ description }: any) => React.createElement('div', null, description),
    Loading: ({ children }: any) => React.createElement('div', null, children),
  };
});

/** 运费 (issue 15): the checkout shows the server's quote; the merchant types yuan, the API gets fen. */
const order = (o: Partial<MerchantOrderQuote>): MerchantOrderQuote => ({
  merchantId: 1,
  merchantName: '甲店',
  itemsTotal: 5000,
  shippingFee: 0,
  freeShippingAbove: null,
  payable: 5000,
  ...o,
});

test('checkout rows: 包邮, a flat fee, and how much more reaches 满 X 包邮; one row per merchant order', () => {
  expect(freightRows([order({})])).toEqual([{ merchantId: 1, title: '运费', fee: '包邮', hint: null }]);
  expect(freightRows([order({ shippingFee: 800, payable: 5800 })])).toEqual([{ merchantId: 1, title: '运费', fee: '¥8.00', hint: null }]);
  expect(freightRows([order({ itemsTotal: 9899, shippingFee: 1000, freeShippingAbove: 9900, payable: 10_899 })])[0]!.hint).toBe(
    '满 ¥99.00 包邮，再买 ¥0.01 包邮',
  );
  // reached: free, no hint
  expect(freightRows([order({ itemsTotal: 9900, shippingFee: 0, freeShippingAbove: 9900 })])[0]).toMatchObject({ fee: '包邮', hint: null });
  const two = freightRows([order({ shippingFee: 600 }), order({ merchantId: 2, merchantName: '乙店' })]);
  expect(two.map((r) => `${r.title} ${r.fee}`)).toEqual(['运费（甲店） ¥6.00', '运费（乙店） 包邮']);
});

test('the merchant form: yuan in, fen out, the API bounds, an empty threshold removes it', () => {
  expect(freightForm({ freightFee: 800, freeShippingAbove: null })).toEqual({ fee: '8.00', freeAbove: '' });
  expect(freightBody({ fee: '8', freeAbove: '99' })).toEqual({ body: { freightFee: 800, freeShippingAbove: 9900 } });
  expect(freightBody({ fee: '', freeAbove: '' })).toEqual({ body: { freightFee: 0, freeShippingAbove: null } });
  expect(freightBody({ fee: '8.005', freeAbove: '' })).toMatchObject({ problem: expect.stringContaining('运费') });
  expect(freightBody({ fee: '-1', freeAbove: '' })).toMatchObject({ problem: expect.stringContaining('运费') });
  expect(freightBody({ fee: '1000', freeAbove: '' })).toEqual({ problem: '运费不能超过 999.99 元' });
  expect(freightBody({ fee: '8', freeAbove: '0' })).toMatchObject({ problem: expect.stringContaining('包邮门槛') });
  expect(freightSummary(0, 9900)).toBe('全部包邮');
  expect(freightSummary(800, 9900)).toBe('每单运费 ¥8.00，满 ¥99.00 包邮');
});

describe('运费设置 section', () => {
  const request = Taro.request as jest.Mock;
  afterEach(() => request.mockReset());
  const merchant = { id: 7, freightFee: 0, freeShippingAbove: null } as unknown as MerchantView;

  test('labelled fields in yuan; saving sends fen and shows what buyers will see', async () => {
    const sent: any[] = [];
    request.mockImplementation(async (o: any) => {
      sent.push({ method: o.method, url: o.url, data: o.data });
      return { statusCode: 200, data: { ...merchant, ...o.data } };
    });
    const saved = jest.fn();
    const { container } = render(<FreightSettings merchant={merchant} onSaved={saved} />);
    expect(container.textContent).toContain('每单运费');
    expect(container.textContent).toContain('满额包邮');
    expect(container.textContent).toContain('买家看到：全部包邮');
    fireEvent.change(container.querySelector('.merchant-freight__fee input')!, { target: { value: '8' } });
    fireEvent.change(container.querySelector('.merchant-freight__free-above input')!, { target: { value: '99' } });
    expect(container.textContent).toContain('买家看到：每单运费 ¥8.00，满 ¥99.00 包邮');
    await act(async () => fireEvent.click(screen.getByText('保存运费设置')));
    const patch = sent.find((s) => s.method === 'PATCH');
    expect(patch.url).toMatch(/\/merchant\/settings$/);
    expect(patch.data).toEqual({ freightFee: 800, freeShippingAbove: 9900 });
    expect(saved).toHaveBeenCalledWith(expect.objectContaining({ freightFee: 800, freeShippingAbove: 9900 }));
  });

  test('a bad amount is shown and nothing is sent', async () => {
    const { container } = render(<FreightSettings merchant={merchant} onSaved={jest.fn()} />);
    fireEvent.change(container.querySelector('.merchant-freight__fee input')!, { target: { value: '1.234' } });
    expect(container.querySelector('.merchant-freight__hint--error')!.textContent).toBe('运费请输入金额（元），最多两位小数');
    await act(async () => fireEvent.click(screen.getByText('保存运费设置')));
    expect(request).not.toHaveBeenCalled();
  });
});

describe('checkout', () => {
  const request = Taro.request as jest.Mock;
  afterEach(() => {
    request.mockReset();
    act(() => session.signOut());
  });
  const product = { id: 5, title: '茶叶', images: [], specNames: [], skus: [{ id: 11, price: 4949, stock: 10, specValues: [] }] };

  test('运费 and the payable total come from the quote, with the 满 X 包邮 hint; signed out it says when it is settled', async () => {
    router.params = { shopId: '3', productId: '5', skuId: '11', quantity: '2' };
    const quotes: any[] = [];
    request.mockImplementation(async (o: any) => {
      if (String(o.url).endsWith('/orders/quote')) {
        quotes.push(o.data);
        return {
          statusCode: 200,
          data: {
            orders: [{ merchantId: 1, merchantName: '甲店', itemsTotal: 9898, shippingFee: 1000, freeShippingAbove: 9900, payable: 10_898 }],
            itemsTotal: 9898,
            shippingFee: 1000,
            payable: 10_898,
          },
        };
      }
      return { statusCode: 200, data: product };
    });
    const signedOut = render(<CheckoutPage />);
    await screen.findByText('茶叶');
    expect(signedOut.container.textContent).toContain('提交订单时计算');
    expect(quotes).toHaveLength(0);
    signedOut.unmount();

    act(() => session.signIn('token', { id: 1, nickname: '买家' } as any));
    const { container } = render(<CheckoutPage />);
    await waitFor(() => expect(container.querySelector('.checkout-page__freight')).not.toBeNull());
    expect(quotes).toEqual([{ shopId: 3, items: [{ skuId: 11, quantity: 2 }] }]);
    expect(container.querySelector('.checkout-page__freight')!.textContent).toBe('运费满 ¥99.00 包邮，再买 ¥0.02 包邮¥10.00');
    expect(container.querySelector('.checkout-page__total')!.textContent).toBe('共 2 件，合计：¥108.98');
  });
});
