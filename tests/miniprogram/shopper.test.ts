/**
 * The shopper's main path in the mini program, through miniprogram-automator's public API only: open a
 * distributor's shop from its 小程序码 (the `scene` WeChat hands the page), pick the product, check out, sign in
 * (wx.login) and pay (wx.requestPayment mocked to complete the payment in the WeChat sandbox, which notifies the
 * API as WeChat Pay would). The order page says it is paid, and the API holds the order in that shop, paid,
 * with the shopper attributed to the distributor the code belonged to.
 */
import { encodeShopScene } from '@shareshop/common';
import {
  approvedMerchant,
  elementWithText,
  listedProduct,
  nextLoginIs,
  pageOpens,
  pageShows,
  paymentsCompleteInSandbox,
  type Product,
  withEvidence,
} from './support/market.js';
import { closeStack, startStack, type Session, type Stack } from './support/stack.js';
import { asInput, type Page } from './support/sdk.js';

let stack: Stack;
let product: Product;
let alice: Session;
/** the shop as the API describes it, with the `scene` its 小程序码 carries */
let aliceShop: { id: number; name: string; referralCode: string; share: { scene: string } };

beforeAll(async () => {
  stack = await startStack();
  const merchant = await approvedMerchant(stack, 'merchant', '山野茶行');
  product = await listedProduct(stack, merchant, { title: '云南古树普洱茶饼', price: 12_800, stock: 50 });
  // Alice has opened her shop from the merchant's (the distributor suite does that step in the app)
  alice = await stack.signIn('alice', 'Alice');
  const cloned = await stack.t.request('POST', '/shops/clone', { token: alice.token, body: { fromShopId: merchant.shopId } });
  if (cloned.status !== 200 && cloned.status !== 201) throw new Error(`clone: ${JSON.stringify(cloned.body)}`);
  aliceShop = cloned.body;
}, 600_000);

afterAll(() => closeStack(), 600_000);

/** The input of the checkout form row labelled `label`. */
async function field(page: Page, label: string) {
  const row = await elementWithText(page, '.ss-field', label);
  return asInput(await row.$('input'));
}

test(
  "Carol opens Alice's shop from its 小程序码 scene, checks out, signs in and pays through the sandbox",
  () =>
    withEvidence(stack, 'shopper-1', async () => {
      const mp = stack.miniProgram;
      // a 小程序码 opens its page with the scene URL-encoded in the query, as WeChat does
      const scene = aliceShop.share.scene;
      expect(scene).toBe(encodeShopScene({ shopId: aliceShop.id, ref: aliceShop.referralCode }));
      const shop = (await mp.reLaunch(`/pages/shop/index?scene=${encodeURIComponent(scene)}`))!;
      expect([shop.path, shop.query]).toEqual(['pages/shop/index', { scene: encodeURIComponent(scene) }]);
      await pageShows(shop, aliceShop.name);
      await pageShows(shop, '店主 Alice');

      await (await elementWithText(shop, '.product-card', product.title)).tap();
      const detail = await pageOpens(mp, 'pkg-product/detail/index');
      expect(detail.query).toMatchObject({ id: String(product.id), shopId: String(aliceShop.id) });
      await (await elementWithText(detail, '.product-page__actions button', '立即购买')).tap();
      await (await elementWithText(detail, '.ss-sku__confirm', '')).tap();

      const checkout = await pageOpens(mp, 'pkg-order/checkout/index');
      await pageShows(checkout, product.title);
      for (const [label, value] of [
        ['收货人', 'Carol'],
        ['手机号', '13800138000'],
        ['省份', '广东省'],
        ['城市', '深圳市'],
        ['区县', '南山区'],
        ['详细地址', '科技园 1 号'],
      ]) {
        await (await field(checkout, label!)).input(value!);
      }
      expect(await (await field(checkout, '手机号')).value()).toBe('13800138000');
      expect((await mp.pageStack()).map((p) => p.path)).toEqual(['pages/shop/index', 'pkg-product/detail/index', 'pkg-order/checkout/index']);

      await nextLoginIs(stack, 'carol');
      await paymentsCompleteInSandbox(mp);
      await (await elementWithText(checkout, '.ss-bottom-bar button', '提交订单')).tap();

      const order = await pageOpens(mp, 'pkg-order/detail/index', 30_000).catch(async (error: Error) => {
        const carol = await stack.signIn('carol');
        const orders = (await stack.t.request('GET', '/orders', { token: carol.token })).body;
        error.message += `; the API holds Carol's orders: ${JSON.stringify(orders.items?.map((o: any) => [o.id, o.shopId, o.status]))}`;
        throw error;
      });
      expect(order.query).toMatchObject({ paid: '1' });
      await pageShows(order, '待发货', 30_000);
      await pageShows(order, product.title);

      // the API agrees: Carol's paid order in Alice's shop, and Carol is Alice's referral (the scene's ref)
      const carol = await stack.signIn('carol');
      const orders = (await stack.t.request('GET', '/orders', { token: carol.token })).body;
      expect(orders.items.map((o: any) => [o.id, o.shopId, o.status, o.paidTotal])).toEqual([[Number(order.query.id), aliceShop.id, 'paid', 12_800]]);
      expect((await stack.t.request('GET', '/auth/me', { token: carol.token })).body.uplineUserId).toBe(alice.id);
      await mp.restoreWxMethod('requestPayment');
    }),
  120_000,
);
