/**
 * The distributor's main path in the mini program, through miniprogram-automator's public API only: from a
 * merchant's shop, 我也要开店 → 一键开店 (signing in with wx.login on the way) → their own shop with the
 * merchant's products → a product's 分享海报, drawn (小程序码 from the API included) and ready to save.
 * The pixels of the poster are the browser journey's to check (tests/browser); here the page must finish
 * drawing without an error and offer saving.
 */
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
import { closeStack, startStack, type Session, type Stack } from './support/stack.js';

let stack: Stack;
let merchant: Merchant;
let product: Product;
let dave: Session;

beforeAll(async () => {
  stack = await startStack();
  merchant = await approvedMerchant(stack, 'merchant', '山野茶行');
  product = await listedProduct(stack, merchant, { title: '云南古树普洱茶饼', price: 12_800, stock: 50 });
  // Dave has used the mini program before and is called Dave (the name his shop is named after)
  dave = await stack.signIn('dave', 'Dave');
}, 600_000);

afterAll(() => closeStack(), 600_000);

test(
  "Dave opens his own shop from the merchant's shop in one tap, signing in on the way",
  () =>
    withEvidence(stack, 'distributor-1', async () => {
      const mp = stack.miniProgram;
      const shop = (await mp.reLaunch(`/pages/shop/index?shopId=${merchant.shopId}`))!;
      await pageShows(shop, '山野茶行');
      await (await elementWithText(shop, '.shop-face button', '我也要开店')).tap();
      const open = await pageOpens(mp, 'pkg-distributor/open/index');
      expect(open.query).toEqual({ fromShopId: String(merchant.shopId) });
      await pageShows(open, '一键开店');
      await nextLoginIs(stack, 'dave');
      await (await elementWithText(open, '.open-page__action button', '开店')).tap();

      const own = await pageOpens(mp, 'pages/shop/index');
      await pageShows(own, 'Dave的小店');
      await pageShows(own, product.title);
      // his shop, with the merchant's product, as the API has it
      const mine = await stack.t.request('GET', '/shops/mine', { token: dave.token });
      expect([mine.status, mine.body.name]).toEqual([200, 'Dave的小店']);
      const face = (await stack.t.request('GET', `/shops/${mine.body.id}`)).body;
      expect(face.products.items.map((p: { id: number }) => p.id)).toEqual([product.id]);
      // now it is his shop: 分享店铺 instead of 我也要开店
      await elementWithText(own, '.shop-face button', '分享店铺');
    }),
  90_000,
);

test(
  'draws the poster for a product of his shop: the canvas finishes drawing and 保存到相册 is offered',
  () =>
    withEvidence(stack, 'distributor-2', async () => {
      const mp = stack.miniProgram;
      const shop = (await mp.currentPage())!;
      await (await elementWithText(shop, '.product-card', product.title)).tap();
      const detail = await pageOpens(mp, 'pkg-product/detail/index');
      await (await elementWithText(detail, '.product-page__poster', '分享海报')).tap();

      const poster = await pageOpens(mp, 'pkg-distributor/poster/index');
      expect(poster.query).toMatchObject({ productId: String(product.id) });
      const canvas = await eventually(poster, 'the poster canvas', () => poster.$('.poster-page__canvas'));
      // drawing: the overlay covers the canvas until the photo, texts and 小程序码 are on it (or says why not)
      await eventually(poster, 'the poster drawn', async () => (await poster.$('.poster-page__overlay')) === null, 30_000);
      expect(await poster.$('.poster-page__error')).toBeNull();
      const size = await canvas.size();
      expect(Number(size.width)).toBeGreaterThan(200);
      expect(Number(size.height)).toBeGreaterThan(Number(size.width)); // a portrait poster
      const save = await elementWithText(poster, '.poster-page__actions button', '保存到相册');
      expect(await save.attribute('class')).not.toContain('disabled');
      expect((await mp.pageStack()).map((p) => p.path)).toEqual(['pages/shop/index', 'pkg-product/detail/index', 'pkg-distributor/poster/index']);
    }),
  90_000,
);
