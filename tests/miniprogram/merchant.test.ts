/**
 * The merchant's main path in the mini program, through miniprogram-automator's public API only: sign in,
 * restock a SKU on the stock page, ship a paid order with the in-page shipping form. Each step is checked in
 * the page and in the API. (Approval, the product and the paid order are arranged through the API as their
 * users would; see support/market.ts.)
 */
import { randomBytes } from 'node:crypto';
import {
  approvedMerchant,
  elementWithText,
  eventually,
  listedProduct,
  nextLoginIs,
  pageOpens,
  pageShows,
  type Merchant,
  type Product,
  withEvidence,
} from './support/market.js';
import { asInput } from './support/sdk.js';
import { closeStack, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let merchant: Merchant;
let product: Product;
let orderId: number;

beforeAll(async () => {
  stack = await startStack();
  merchant = await approvedMerchant(stack, 'merchant', '山野茶行');
  product = await listedProduct(stack, merchant, { title: '云南古树普洱茶饼', price: 12_800, stock: 50 });
  // a buyer's paid order: placed and paid through the API and the sandbox, as the shopper suite does in the app
  const buyer = await stack.signIn('carol', 'Carol');
  const placed = await stack.t.request('POST', '/orders', {
    token: buyer.token,
    body: {
      shopId: merchant.shopId,
      items: [{ skuId: product.skuId, quantity: 1 }],
      address: { name: 'Carol', phone: '13800138000', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' },
      idempotencyKey: `k_${randomBytes(8).toString('hex')}`,
    },
  });
  if (placed.status !== 201) throw new Error(`place order: ${JSON.stringify(placed.body)}`);
  orderId = placed.body.orders[0].id;
  const pay = await stack.t.request('POST', `/orders/${orderId}/pay`, { token: buyer.token });
  const prepayId = /prepay_id=([^&]+)/.exec(pay.body.requestPayment.package)![1];
  expect((await stack.control('POST', '/__sandbox__/payments/complete', { prepay_id: prepayId, result: 'SUCCESS' })).status).toBe(200);
  for (let i = 0; ; i++) {
    const status = (await stack.t.request('GET', `/orders/${orderId}`, { token: buyer.token })).body.status;
    if (status === 'paid') break;
    if (i > 100) throw new Error(`the order never became paid (${status})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 600_000);

afterAll(() => closeStack(), 600_000);

const merchantApi = () => ({ token: merchant.owner.token, headers: { 'x-merchant-id': String(merchant.id) } });

test(
  'the merchant signs in from 我的 (wx.login) and sees the merchant entry',
  () =>
    withEvidence(stack, 'merchant-1', async () => {
      const mp = stack.miniProgram;
      await nextLoginIs(stack, 'merchant');
      const mine = (await mp.reLaunch('/pages/mine/index'))!;
      expect(mine.path).toBe('pages/mine/index');
      await (await elementWithText(mine, '.mine-head button', '微信登录')).tap();
      await pageShows(mine, '山野茶行');
      await pageShows(mine, '商家后台');
    }),
  60_000,
);

test(
  'restocks a SKU on the stock page (增减 +10): 49 (50, one sold) → 59 in the page and the API',
  () =>
    withEvidence(stack, 'merchant-2', async () => {
      const mp = stack.miniProgram;
      const page = (await mp.navigateTo('/pkg-merchant/stock/index'))!;
      const card = await elementWithText(page, '.merchant-stock__card', product.title);
      expect(await (await card.$('.merchant-stock__stock'))!.text()).toBe('49');
      const amount = asInput(await card.$('.merchant-stock__ops input'));
      await amount.input('+10');
      expect(await amount.value()).toBe('+10');
      await (await card.$('.merchant-stock__ops button'))!.tap();
      await eventually(page, 'the stock figure at 59', async () => (await (await card.$('.merchant-stock__stock'))!.text()) === '59');
      const listed = (await stack.t.request('GET', `/merchant/products/${product.id}`, merchantApi())).body;
      expect(listed.skus.map((s: { stock: number }) => s.stock)).toEqual([59]);
      // the adjustment cleared the field for the next one
      expect(await amount.value()).toBe('');
    }),
  60_000,
);

test(
  'ships the paid order with the in-page form: carrier and tracking number reach the API',
  () =>
    withEvidence(stack, 'merchant-3', async () => {
      const mp = stack.miniProgram;
      const page = (await mp.redirectTo('/pkg-merchant/orders/index'))!;
      await pageOpens(mp, 'pkg-merchant/orders/index');
      const order = await elementWithText(page, '.merchant-order', product.title);
      expect((await order.text()).replace(/\s+/g, ' ')).toContain('收货人 Carol');
      await (await elementWithText(page, '.merchant-order button', '发货')).tap();
      await (await elementWithText(page, '.ship-form__carrier', '顺丰速运')).tap();
      expect(await (await elementWithText(page, '.ship-form__carrier', '顺丰速运')).attribute('class')).toContain('is-active');
      await asInput(await page.$('.ship-form__no input')).input('SF1234567890');
      await (await elementWithText(page, '.ship-form__actions button', '确认发货')).tap();
      await pageShows(page, '物流 顺丰速运 SF1234567890');
      const shipped = (await stack.t.request('GET', `/merchant/orders/${orderId}`, merchantApi())).body;
      expect([shipped.status, shipped.carrier, shipped.trackingNo]).toEqual(['shipped', '顺丰速运', 'SF1234567890']);
      // the form is gone and the order no longer offers 发货
      expect(await page.$('.ship-form')).toBeNull();
      expect((await page.$$('.merchant-order button')).length).toBe(0);
    }),
  60_000,
);
