/**
 * After-sales (售后), both sides, played in Chromium against the mini program's H5 build, the real API (isolated
 * database, seeded like `pnpm start`) and the WeChat sandbox. The merchant is the sandbox's 商家 persona (owner of
 * the seeded demo merchant) and the buyer the sandbox test user dave, both signed in through the H5 login picker.
 *
 *   dave buys in the demo merchant's shop and pays in the sandbox cashier → asks for a refund before shipping
 *   (refund-only, one of two units: the page shows the server's quote) → the order says 售后中 and the merchant's
 *   order list says why it cannot ship → the dashboard tile opens 售后管理 → the merchant approves → the money
 *   goes back through the sandbox and the progress page says 退款成功;
 *   a second order, shipped → dave asks for 退货退款 with a photo → the merchant approves with a return address
 *   (saved as the default) → dave enters the return tracking number → the merchant confirms receipt → refunded
 *   and the unit is back in stock.
 *
 * The second order's purchase and shipment go over HTTP as dave and as the merchant (the first order showed the
 * cashier and the pages). Own fixed ports (API 20000, sandbox 20100, web 20200) and build
 * (apps/miniprogram/dist-aftersales/h5). Screenshots: tests/browser/screenshots/aftersales-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApi } from '../../apps/api/test/harness.js';
import { startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { repoRoot } from '../support/h5-build.js';

const API_PORT = 20000;
const SANDBOX_PORT = 20100;
const WEB_PORT = 20200;
const WEB = `http://127.0.0.1:${WEB_PORT}`;
const shotsDir = path.join(repoRoot, 'tests/browser/screenshots');
const TIMEOUT = 600_000;
const T = 15_000;

let t: TestApi;
let browser: Browser;
let stack: BrowserStack | undefined;
const contexts: BrowserContext[] = [];
const shots: string[] = [];

// ------------------------------------------------------------------ helpers

async function settle(p: Page) {
  await p.waitForLoadState('networkidle', { timeout: T }).catch(() => undefined);
  await p
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), undefined, {
      timeout: 5_000,
    })
    .catch(() => undefined);
  await p.waitForTimeout(300);
}

const current = (p: Page) => p.locator('.taro_page.taro_page_show, .taro_page_shown').last();

async function shot(p: Page, name: string) {
  await settle(p);
  await p
    .waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('.taro__toast')].every(
          (el) => getComputedStyle(el).display === 'none' || getComputedStyle(el).opacity === '0',
        ),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const file = path.join(shotsDir, `aftersales-${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await p.screenshot({ path: file });
  shots.push(path.basename(file));
}

async function pageText(p: Page): Promise<string> {
  return (await current(p).innerText({ timeout: T })).replace(/\s+/g, ' ').replace(/(-?¥) ?(\d+) ?\.(\d\d)/g, '$1$2.$3');
}

async function seeText(p: Page, text: string | RegExp, timeout = T) {
  await current(p).getByText(text).first().waitFor({ state: 'visible', timeout });
}

async function tap(p: Page, text: string | RegExp) {
  const target = current(p)
    .getByText(text, { exact: typeof text === 'string' })
    .last();
  await target.waitFor({ state: 'visible', timeout: T });
  await target.click({ timeout: T, force: true });
}

/**
 * Taps a choice chip until it shows as chosen: a forced click can land beside a chip that the quote's arrival
 * just moved (seen once on a fresh CI clone: 退货退款 tapped, refund_only sent).
 */
async function choose(p: Page, text: string) {
  const exactly = new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\s*$`);
  const chip = current(p).locator('.after-sale__chip').filter({ hasText: exactly }).last();
  for (let attempt = 1; ; attempt++) {
    await chip.waitFor({ state: 'visible', timeout: T });
    await chip.click({ timeout: T });
    const chosen = await chip.evaluate((el) => el.classList.contains('is-active'));
    if (chosen) return;
    if (attempt === 3) throw new Error(`the chip ${text} did not become chosen`);
    await p.waitForTimeout(300);
  }
}

async function fill(p: Page, placeholder: string, value: string) {
  const input = current(p).locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).first();
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(value);
}

async function go(p: Page, route: string) {
  await p.goto(`${WEB}/#${route}`, { timeout: T });
  await settle(p);
}

async function confirmModal(p: Page) {
  const ok = p.locator('.taro-model__confirm:visible');
  await ok.first().waitFor({ state: 'visible', timeout: T });
  await ok.first().click();
  await ok.first().waitFor({ state: 'hidden', timeout: T });
}

/** The H5 login picker: the personas first, then 其他测试用户 for the ordinary test users. */
async function pickUser(p: Page, name: string) {
  const cells = p.locator('.taro-actionsheet__cell, .taro-actionsheet__item');
  const item = cells.getByText(name, { exact: true });
  const other = cells.getByText('其他测试用户', { exact: true });
  await item.or(other).first().waitFor({ state: 'visible', timeout: T });
  if ((await item.count()) === 0 && (await other.count()) > 0) {
    await other.first().click();
    await other.first().waitFor({ state: 'hidden', timeout: T });
  }
  await item.first().waitFor({ state: 'visible', timeout: T });
  await item.first().click();
  await item.first().waitFor({ state: 'hidden', timeout: T });
  await settle(p);
}

/** Polls `probe` (the API, as the person concerned) until `ok`. */
async function until<V>(what: string, probe: () => Promise<V>, ok: (v: V) => boolean): Promise<V> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: never happened (last: ${JSON.stringify(v).slice(0, 300)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(ctx);
  const p = await ctx.newPage();
  p.setDefaultTimeout(T);
  return p;
}

/** Signs a sandbox user (or persona) in through the API, to act over HTTP as them. */
async function register(name: string): Promise<{ id: number; token: string }> {
  const { code } = (await t.control('POST', `/__sandbox__/users/${name}/login-code`)).body;
  const login = await t.request('POST', '/auth/wechat/login', { body: { code } });
  if (login.status !== 200) throw new Error(`login ${name}: ${JSON.stringify(login.body)}`);
  return { id: login.body.user.id, token: login.body.token };
}

/** A real PNG (a solid colour with a lighter band), the buyer's photo of the fault. */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = table[(c ^ byte) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const band = y > height * 0.4 && y < height * 0.6;
    for (let x = 0; x < width; x++) rows.set(band ? [250, 250, 250] : [r, g, b], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------ setup

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const f of fs.readdirSync(shotsDir)) if (f.startsWith('aftersales-') && f.endsWith('.png')) fs.rmSync(path.join(shotsDir, f));
  stack = await startBrowserStack({ apiPort: API_PORT, sandboxPort: SANDBOX_PORT, webPort: WEB_PORT, outDir: 'dist-aftersales/h5' });
  ({ api: t, browser } = stack);
}, TIMEOUT);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await stack?.close();
  console.log(`screenshots (${shots.length}) in tests/browser/screenshots: ${shots.join(', ')}`);
}, TIMEOUT);

test(
  'after-sales both sides: refund-only before shipping, return-and-refund after shipping',
  async () => {
    try {
      await story();
    } catch (error) {
      for (const [i, ctx] of contexts.entries()) {
        for (const [j, p] of ctx.pages().entries())
          await p.screenshot({ path: path.join(shotsDir, `aftersales-failure-${i}-${j}.png`) }).catch(() => undefined);
      }
      throw error;
    }
  },
  TIMEOUT,
);

async function story() {
  const personas: Array<{ key: string; nickname: string; role: string }> = (await t.control('GET', '/__sandbox__/personas')).body;
  const merchantPersona = personas.find((p) => p.role === 'merchant')!;
  const owner = await register(merchantPersona.key);
  const merchantId = (await t.request('GET', '/merchants/mine', { token: owner.token })).body.items[0].merchantId;
  const asMerchant = { token: owner.token, headers: { 'x-merchant-id': String(merchantId) } };
  const dave = await register('dave');

  // the demo merchant's own shop and one product with stock
  const { shopId } = (await t.request('GET', '/merchant/settings', asMerchant)).body;
  const shop = (await t.request('GET', `/shops/${shopId}`, { token: dave.token })).body;
  const listed = shop.products.items.find((p: any) => p.stock >= 10);
  const product = (await t.request('GET', `/products/${listed.id}`, { token: dave.token })).body;
  const sku = product.skus.find((s: any) => s.stock >= 5 && s.active);
  const stock = async () => (await t.request('GET', `/products/${product.id}`, { token: dave.token })).body.skus.find((s: any) => s.id === sku.id).stock;

  // --- 1. dave buys two units and pays in the sandbox cashier
  const buyer = await newPage();
  await go(buyer, `/pkg-order/checkout/index?shopId=${shop.id}&productId=${product.id}&skuId=${sku.id}&quantity=2`);
  await seeText(buyer, '提交订单');
  await fill(buyer, '姓名', '戴维');
  await fill(buyer, '11 位手机号', '13900139000');
  await fill(buyer, '如：广东省', '浙江省');
  await fill(buyer, '如：深圳市', '杭州市');
  await fill(buyer, '如：南山区', '西湖区');
  await fill(buyer, '街道、门牌号', '文三路 90 号');
  await tap(buyer, '提交订单');
  await pickUser(buyer, 'dave');
  await buyer.waitForURL(/\/cashier\?/, { timeout: T });
  await buyer.getByText('确认支付').click();
  await buyer.waitForURL(/#\/pkg-order\/detail\/index\?.*result=success/, { timeout: T });
  await seeText(buyer, '待发货', 30_000);
  const [first] = (await t.request('GET', '/orders', { token: dave.token })).body.items;
  expect(first).toMatchObject({ status: 'paid', items: [{ skuId: sku.id, quantity: 2 }] });
  const unit = first.items[0].paidAmount / 2;

  // --- 2. refund-only before shipping, one of the two units: the page shows the server's amount
  await tap(buyer, '申请售后');
  await seeText(buyer, '选择商品');
  await seeText(buyer, '订单尚未发货，只能申请仅退款。');
  await current(buyer).locator('.apply-line__step').first().click(); // 2 → 1
  await seeText(buyer, yuan(unit));
  await choose(buyer, '不想要了 / 拍错了');
  await fill(buyer, '补充描述（选填，最多 500 字）', '多拍了一件');
  const applyText = await pageText(buyer);
  expect(applyText).toContain(`退款金额 ${yuan(unit)}`);
  expect(applyText).toContain('可退 2 件');
  await shot(buyer, 'apply-refund-only');
  await tap(buyer, '提交申请');
  await seeText(buyer, '待商家处理');
  expect(await pageText(buyer)).toMatch(/商家需在 \d{4}-\d\d-\d\d \d\d:\d\d 前处理，超时将自动同意/);
  await shot(buyer, 'progress-pending');
  await go(buyer, `/pkg-order/detail/index?id=${first.id}`);
  await seeText(buyer, '售后中');
  await shot(buyer, 'order-header-after-sale');

  // --- 3. the merchant: the order cannot ship and says why; the dashboard tile opens the list
  const merchant = await newPage();
  await go(merchant, '/pages/mine/index');
  await tap(merchant, '微信登录');
  await pickUser(merchant, merchantPersona.nickname);
  await seeText(merchant, '今日成交');
  await go(merchant, '/pkg-merchant/orders/index');
  await seeText(merchant, '买家申请了售后，处理后才能发货 ›');
  await shot(merchant, 'merchant-orders-ship-blocked');
  await go(merchant, '/pkg-merchant/dashboard/index');
  await seeText(merchant, '待处理售后');
  await current(merchant).locator('.ss-stat-grid__item', { hasText: '待处理售后' }).click();
  await seeText(merchant, '仅退款 · 不想要了 / 拍错了');
  expect(await pageText(merchant)).toContain('待处理(1)');
  await shot(merchant, 'merchant-list');
  await tap(merchant, '仅退款 · 不想要了 / 拍错了');
  await seeText(merchant, '同意退款');
  const detailText = await pageText(merchant);
  expect(detailText).toContain(`退款金额 ${yuan(unit)}`);
  expect(detailText).toContain('买家描述 多拍了一件');
  expect(detailText).toContain(first.outTradeNo);
  await shot(merchant, 'merchant-detail-refund-only');
  await tap(merchant, '同意退款');
  await confirmModal(merchant);
  await seeText(merchant, /退款中|退款成功/);
  const refunded = await until(
    'refund arrives',
    () => t.request('GET', `/orders/${first.id}`, { token: dave.token }),
    (r) => r.body.refundedTotal === unit,
  );
  expect(refunded.body.status).toBe('paid');
  await go(buyer, `/pkg-order/after-sales/list/index`);
  await tap(buyer, product.title);
  await seeText(buyer, '退款成功');
  expect(await pageText(buyer)).toMatch(/退款成功 已原路退回 .* 退款处理中 .* 商家同意 .* 提交申请/);
  await shot(buyer, 'progress-refunded');

  // --- 4. a second order, paid and shipped (over HTTP as dave and as the merchant)
  const placed = await t.request('POST', '/orders', {
    token: dave.token,
    body: {
      shopId: shop.id,
      items: [{ skuId: sku.id, quantity: 1 }],
      address: { name: '戴维', phone: '13900139000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号' },
      idempotencyKey: 'aftersales-second',
    },
  });
  const second = placed.body.orders[0];
  await t.request('POST', `/orders/${second.id}/pay`, { token: dave.token });
  await t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: second.outTradeNo, result: 'SUCCESS' });
  await until(
    'second paid',
    () => t.request('GET', `/orders/${second.id}`, { token: dave.token }),
    (r) => r.body.status === 'paid',
  );
  expect(
    (await t.request('POST', `/merchant/orders/${second.id}/ship`, { ...asMerchant, body: { carrier: '顺丰速运', trackingNo: 'SF7788990011' } })).body.status,
  ).toBe('shipped');
  const stockBeforeReturn = await stock();

  // --- 5. dave asks for 退货退款 with a photo
  await go(buyer, `/pkg-order/detail/index?id=${second.id}`);
  await tap(buyer, '申请售后');
  await seeText(buyer, '退货退款：商家同意后寄回商品，商家确认收货后退款。');
  await choose(buyer, '退货退款');
  await choose(buyer, '质量问题');
  await fill(buyer, '补充描述（选填，最多 500 字）', '饼面有霉点');
  for (let attempt = 1; ; attempt++) {
    const chooser = buyer.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
    await tap(buyer, '上传凭证（最多 3 张）');
    const opened = await chooser;
    if (opened) {
      await opened.setFiles({ name: 'mould.png', mimeType: 'image/png', buffer: png(400, 300, [120, 140, 90]) });
      break;
    }
    if (attempt === 3) throw new Error('no file chooser');
  }
  await current(buyer).locator('.photo-picker__image').first().waitFor({ state: 'visible', timeout: T });
  expect(await pageText(buyer)).toContain(`退款金额 ${yuan(second.paidTotal)}`);
  await shot(buyer, 'apply-return-with-photo');
  await tap(buyer, '提交申请');
  await seeText(buyer, '待商家处理');
  const [returnRequest] = (await t.request('GET', `/after-sales?orderId=${second.id}`, { token: dave.token })).body.items;
  expect(returnRequest).toMatchObject({ type: 'return_refund', reason: 'quality', photos: [expect.stringMatching(/^\/uploads\/aftersales\//)] });

  // --- 6. the merchant approves with a return address (saved as the default)
  await go(merchant, `/pkg-merchant/aftersales/detail/index?id=${returnRequest.id}`);
  await seeText(merchant, '同意退货');
  await current(merchant).locator('.m-after-sale__photo').first().waitFor({ state: 'visible' });
  await fill(merchant, '收件人', '售后部 王五');
  await fill(merchant, '联系电话', '0571-88886666');
  await fill(merchant, '省', '云南省');
  await fill(merchant, '市', '西双版纳州');
  await fill(merchant, '区/县（选填）', '勐海县');
  await fill(merchant, '详细地址', '茶厂路 8 号 售后仓');
  await shot(merchant, 'merchant-detail-return-address');
  await tap(merchant, '同意退货');
  await seeText(merchant, '待买家退货 · 退货退款');
  expect((await t.request('GET', '/merchant/after-sale-settings', asMerchant)).body.returnAddress).toMatchObject({ name: '售后部 王五', district: '勐海县' });

  // --- 7. dave sees where to send it and enters the tracking number
  await go(buyer, `/pkg-order/after-sales/detail/index?id=${returnRequest.id}`);
  await seeText(buyer, '退货地址');
  expect(await pageText(buyer)).toContain('售后部 王五 0571-88886666 云南省西双版纳州勐海县茶厂路 8 号 售后仓');
  await tap(buyer, '中通快递');
  await fill(buyer, '退货运单号', 'ZT5566778899');
  await shot(buyer, 'progress-return-address');
  await tap(buyer, '提交退货单号');
  await seeText(buyer, '待商家收货');
  expect(await pageText(buyer)).toContain('中通快递 ZT5566778899');
  await shot(buyer, 'progress-returning');
  expect(await stock()).toBe(stockBeforeReturn); // nothing back on sale until the parcel arrives

  // --- 8. the merchant confirms receipt: refunded, and the unit is back in stock
  await go(merchant, '/pkg-merchant/dashboard/index');
  await current(merchant).locator('.ss-stat-grid__item', { hasText: '待处理售后' }).click();
  await tap(merchant, '待收货(1)');
  await seeText(merchant, '退货退款 · 质量问题');
  await shot(merchant, 'merchant-list-returning');
  await tap(merchant, '退货退款 · 质量问题');
  await seeText(merchant, '确认收货并退款');
  expect(await pageText(merchant)).toContain('退货物流 中通快递 ZT5566778899');
  await tap(merchant, '确认收货并退款');
  await confirmModal(merchant);
  await until(
    'return refunded',
    () => t.request('GET', `/after-sales/${returnRequest.id}`, { token: dave.token }),
    (r) => r.body.status === 'completed',
  );
  expect(await stock()).toBe(stockBeforeReturn + 1);
  await go(merchant, `/pkg-merchant/aftersales/detail/index?id=${returnRequest.id}`);
  await seeText(merchant, '退款成功 · 退货退款');
  await shot(merchant, 'merchant-detail-completed');
  await go(buyer, `/pkg-order/after-sales/detail/index?id=${returnRequest.id}`);
  await seeText(buyer, '退款成功');
  await shot(buyer, 'progress-return-refunded');
  await go(buyer, '/pkg-order/after-sales/list/index');
  await seeText(buyer, '退货退款', T);
  await shot(buyer, 'my-after-sales');
}

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
