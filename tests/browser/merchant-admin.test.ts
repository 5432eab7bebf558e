/**
 * The merchant admin pages of issue 15 (catalogue and stock, orders, settlement), played in Chromium against
 * the mini program's H5 build, the real API (isolated database, seeded like `pnpm start`) and the WeChat
 * sandbox. The merchant is the sandbox's 商家 persona (owner of the seeded demo merchant), signed in through
 * the H5 login picker; buyers and their payments are set up over HTTP as those buyers (the sandbox plays
 * WeChat Pay); the T+1 batch is time travel through the API's own runner, as in journey.test.ts.
 *
 *   product editor: publishing without a main image is refused on the page → 颜色 × 尺码 matrix (6 rows),
 *   批量设置, category, two photos, 图文详情, a commission override → saved and checked through the API →
 *   edited: a size removed (its rows disabled, the others keep their prices), one added
 *   stock page: low-stock highlight, threshold setting, 设为 (盘点) and 增减 with the history
 *   orders: search by consignee, remark shown, CSV export downloaded (BOM, Chinese header)
 *   settlement: the day's statement and its detail page (rows add up to 应结金额, payout status)
 *
 * Own fixed ports (API 19000, sandbox 19100, web 19200) and build (apps/miniprogram/dist-merchant/h5), so it
 * can run beside journey.test.ts. Screenshots go to tests/browser/screenshots/merchant-admin/ (journey.test.ts
 * clears the PNGs directly in screenshots/ when it starts; this folder is its own).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SettlementRunner } from '../../apps/api/src/settlement/batch.runner.js';
import type { TestApi } from '../../apps/api/test/harness.js';
import { startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { repoRoot } from '../support/h5-build.js';

const API_PORT = 19000;
const SANDBOX_PORT = 19100;
const WEB_PORT = 19200;
const WEB = `http://127.0.0.1:${WEB_PORT}`;
const shotsDir = path.join(repoRoot, 'tests/browser/screenshots/merchant-admin');
const TIMEOUT = 600_000;
const T = 15_000;

let t: TestApi;
let browser: Browser;
let stack: BrowserStack | undefined;
let ctx: BrowserContext;
let page: Page;
/** the 商家 persona over HTTP, for checks and setup the merchant would do elsewhere */
let owner: { token: string };
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

async function shot(name: string, opts: { keepToast?: boolean } = {}) {
  await settle(page);
  if (!opts.keepToast) {
    await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll<HTMLElement>('.taro__toast')].every(
            (el) => getComputedStyle(el).display === 'none' || getComputedStyle(el).opacity === '0',
          ),
        undefined,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
  }
  const file = path.join(shotsDir, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  shots.push(path.basename(file));
}

async function pageText(): Promise<string> {
  return (await current(page).innerText({ timeout: T })).replace(/\s+/g, ' ').replace(/(-?¥) ?(\d+) ?\.(\d\d)/g, '$1$2.$3');
}

async function seeText(text: string | RegExp) {
  await current(page).getByText(text).first().waitFor({ state: 'visible', timeout: T });
}

async function tap(text: string | RegExp, scope = current(page)) {
  const target = scope.getByText(text, { exact: typeof text === 'string' }).last();
  await target.waitFor({ state: 'visible', timeout: T });
  await target.click({ timeout: T, force: true });
}

async function fillNth(placeholder: string, value: string, n: number | 'last' = 0) {
  const all = current(page).locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`);
  const input = n === 'last' ? all.last() : all.nth(n);
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(value);
}

async function go(route: string) {
  await page.goto(`${WEB}/#${route}`, { timeout: T });
  await settle(page);
}

async function toastText(): Promise<string> {
  const toast = page.locator('.taro__toast').last();
  await toast.waitFor({ state: 'attached', timeout: T });
  await page.waitForFunction(
    () => [...document.querySelectorAll<HTMLElement>('.taro__toast')].some((el) => getComputedStyle(el).display !== 'none' && el.innerText.trim()),
    undefined,
    { timeout: T },
  );
  return (await toast.innerText()).trim();
}

async function chooseFile(label: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
    await tap(label);
    const opened = await chooser;
    if (opened) return opened.setFiles(file);
    if (attempt === 3) throw new Error(`tapping ${label} opened no file chooser`);
  }
}

/** Polls the API until `probe` returns something, then checks it. */
async function expectApi<V>(probe: () => Promise<V | null>, check: (v: V) => void) {
  const deadline = Date.now() + T;
  for (;;) {
    const v = await probe();
    if (v !== null) return check(v);
    if (Date.now() > deadline)
      throw new Error(
        `the API never showed the change; the page says "${await page
          .locator('.taro__toast')
          .last()
          .innerText({ timeout: 500 })
          .catch(() => '')}"`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A real PNG (a solid colour with a lighter band). */
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

/** Signs a sandbox user (or persona) in through the API. */
async function register(name: string): Promise<{ id: number; token: string }> {
  const { code } = (await t.control('POST', `/__sandbox__/users/${name}/login-code`)).body;
  const login = await t.request('POST', '/auth/wechat/login', { body: { code } });
  if (login.status !== 200) throw new Error(`login ${name}: ${JSON.stringify(login.body)}`);
  return { id: login.body.user.id, token: login.body.token };
}

// ------------------------------------------------------------------ setup

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const f of fs.readdirSync(shotsDir)) if (f.endsWith('.png')) fs.rmSync(path.join(shotsDir, f));
  stack = await startBrowserStack({ apiPort: API_PORT, sandboxPort: SANDBOX_PORT, webPort: WEB_PORT, outDir: 'dist-merchant/h5' });
  ({ api: t, browser } = stack);
  ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  page = await ctx.newPage();
  page.setDefaultTimeout(T);
}, TIMEOUT);

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  await stack?.close();
  console.log(`screenshots (${shots.length}) in tests/browser/screenshots/merchant-admin: ${shots.join(', ')}`);
}, TIMEOUT);

test(
  'the 商家 persona lists a multi-spec product, counts stock, finds and exports orders, reads the statement',
  async () => {
    try {
      await story();
    } catch (error) {
      await page?.screenshot({ path: path.join(shotsDir, 'failure.png') }).catch(() => undefined);
      throw error;
    }
  },
  TIMEOUT,
);

async function story() {
  const personas: Array<{ key: string; nickname: string; role: string }> = (await t.control('GET', '/__sandbox__/personas')).body;
  const merchantPersona = personas.find((p) => p.role === 'merchant')!;
  owner = await register(merchantPersona.key);
  const settings = (await t.request('GET', '/merchant/settings', { token: owner.token })).body;

  // --- sign in as 商家 through the login picker: lands in the demo merchant's admin
  await go('/pages/mine/index');
  await tap('微信登录');
  const sheet = page.locator('.taro-actionsheet__cell, .taro-actionsheet__item');
  await sheet.getByText(merchantPersona.nickname, { exact: true }).first().click();
  await seeText('今日成交');

  // --- 1. product editor: no main image, no publishing
  await go('/pkg-merchant/edit/index');
  await seeText('发布商品');
  await fillNth('最多 60 字', '新疆长绒棉短袖T恤（新款）');
  await fillNth('0.00', '69');
  await fillNth('0', '30');
  await current(page).locator('.merchant-edit__save').click();
  expect(await toastText()).toBe('上架销售需要主图：请至少上传一张商品图片');
  await shot('edit-no-main-image', { keepToast: true });

  // two photos (the first is the main image), a category, 颜色 × 尺码
  await chooseFile('上传图片', { name: 'white.png', mimeType: 'image/png', buffer: png(600, 600, [236, 232, 224]) });
  await current(page).locator('.image-uploader__item').first().waitFor({ state: 'visible' });
  await chooseFile('上传图片', { name: 'black.png', mimeType: 'image/png', buffer: png(600, 600, [40, 40, 44]) });
  await current(page).locator('.image-uploader__item').nth(1).waitFor({ state: 'visible' });
  // the gallery is ordered: 设为主图 moves the second photo to the front
  const gallerySrcs = () =>
    current(page)
      .locator('.image-uploader__image img')
      .evaluateAll((els) => els.map((e) => (e as HTMLImageElement).getAttribute('src') ?? ''));
  const uploaded = await gallerySrcs();
  expect(uploaded).toHaveLength(2);
  await tap('设为主图');
  // the gallery re-renders its images after the move: read it until it settles (seen empty for a moment on CI)
  const swapped = [uploaded[1], uploaded[0]];
  let after: string[] = [];
  for (const started = Date.now(); Date.now() - started < 10_000; await page.waitForTimeout(100)) {
    after = await gallerySrcs();
    if (JSON.stringify(after) === JSON.stringify(swapped)) break;
  }
  expect(after).toEqual(swapped);
  await tap('服饰');
  await tap(/添加规格（如 颜色、尺码/);
  await fillNth('规格名，如 颜色', '颜色');
  for (const v of ['白色', '黑色']) {
    await fillNth('添加规格值', v, 0);
    await tap('添加', current(page).locator('.spec-editor__dim').nth(0));
  }
  await tap(/添加规格（如 颜色、尺码/);
  await fillNth('规格名，如 尺码', '尺码');
  for (const v of ['M', 'L', 'XL']) {
    await fillNth('添加规格值', v, 1);
    await tap('添加', current(page).locator('.spec-editor__dim').nth(1));
  }
  await current(page).locator('.sku-table__row').nth(5).waitFor({ state: 'visible' });
  const labels = await current(page).locator('.sku-table__label').allInnerTexts();
  expect(labels.map((l) => l.trim())).toEqual(['白色 / M', '白色 / L', '白色 / XL', '黑色 / M', '黑色 / L', '黑色 / XL']);
  // the first row grew from the single-spec row: it kept its price and stock
  expect(await current(page).locator('.sku-table__price input').first().inputValue()).toBe('69');
  // 批量设置: price, 划线价 and stock for every row
  await current(page).locator('.sku-table__fill-input input').nth(0).fill('69');
  await current(page).locator('.sku-table__fill-input input').nth(1).fill('99');
  await current(page).locator('.sku-table__fill-input input').nth(2).fill('30');
  await tap('应用');
  await current(page).locator('.sku-table__price input').nth(2).fill('79');
  await current(page).locator('.sku-table__code input').nth(0).fill('T-W-M');
  await current(page).locator('.spec-editor').scrollIntoViewIfNeeded();
  await shot('edit-spec-matrix');

  // 图文详情: a paragraph and a photo; a 15% first-level commission for this product
  await tap('＋ 文字');
  await fillNth('一段文字，如产地、做法、保存方式', '新疆长绒棉，220 克重磅面料，透气不起球。\n冷水手洗，勿暴晒。');
  const detailChooser = page.waitForEvent('filechooser', { timeout: 5_000 });
  await tap('＋ 图片');
  await (await detailChooser).setFiles({ name: 'detail.png', mimeType: 'image/png', buffer: png(750, 500, [200, 170, 120]) });
  await current(page).locator('.detail-editor__image').first().waitFor({ state: 'visible' });
  await current(page).locator('.merchant-edit__custom-commission').click();
  await current(page).locator('.merchant-edit__commission--l1 input').fill('15');
  await current(page).locator('.detail-editor').scrollIntoViewIfNeeded();
  await shot('edit-detail-commission');

  await current(page).locator('.merchant-edit__save').click();
  await seeText('新疆长绒棉短袖T恤（新款）');
  const list = (await t.request('GET', '/merchant/products', { token: owner.token })).body.items;
  const created = list.find((p: any) => p.title === '新疆长绒棉短袖T恤（新款）');
  expect(created).toMatchObject({ status: 'on_sale', category: '服饰', specNames: ['颜色', '尺码'], commissionL1Bps: 1500, commissionL2Bps: null });
  expect(created.images).toHaveLength(2);
  expect(uploaded[1]!.endsWith(created.images[0])).toBe(true); // the black photo is the main image
  expect(created.detail).toEqual([
    { type: 'text', text: '新疆长绒棉，220 克重磅面料，透气不起球。\n冷水手洗，勿暴晒。' },
    { type: 'image', url: expect.stringMatching(/^\/uploads\//) },
  ]);
  expect(created.skus.map((s: any) => [s.specValues.join('/'), s.price, s.listPrice, s.stock, s.code])).toEqual([
    ['白色/M', 6900, 9900, 30, 'T-W-M'],
    ['白色/L', 6900, 9900, 30, ''],
    ['白色/XL', 7900, 9900, 30, ''],
    ['黑色/M', 6900, 9900, 30, ''],
    ['黑色/L', 6900, 9900, 30, ''],
    ['黑色/XL', 6900, 9900, 30, ''],
  ]);
  await shot('products-after-publish');

  // --- edit: XL is dropped (its SKUs disabled, never deleted), S added; the other rows keep their prices
  await go(`/pkg-merchant/edit/index?id=${created.id}`);
  await seeText('保存修改');
  await current(page).locator('.sku-table__row').nth(5).waitFor({ state: 'visible' });
  const xl = current(page).locator('.spec-editor__chip').filter({ hasText: 'XL' });
  await xl.locator('.spec-editor__chip-x').click();
  await fillNth('添加规格值', 'S', 1);
  await tap('添加', current(page).locator('.spec-editor__dim').nth(1));
  await current(page).locator('.sku-table__row.is-new').nth(1).waitFor({ state: 'visible' });
  await current(page).locator('.sku-table__fill-input input').nth(0).fill('');
  await current(page).locator('.sku-table__row.is-new .sku-table__price input').nth(0).fill('65');
  await current(page).locator('.sku-table__row.is-new .sku-table__price input').nth(1).fill('65');
  await current(page).locator('.sku-table__row.is-new .sku-table__stock input').nth(0).fill('12');
  await current(page).locator('.sku-table__row.is-new .sku-table__stock input').nth(1).fill('12');
  expect(await pageText()).toContain('规格值已删除');
  await current(page).locator('.sku-table').scrollIntoViewIfNeeded();
  await shot('edit-value-removed-added');
  await current(page).locator('.merchant-edit__save').click();
  await expectApi(
    async () => {
      const p = (await t.request('GET', `/merchant/products/${created.id}`, { token: owner.token })).body;
      return p.skus.length === 8 ? p : null;
    },
    (p) => {
      expect(p.skus.map((s: any) => [s.specValues.join('/'), s.price, s.stock, s.active])).toEqual([
        ['白色/M', 6900, 30, true],
        ['白色/L', 6900, 30, true],
        ['白色/XL', 7900, 30, false],
        ['黑色/M', 6900, 30, true],
        ['黑色/L', 6900, 30, true],
        ['黑色/XL', 6900, 30, false],
        ['白色/S', 6500, 12, true],
        ['黑色/S', 6500, 12, true],
      ]);
    },
  );

  // --- 2. stock page: the seeded 星空蓝 cup (0) is low; a threshold of 15 adds the new S rows (12)
  await go('/pkg-merchant/stock/index');
  await seeText('件时提醒补货');
  await current(page).locator('.merchant-stock__card.is-low').first().waitFor({ state: 'visible' });
  expect(await current(page).locator('.merchant-stock__card').first().innerText()).toContain('星空蓝');
  await shot('stock-low-highlight');
  await current(page).locator('.merchant-stock__threshold input').fill('15');
  await tap('保存', current(page).locator('.merchant-stock__settings'));
  await expectApi(
    async () => ((await t.request('GET', '/merchant/stock/settings', { token: owner.token })).body.lowStockThreshold === 15 ? true : null),
    () => undefined,
  );
  await tap('库存不足');
  await current(page).locator('.merchant-stock__card').filter({ hasText: '尺码：S' }).first().waitFor({ state: 'visible' });
  const lowTexts = await current(page).locator('.merchant-stock__card').allInnerTexts();
  expect(lowTexts.filter((x) => x.includes('尺码：S'))).toHaveLength(2);
  // 设为 100 (盘点), then 增减 -5, on the white S
  const card = current(page).locator('.merchant-stock__card').filter({ hasText: '颜色：白色 尺码：S' }).first();
  await card.getByText('设为', { exact: true }).click();
  await card.locator('.merchant-stock__input input').fill('100');
  await card.getByText('确定', { exact: true }).click({ force: true });
  await card.locator('.merchant-stock__stock').filter({ hasText: /^100$/ }).waitFor({ state: 'visible' });
  await card.getByText('增减', { exact: true }).click();
  await card.locator('.merchant-stock__input input').fill('-5');
  await card.getByText('确定', { exact: true }).click({ force: true });
  await card.locator('.merchant-stock__stock').filter({ hasText: /^95$/ }).waitFor({ state: 'visible' });
  await card.getByText('记录', { exact: true }).click();
  await card.locator('.merchant-stock__history-row').nth(2).waitFor({ state: 'visible' });
  const history = (await card.locator('.merchant-stock__history-row').allInnerTexts()).map((x) => x.replace(/\s+/g, ' ').trim());
  expect(history[0]).toMatch(/^增减 -5 结余 95 减少库存/);
  expect(history[1]).toMatch(/^盘点 \+88 结余 100 盘点/);
  expect(history[2]).toMatch(/^初始库存 \+12 结余 12/);
  await card.scrollIntoViewIfNeeded();
  await shot('stock-set-adjust-history');
  const whiteS = (await t.request('GET', `/merchant/products/${created.id}`, { token: owner.token })).body.skus.find(
    (s: any) => s.specValues.join('/') === '白色/S',
  );
  expect(whiteS.stock).toBe(95);

  // --- 3. orders: three buyers order (one pays); the merchant searches by consignee and exports CSV
  const shopId: number = settings.shopId;
  const buyers = [await register('alice'), await register('bob'), await register('carol')];
  const address = { phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号' };
  const skuOf = (spec: string) => created.skus.find((s: any) => s.specValues.join('/') === spec).id;
  const orders: any[] = [];
  for (const [i, [name, remark, spec]] of (
    [
      ['李雷', '请周末送达', '白色/M'],
      ['韩梅梅', '', '黑色/L'],
      ['王芳', '送人的，不要放发票', '白色/L'],
    ] as const
  ).entries()) {
    const res = await t.request('POST', '/orders', {
      token: buyers[i]!.token,
      body: { shopId, items: [{ skuId: skuOf(spec), quantity: i + 1 }], address: { ...address, name }, remark, idempotencyKey: `merchant-admin-${i}` },
    });
    expect(res.status).toBe(201);
    orders.push(res.body.orders[0]);
  }
  const paid = orders[0];
  expect((await t.request('POST', `/orders/${paid.id}/pay`, { token: buyers[0]!.token })).status).toBe(200);
  expect((await t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: paid.outTradeNo, result: 'SUCCESS' })).status).toBeLessThan(300);
  await expectApi(
    async () => ((await t.request('GET', `/orders/${paid.id}`, { token: buyers[0]!.token })).body.status === 'paid' ? true : null),
    () => undefined,
  );

  await go('/pkg-merchant/orders/index');
  await seeText('导出 CSV');
  await current(page).locator('.merchant-order').nth(2).waitFor({ state: 'visible' });
  expect(await pageText()).toContain('买家备注：送人的，不要放发票');
  await shot('orders-list');
  await fillNth('订单号 / 收货人 / 手机号 / 备注', '韩梅梅');
  await tap('搜索');
  await expectApi(
    async () => ((await current(page).locator('.merchant-order').count()) === 1 ? true : null),
    () => undefined,
  );
  expect(await pageText()).toContain(orders[1].outTradeNo);
  await shot('orders-search');
  const download = page.waitForEvent('download', { timeout: T });
  await tap('导出 CSV');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^订单-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync(await file.path());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = csv.subarray(3).toString('utf8').trim().split('\r\n');
  expect(rows[0]).toMatch(/^订单号,下单时间,付款时间,状态,商品,件数,商品金额/);
  expect(rows).toHaveLength(2); // the search applies to the export
  expect(rows[1]).toContain('韩梅梅');
  expect(rows[1]).toContain('新疆长绒棉短袖T恤（新款）（黑色/L） ×2');

  // --- 4. settlement: the T+1 batch for today, then the statement list and its detail
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const nextMorning = new Date(Date.parse(`${today}T10:30:00+08:00`) + 86_400_000);
  expect((await t.control('POST', '/__sandbox__/clock', { set: nextMorning.toISOString() })).status).toBe(200);
  const run = await t.api.app.get(SettlementRunner).run(today, 'merchant-admin', nextMorning);
  expect(run.outcome).toBe('ran');
  await go('/pkg-merchant/settlements/index');
  await seeText(`结算日 ${today}`);
  expect(await pageText()).toContain('销售额 ¥69.00');
  await shot('settlements-list');
  await tap('详情 ›');
  await seeText('账目来源');
  const detail = await pageText();
  expect(detail).toContain(`结算日 ${today}`);
  expect(detail).toContain('销售额 ¥69.00');
  expect(detail).toMatch(/分销佣金 -?¥\d+\.\d\d/);
  expect(detail).not.toContain('明细合计与应结金额不一致');
  const statement = (await t.request('GET', `/merchant/settlements/${today}`, { token: owner.token })).body;
  expect(detail).toContain(`应结金额 ¥${(statement.netPayable / 100).toFixed(2)}`);
  await shot('settlement-detail');
}
