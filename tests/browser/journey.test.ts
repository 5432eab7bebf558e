/**
 * The domain brief's story, walked through the mini program's H5 build in Chromium (playwright-core
 * driving Debian's /usr/bin/chromium), against the real API (isolated database, seeded like `pnpm start`) and the
 * WeChat sandbox, every role played through the product (the sandbox's personas for the seeded merchant and
 * the platform operator, no database writes):
 *
 *   the 商家 persona lands in the demo merchant's dashboard → a new user applies as a merchant (商家入驻), the
 *   平台运营 persona rejects it with a reason in pkg-admin, the applicant applies again and is approved → the 商家
 *   persona invites 山野茶行's owner as staff, who accepts and switches between the two merchants → the merchant publishes a product in the admin pages, edits it (uploaded image, a SKU added then disabled,
 *   off and on the shelf) and checks the platform's commission rules → Alice opens her shop from the merchant's shop →
 *   Bob arrives through Alice's link and opens his shop in one tap, makes a share poster for the product (canvas
 *   with the 小程序码 from the API) and saves it → Carol buys in Bob's shop, cancels and then fails a payment in the
 *   sandbox cashier (the order page says so), then pays → the merchant's dashboard counts the sale → Bob and Alice
 *   see their pending commission, Bob his shop's orders → the merchant ships with the in-page form, Carol confirms (order timeline) →
 *   after the after-sale window Bob withdraws → the merchant sees the T+1 settlement statement.
 *
 * Setup that is not UI (platform settings, merchant rates, nicknames) goes through the HTTP API as the person
 * who would do it; time travel (the after-sale window, the settlement batch) through the API's own services.
 *
 * Ports are fixed because the H5 build bakes the API and sandbox URLs in: the test builds its own copy into
 * apps/miniprogram/dist-journey/h5 when missing or older than the sources (~50 s), then reuses it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CommissionReleaseService } from '../../apps/api/src/commission/commission-release.service.js';
import { PlatformSettingsService } from '../../apps/api/src/platform/settings.service.js';
import { SettlementRunner } from '../../apps/api/src/settlement/batch.runner.js';
import { EventsService } from '../../apps/api/src/events/events.service.js';
import type { TestApi } from '../../apps/api/test/harness.js';
import { startBrowserStack, type BrowserStack } from '../support/browser-stack.js';

const API_PORT = 17000;
const SANDBOX_PORT = 17100; // baked into the H5 build; the sandbox's control API answers CORS itself
const WEB_PORT = 17200;
const API_BASE = `http://127.0.0.1:${API_PORT}/api/v1`;
const WEB = `http://127.0.0.1:${WEB_PORT}`;

const repo = path.resolve(new URL('.', import.meta.url).pathname, '../..');
const shotsDir = path.join(repo, 'tests/browser/screenshots');

const STORY_TIMEOUT = 600_000;

// ------------------------------------------------------------------ browser helpers

const T = 15_000; // every wait is bounded

async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: T }).catch(() => undefined);
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), undefined, {
      timeout: 5_000,
    })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

const shots: string[] = [];
async function shot(page: Page, name: string) {
  await settle(page);
  // a toast ("已保存") would hide what the page shows
  // (the wrapper has no box of its own, so ask its style rather than Playwright's visibility)
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
  const file = path.join(shotsDir, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  shots.push(path.basename(file));
}

/** The page currently shown (Taro H5 keeps earlier pages in the DOM, hidden). */
const current = (page: Page) => page.locator('.taro_page.taro_page_show, .taro_page_shown').last();

async function seeText(page: Page, text: string | RegExp, timeout = T) {
  await current(page).getByText(text).first().waitFor({ state: 'visible', timeout });
}

async function pageText(page: Page): Promise<string> {
  // <Price> renders ¥, the integer part and the decimals as separate elements: join them back
  return (await current(page).innerText({ timeout: T })).replace(/\s+/g, ' ').replace(/(-?¥) ?(\d+) ?\.(\d\d)/g, '$1$2.$3');
}

async function tap(page: Page, text: string | RegExp) {
  const target = current(page)
    .getByText(text, { exact: typeof text === 'string' })
    .last();
  await target.waitFor({ state: 'visible', timeout: T });
  await target.click({ timeout: T, force: true }); // NutUI buttons' inner views sit under the button's own hit area
}

/**
 * Taps the chip reading `text` until it is the active one: a forced tap during a layout shift (the form still
 * settling) can land on its neighbour in the wrapping row, as a CI run once saw (粮油 chosen for 茶饮).
 */
async function chooseChip(page: Page, chipSelector: string, text: string) {
  const active = current(page).locator(`${chipSelector}.is-active`);
  for (let attempt = 1; ; attempt++) {
    await tap(page, text);
    if ((await active.count()) === 1 && (await active.innerText()).trim() === text) return;
    if (attempt === 3) throw new Error(`chip ${text} is not active after ${attempt} taps (active: ${await active.allInnerTexts()})`);
    await page.waitForTimeout(200);
  }
}

/**
 * Taps `label` and hands `file` to the file chooser it opens. A tap that lands while the page is still
 * re-rendering (e.g. the form filling in after its data arrived) opens nothing, so the tap is repeated, up to
 * three times; chooseMedia reuses its one hidden input, so a repeated tap cannot pick twice.
 */
async function chooseFile(page: Page, label: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 5_000 }).catch(() => null);
    await tap(page, label);
    const opened = await chooser;
    if (opened) return opened.setFiles(file);
    if (attempt === 3) throw new Error(`tapping ${label} opened no file chooser (3 tries)`);
  }
}

async function go(page: Page, route: string) {
  await page.goto(`${WEB}/#${route}`, { timeout: T });
  await settle(page);
}

/**
 * Answers an action sheet: the H5 login picker (the sandbox personas, then 其他测试用户 for a second sheet of
 * ordinary test users) or any other sheet (the merchant switcher).
 */
async function pickUser(page: Page, name: string) {
  const cells = page.locator('.taro-actionsheet__cell, .taro-actionsheet__item');
  const item = cells.getByText(name, { exact: true });
  const other = cells.getByText('其他测试用户', { exact: true });
  await item.or(other).first().waitFor({ state: 'visible', timeout: T });
  if ((await item.count()) === 0 && (await other.count()) > 0) {
    await other.first().click();
    await other.first().waitFor({ state: 'hidden', timeout: T });
  }
  await item.first().waitFor({ state: 'visible', timeout: T });
  await item.first().click();
  // the sheet slides away; a tap during that would land on its mask
  await item.first().waitFor({ state: 'hidden', timeout: T });
  await settle(page);
}

async function fill(page: Page, placeholder: string, value: string, which: 'first' | 'last' = 'first') {
  const input = current(page).locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`)[which]();
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(value);
}

/** A real PNG (solid colour with a lighter band) for the upload step; CRC-32 by hand (zlib.crc32 is Node 22+). */
function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
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
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const band = y > height * 0.4 && y < height * 0.6;
    for (let x = 0; x < width; x++) rows.set(band ? [255, 244, 214] : [r, g, b], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------ the story

let t: TestApi;
let browser: Browser;
let stack: BrowserStack | undefined;
const contexts: BrowserContext[] = [];
/** The sandbox's personas (GET /__sandbox__/personas): who plays the platform operator and the seeded merchant. */
let personas: Array<{ key: string; nickname: string; role: string; openid: string }>;
const persona = (role: string) => personas.find((p) => p.role === role)!;

/** Signs a sandbox test user (or persona) in through the API, to give them a display name or act over HTTP. */
async function register(name: string, nickname: string): Promise<{ id: number; token: string; openid: string }> {
  const { code, openid } = (await t.control('POST', `/__sandbox__/users/${name}/login-code`)).body;
  const login = await t.request('POST', '/auth/wechat/login', { body: { code } });
  if (login.status !== 200) throw new Error(`login ${name}: ${JSON.stringify(login.body)}`);
  const named = await t.request('PATCH', '/auth/me', { token: login.body.token, body: { nickname } });
  if (named.status !== 200) throw new Error(`rename ${name}: ${JSON.stringify(named.body)}`);
  return { id: login.body.user.id, token: login.body.token, openid };
}

async function newPage(): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.setDefaultTimeout(T);
  return page;
}

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  // only this suite's own shots (numbered) and failure shots: the other browser suites share the folder
  for (const f of fs.readdirSync(shotsDir)) if (/^(\d\d-.*|failure-.*)\.png$/.test(f)) fs.rmSync(path.join(shotsDir, f));
  // its own build folder (git-ignored like dist/): the build smoke test rebuilds dist/h5 with default ports
  stack = await startBrowserStack({ apiPort: API_PORT, sandboxPort: SANDBOX_PORT, webPort: WEB_PORT, outDir: 'dist-journey/h5' });
  ({ api: t, browser } = stack);
  personas = (await t.control('GET', '/__sandbox__/personas')).body;
}, STORY_TIMEOUT);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await stack?.close();

  console.log(`screenshots (${shots.length}) in tests/browser/screenshots: ${shots.join(', ')}`);
}, STORY_TIMEOUT);

const PRODUCT = {
  title: '云南古树普洱茶饼',
  subtitle: '357克 · 2019年春茶',
  spec: '357克饼',
  price: '128.00',
  fen: 12_800,
  description: '勐海古树春茶，石磨压制，干仓存放',
};
const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

test(
  'the story: list → open shop → share → open shop → buy → commission → ship → receive → withdraw → settle',
  async () => {
    try {
      await story();
    } catch (error) {
      // leave evidence: a screenshot and the DOM of every open page
      for (const [i, ctx] of contexts.entries()) {
        for (const [j, p] of ctx.pages().entries()) {
          await p.screenshot({ path: path.join(shotsDir, `failure-${i}-${j}.png`) }).catch(() => undefined);
          fs.writeFileSync(path.join(os.tmpdir(), `journey-failure-${i}-${j}.html`), await p.content().catch(() => ''));
        }
      }
      throw error;
    }
  },
  STORY_TIMEOUT,
);

async function story() {
  // --- setup as the 平台运营 persona over HTTP: the platform allows 2 levels (acknowledged)
  const ops = await register(persona('admin').key, persona('admin').nickname);
  const levels = await t.request('PUT', '/admin/settings', { token: ops.token, body: { commissionLevels: 2, acknowledgeMultiLevelRisk: true } });
  expect(levels.status).toBe(200);
  t.api.app.get(PlatformSettingsService).invalidate();
  const merchantUser = await register('merchant', '山野茶行');
  await register('alice', 'Alice');
  await register('bob', 'Bob');
  await register('carol', 'Carol');

  // --- 0. a newcomer signs in as the 商家 persona: the login picker lists the personas first, and the
  // persona lands in the seeded demo merchant's dashboard
  const owner = await newPage();
  await go(owner, '/pages/mine/index');
  await tap(owner, '微信登录');
  const sheet = owner.locator('.taro-actionsheet__cell, .taro-actionsheet__item');
  await sheet.getByText('顾客', { exact: true }).first().waitFor({ state: 'visible', timeout: T });
  expect(
    (await sheet.allInnerTexts())
      .map((x) => x.trim())
      .filter(Boolean)
      .slice(0, 5),
  ).toEqual(['顾客', '店主', '商家', '平台运营', '其他测试用户']);
  await shot(owner, 'login-personas');
  await pickUser(owner, persona('merchant').nickname);
  await seeText(owner, '今日成交');
  expect(await pageText(owner)).toContain('分享小店官方旗舰店');
  expect(owner.url()).toContain('/pkg-merchant/dashboard/index');
  await shot(owner, 'persona-merchant-dashboard');

  // --- 1. a new user applies as a merchant in the mini program (商家入驻)
  const merchant = await newPage();
  await go(merchant, '/pages/mine/index');
  await tap(merchant, '微信登录');
  await pickUser(merchant, 'merchant');
  await seeText(merchant, '山野茶行');
  await tap(merchant, '商家入驻');
  await seeText(merchant, '成为分享小店商家');
  await fill(merchant, '如：山野茶行', '山野茶行');
  await chooseChip(merchant, '.merchant-apply__chip', '茶饮');
  await fill(merchant, '负责人姓名', '李青');
  await fill(merchant, '用于审核联系', '13912345678');
  await chooseFile(merchant, '上传营业执照', { name: 'licence.png', mimeType: 'image/png', buffer: png(640, 440, [66, 120, 200]) });
  await current(merchant).locator('.merchant-apply__licence-image').waitFor({ state: 'visible', timeout: T });
  await shot(merchant, 'merchant-apply');
  await tap(merchant, '提交申请');
  await seeText(merchant, '审核中');
  expect(await pageText(merchant)).toMatch(/店铺名称 山野茶行 经营类目 茶饮 联系人 李青 手机号 13912345678 结算方式 人工打款 营业执照 已上传/);
  await shot(merchant, 'merchant-application-pending');

  // --- 1a. the 平台运营 persona reviews it in pkg-admin: rejected with a reason first
  const admin = await newPage();
  await go(admin, '/pages/mine/index');
  await tap(admin, '微信登录');
  await pickUser(admin, persona('admin').nickname);
  await seeText(admin, '山野茶行');
  expect(admin.url()).toContain('/pkg-admin/merchants/index');
  const application = await pageText(admin);
  expect(application).toContain('经营类目：茶饮');
  expect(application).toContain('联系人：李青 13912345678');
  await shot(admin, 'admin-merchants');
  const REASON = '营业执照照片不清晰，请重新上传';
  await tap(admin, '驳回');
  await fill(admin, '驳回原因（必填，申请人可见）', REASON);
  await tap(admin, '确认驳回');
  await seeText(admin, '暂无待审核的入驻申请');

  // the applicant sees why, edits and applies again (the same application goes back to the queue)
  await go(merchant, '/pkg-merchant/application/index');
  await seeText(merchant, '未通过审核');
  expect(await pageText(merchant)).toContain(`驳回原因 ${REASON}`);
  await shot(merchant, 'merchant-application-rejected');
  await tap(merchant, '修改后重新提交');
  await seeText(merchant, '上次申请未通过');
  expect(await current(merchant).locator('input[placeholder="负责人姓名"]').inputValue()).toBe('李青');
  await chooseFile(merchant, '重新上传', { name: 'licence-sharp.png', mimeType: 'image/png', buffer: png(640, 440, [40, 90, 170]) });
  await merchant.waitForTimeout(500);
  await shot(merchant, 'merchant-reapply');
  await tap(merchant, '重新提交申请');
  await seeText(merchant, '审核中');

  // --- 1b. approved in pkg-admin; the applicant is told by a subscribe message and opens the dashboard
  await go(admin, '/pkg-admin/merchants/index');
  await seeText(admin, '山野茶行');
  await tap(admin, '通过');
  await seeText(admin, '暂无待审核的入驻申请');
  await tap(admin, '已通过');
  await seeText(admin, '山野茶行');
  await shot(admin, 'admin-merchants-approved');
  await t.api.app.get(EventsService).kick();
  const reviewMessages = async () => ((await t.control('GET', '/__sandbox__/messages')).body as any[]).filter((m) => m.touser === merchantUser.openid);
  await expectApi(
    async () => ((await reviewMessages()).length >= 2 ? await reviewMessages() : null),
    (messages) => {
      expect(messages.map((m: any) => m.data.phrase2.value)).toEqual(['未通过', '审核通过']);
      expect(messages[0].data.thing3.value).toBe(REASON);
    },
  );
  await go(merchant, '/pkg-merchant/application/index');
  await seeText(merchant, '审核通过');
  await shot(merchant, 'merchant-application-approved');
  await tap(merchant, '进入商家后台');
  await seeText(merchant, '今日成交');
  const merchantSettings = await t.request('GET', '/merchant/settings', { token: merchantUser.token });
  expect(merchantSettings.body).toMatchObject({
    name: '山野茶行',
    status: 'approved',
    category: '茶饮',
    licenceImageUrl: expect.stringMatching(/^\/uploads\/applicants\//),
  });
  const merchantShopId: number = merchantSettings.body.shopId;
  // merchant rates 10% / 3% (the commission page's own save is covered in 1c)
  const rates = await t.request('PATCH', '/merchant/settings', { token: merchantUser.token, body: { commissionL1Bps: 1000, commissionL2Bps: 300 } });
  expect(rates.status).toBe(200);
  await go(merchant, '/pkg-merchant/dashboard/index');
  await seeText(merchant, '今日成交');
  const quiet = await pageText(merchant);
  expect(quiet).toContain('山野茶行');
  expect(quiet).toMatch(/今日成交 ¥0\.00 0 今日订单/);
  expect(quiet).toContain('近 7 日暂无成交');
  // one merchant: no switcher
  expect(await current(merchant).locator('.merchant-switcher').count()).toBe(0);
  await shot(merchant, 'merchant-dashboard');

  // --- 1c. staff join by consent: the 商家 persona invites, 山野茶行's owner accepts the code and now belongs to
  // two merchants; the dashboard's switcher picks which one every /merchant/* call acts for (X-Merchant-Id).
  // From here on the merchant's own HTTP calls name 山野茶行 too (merchantHeaders).
  await go(owner, '/pkg-merchant/staff/index');
  await seeText(owner, '邀请店员');
  await tap(owner, '邀请店员');
  await seeText(owner, '邀请码已生成');
  const code = (await current(owner).locator('.merchant-staff__invite-code').innerText()).trim();
  expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
  expect(await pageText(owner)).toContain(`待接受的邀请（1） ${code}`);
  await shot(owner, 'merchant-staff-invite');

  const merchantIds: Array<string | undefined> = [];
  merchant.on('request', (r) => {
    if (r.url().startsWith(`${API_BASE}/merchant/`)) merchantIds.push(r.headers()['x-merchant-id']);
  });
  await go(merchant, '/pages/mine/index');
  await tap(merchant, '加入商家团队');
  await fill(merchant, '8 位邀请码', code.toLowerCase());
  await tap(merchant, '查看邀请');
  await seeText(merchant, '分享小店官方旗舰店');
  await shot(merchant, 'merchant-join');
  await tap(merchant, '接受邀请');
  await current(merchant).locator('.merchant-switcher').waitFor({ state: 'visible', timeout: T });
  await seeText(merchant, '今日成交');
  const demoMerchantId: number = (await t.request('GET', '/merchants/mine', { token: merchantUser.token })).body.items.find(
    (m: any) => m.role === 'staff',
  ).merchantId;
  expect((await pageText(merchant)).replace(/\s+/g, ' ')).toMatch(/当前商家 分享小店官方旗舰店 店员 切换 ›/);
  await shot(merchant, 'merchant-switcher');
  // switch back to 山野茶行 (the rest of the story works in it); every merchant call named the merchant it meant
  await tap(merchant, '切换 ›');
  await pickUser(merchant, '山野茶行（主账号）');
  await seeText(merchant, '主账号');
  const own = await pageText(merchant);
  expect(own).toMatch(/当前商家 山野茶行 主账号/);
  expect(own).toContain('近 7 日暂无成交');
  expect(merchantIds.length).toBeGreaterThan(5);
  expect(merchantIds.every((id) => id !== undefined)).toBe(true);
  expect(new Set(merchantIds)).toEqual(new Set([String(demoMerchantId), String(merchantSettings.body.id)]));
  // the owner sees the new member in the staff list
  await go(owner, '/pkg-merchant/staff/index');
  await seeText(owner, '成员（2）');
  expect(await pageText(owner)).toMatch(/山野茶行 \S+ \S+ 加入 店员 移除/);
  await shot(owner, 'merchant-staff');
  await tap(merchant, '发布商品');
  await fill(merchant, '最多 60 字', PRODUCT.title);
  await fill(merchant, '选填', PRODUCT.subtitle);
  // the main image is required to publish: the photo goes up first, through the file chooser
  await chooseFile(merchant, '上传图片', { name: 'puer.png', mimeType: 'image/png', buffer: png(480, 480, [139, 69, 19]) });
  await current(merchant).locator('.image-uploader__item').first().waitFor({ state: 'visible', timeout: T });
  // one spec dimension with one value: one SKU row
  await tap(merchant, /添加规格（如 颜色、尺码/);
  await fill(merchant, '规格名，如 颜色', '规格');
  await fill(merchant, '添加规格值', PRODUCT.spec);
  await current(merchant).locator('.spec-editor__dim').nth(0).getByText('添加', { exact: true }).click();
  const skuRows = current(merchant).locator('.sku-table__row');
  await skuRows.first().waitFor({ state: 'visible', timeout: T });
  await skuRows.first().locator('.sku-table__price input').fill(PRODUCT.price);
  await skuRows.first().locator('.sku-table__stock input').fill('50');
  expect((await skuRows.first().locator('.sku-table__label').innerText()).trim()).toBe(PRODUCT.spec);
  await shot(merchant, 'merchant-product-edit');
  await current(merchant).locator('.merchant-edit__save').click();
  await seeText(merchant, PRODUCT.title);
  expect(await pageText(merchant)).toMatch(/库存 50/);
  expect(await pageText(merchant)).toContain('¥128.00');
  await shot(merchant, 'merchant-products');
  const merchantHeaders = { token: merchantUser.token, headers: { 'x-merchant-id': String(merchantSettings.body.id) } };
  const productId: number = (await t.request('GET', '/merchant/products', merchantHeaders)).body.items[0].id;

  // --- 1b. the merchant edits it: writes the details, adds a SKU (a new spec value), then disables it again
  await tap(merchant, '编辑');
  await seeText(merchant, '保存修改');
  await fill(merchant, '选填，如产地、规格、保存方式', PRODUCT.description);
  // the new row must be on the page before filling it: on a busy machine the next fill could otherwise land in
  // the existing row (then the save has one SKU and the probe below never matches)
  await fill(merchant, '添加规格值', '100克小饼');
  await current(merchant).locator('.spec-editor__dim').nth(0).getByText('添加', { exact: true }).click();
  const newRow = current(merchant).locator('.sku-table__row.is-new').first();
  await newRow.waitFor({ state: 'visible', timeout: T });
  await newRow.locator('.sku-table__price input').fill('39.90');
  await newRow.locator('.sku-table__stock input').fill('20');
  await current(merchant).locator('.merchant-edit__save').click();
  const merchantProduct = async () => (await t.request('GET', `/merchant/products/${productId}`, merchantHeaders)).body;
  await expectApi(
    async () => {
      const p = await merchantProduct();
      return p.skus.length === 2 && p.description === PRODUCT.description ? p : null;
    },
    (p) => {
      expect(p.images).toHaveLength(1);
      expect(p.images[0]).toMatch(/^\/uploads\/\d+\/[0-9a-f]{32}\.png$/);
      expect(p.skus.map((k: any) => [k.specValues[0], k.price, k.stock, k.active])).toEqual([
        [PRODUCT.spec, 12_800, 50, true],
        ['100克小饼', 3990, 20, true],
      ]);
    },
    async () => {
      const p = await merchantProduct();
      return { images: p.images, skus: p.skus?.map((k: any) => [k.specValues?.[0], k.price, k.stock]), description: p.description };
    },
    merchant,
  );
  const photo = (await t.request('GET', `/merchant/products/${productId}`, merchantHeaders)).body.images[0];
  const served = await fetch(`http://127.0.0.1:${API_PORT}${photo}`);
  expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
  // the saved form shows both SKUs as existing ones (with their stock) and the uploaded photo
  const skuStock = (i: number) => current(merchant).locator('.sku-table__row').nth(i).locator('.sku-table__stock-text');
  await skuStock(1).filter({ hasText: /^20$/ }).waitFor({ state: 'visible', timeout: T });
  expect(await skuStock(0).innerText()).toBe('50');
  await current(merchant).evaluate((el) => el.closest('.taro_page')?.scrollTo?.(0, 0));
  await merchant.evaluate(() => window.scrollTo(0, 0));
  expect(await current(merchant).locator('.image-uploader__item img, .image-uploader__item .taro-img__mode-aspectfill').count()).toBeGreaterThan(0);
  await shot(merchant, 'merchant-product-edited');
  // disable the new SKU; take the product off the shelf and back, each a save
  await current(merchant).locator('.sku-table__row').nth(1).locator('.sku-table__active').click();
  await current(merchant).locator('.merchant-edit__save').click();
  await expectApi(
    async () => {
      const p = (await t.request('GET', `/merchant/products/${productId}`, merchantHeaders)).body;
      return p.skus[1].active === false ? p : null;
    },
    (p) => expect(p.priceFrom).toBe(12_800),
  );
  await current(merchant).locator('.merchant-edit__on-sale').click();
  await current(merchant).locator('.merchant-edit__save').click();
  await expectApi(
    async () => ((await t.request('GET', `/products/${productId}`)).status === 404 ? true : null),
    () => undefined,
  );
  await current(merchant).locator('.merchant-edit__on-sale').click();
  await current(merchant).locator('.merchant-edit__save').click();
  await expectApi(
    async () => ((await t.request('GET', `/products/${productId}`)).status === 200 ? true : null),
    () => undefined,
  );
  await go(merchant, '/pkg-merchant/products/index');
  await seeText(merchant, '启用 1/2 个规格');

  // --- 1c. the commission page shows the platform's rules in force (2 levels acknowledged, 30% cap)
  await go(merchant, '/pkg-merchant/commission/index');
  await seeText(merchant, '平台规则');
  const rules = await pageText(merchant);
  expect(rules).toContain('分佣层级 2 级');
  expect(rules).toContain('佣金合计上限 30%');
  expect(rules).toContain('二级佣金');
  expect(rules).not.toContain('三级佣金');
  // L1 28% + L2 3% = 31%: over the cap, refused before saving
  await current(merchant).locator('.merchant-commission__rate--1 input').first().fill('28');
  await seeText(merchant, /合计 31% 超过平台上限 30%/);
  await shot(merchant, 'merchant-commission');
  await current(merchant).locator('.merchant-commission__rate--1 input').first().fill('10');

  // --- 2. Alice visits the merchant's shop and opens her own ("我也要开店")
  const alice = await newPage();
  await go(alice, `/pages/shop/index?shopId=${merchantShopId}`);
  await seeText(alice, PRODUCT.title);
  expect(await pageText(alice)).toContain('¥128.00');
  await shot(alice, 'merchant-shop');
  await tap(alice, '我也要开店');
  await seeText(alice, '一键开店');
  await shot(alice, 'open-shop');
  await tap(alice, '免费开店');
  await pickUser(alice, 'alice');
  await seeText(alice, 'Alice的小店');
  await seeText(alice, PRODUCT.title);
  await shot(alice, 'alice-shop');
  const aliceShop = (await t.request('GET', '/shops/mine', { token: (await register('alice', 'Alice')).token })).body;

  // --- 3. Bob opens Alice's share link and opens his shop in one tap
  const bob = await newPage();
  await go(bob, `/pages/shop/index?shopId=${aliceShop.id}&ref=${aliceShop.referralCode}`);
  await seeText(bob, 'Alice的小店');
  expect(await pageText(bob)).toContain('店主 Alice');
  await tap(bob, '我也要开店');
  await tap(bob, '免费开店');
  await pickUser(bob, 'bob');
  await seeText(bob, 'Bob的小店');
  await shot(bob, 'bob-shop');
  const bobLogin = await register('bob', 'Bob');
  const bobShop = (await t.request('GET', '/shops/mine', { token: bobLogin.token })).body;
  const bobMe = (await t.request('GET', '/auth/me', { token: bobLogin.token })).body;
  expect(bobMe.uplineUserId).toBe((await t.request('GET', '/auth/me', { token: (await register('alice', 'Alice')).token })).body.id);

  // --- 3b. Bob makes a share poster for the product: drawn on a canvas with the 小程序码 from the API, then saved
  const codeResponses: { status: number; type: string | undefined }[] = [];
  bob.on('response', (r) => {
    if (r.url() === `${API_BASE}/shops/mine/code` && r.request().method() === 'GET')
      codeResponses.push({ status: r.status(), type: r.headers()['content-type'] });
  });
  await tap(bob, PRODUCT.title);
  await seeText(bob, '分享海报');
  await tap(bob, '分享海报');
  const posterCanvas = current(bob).locator('.poster-page__canvas canvas');
  await posterCanvas.waitFor({ state: 'attached', timeout: T });
  await current(bob).locator('.poster-page__overlay').waitFor({ state: 'detached', timeout: 30_000 });
  expect(codeResponses).toEqual([{ status: 200, type: 'image/png' }]);
  const pixels = await posterCanvas.evaluate((c: HTMLCanvasElement) => {
    const { width, height } = c;
    const data = c.getContext('2d')!.getImageData(0, 0, width, height).data;
    const near = (i: number, [r, g, b]: number[], tol: number) =>
      Math.abs(data[i]! - r!) <= tol && Math.abs(data[i + 1]! - g!) <= tol && Math.abs(data[i + 2]! - b!) <= tol;
    // share of sampled pixels (every 4th in both directions) of a region matching `test`
    const share = (x0: number, y0: number, x1: number, y1: number, test: (i: number) => boolean) => {
      let hit = 0;
      let all = 0;
      for (let y = Math.floor(y0 * height); y < y1 * height; y += 4) {
        for (let x = Math.floor(x0 * width); x < x1 * width; x += 4) {
          all++;
          if (test((y * width + x) * 4)) hit++;
        }
      }
      return hit / all;
    };
    const dark = (i: number) => data[i]! < 90 && data[i + 1]! < 90 && data[i + 2]! < 90 && data[i + 3]! > 200;
    return {
      width,
      height,
      transparent: share(0, 0, 1, 1, (i) => data[i + 3]! < 255),
      // the uploaded photo: brown (139, 69, 19) with a cream band
      photo: share(0, 0, 1, 1, (i) => near(i, [139, 69, 19], 16)),
      // the price in the primary colour (#fa2c19)
      red: share(0, 0.55, 1, 0.8, (i) => near(i, [250, 44, 25], 40)),
      // the 小程序码 in the bottom-right corner: QR modules, dark on light
      code: share(0.66, 0.82, 0.94, 0.97, dark),
    };
  });
  expect([pixels.width, pixels.height]).toEqual([1200, 2120]); // 600 × 1060 poster units at 2×
  expect(pixels.transparent).toBe(0);
  expect(pixels.photo).toBeGreaterThan(0.2);
  expect(pixels.red).toBeGreaterThan(0.001);
  expect(pixels.code).toBeGreaterThan(0.2);
  expect(pixels.code).toBeLessThan(0.8);
  await shot(bob, 'bob-poster');
  // saving: a download of the drawn PNG in the browser (the album in WeChat)
  const download = bob.waitForEvent('download', { timeout: T });
  await tap(bob, '保存到相册');
  const saved = await download;
  expect(saved.suggestedFilename()).toBe(`shareshop-poster-${bobShop.id}-${productId}.png`);
  const savedPng = fs.readFileSync((await saved.path())!);
  expect(savedPng.subarray(1, 4).toString('latin1')).toBe('PNG');
  expect([savedPng.readUInt32BE(16), savedPng.readUInt32BE(20)]).toEqual([1200, 2120]);

  // --- 4. Carol buys in Bob's shop and pays in the sandbox cashier
  const carol = await newPage();
  await go(carol, `/pages/shop/index?shopId=${bobShop.id}&ref=${bobShop.referralCode}`);
  await seeText(carol, 'Bob的小店');
  await tap(carol, PRODUCT.title);
  await seeText(carol, '立即购买');
  expect(await pageText(carol)).toContain(PRODUCT.subtitle);
  await shot(carol, 'product-detail');
  await current(carol).locator('.nut-button', { hasText: '立即购买' }).last().click();
  await carol.locator('.ss-sku__confirm').last().click();
  await seeText(carol, '提交订单');
  await fill(carol, '姓名', 'Carol');
  await fill(carol, '11 位手机号', '13800138000');
  await fill(carol, '如：广东省', '广东省');
  await fill(carol, '如：深圳市', '深圳市');
  await fill(carol, '如：南山区', '南山区');
  await fill(carol, '街道、门牌号', '科技园 1 号');
  const checkoutText = await pageText(carol);
  expect(checkoutText).toContain('¥128.00');
  for (const label of ['收货人', '手机号', '省份', '城市', '区县', '详细地址', '备注']) await seeText(carol, label);
  await shot(carol, 'checkout');
  await tap(carol, '提交订单');
  await pickUser(carol, 'carol');
  await carol.waitForURL(/\/cashier\?/, { timeout: T });
  await carol.getByText('确认支付').waitFor({ timeout: T });
  expect((await carol.locator('body').innerText()).replace(/\s+/g, ' ')).toContain('128.00');
  await shot(carol, 'sandbox-cashier');
  // cancelled in the cashier: back on the order page (result in the hash route's query), told so, still payable
  await carol.getByText('取消', { exact: true }).click();
  await carol.waitForURL(/#\/pkg-order\/detail\/index\?.*result=cancel/, { timeout: T });
  await seeText(carol, '支付已取消');
  const cancelledText = await pageText(carol);
  expect(cancelledText).toContain('待付款');
  expect(cancelledText).not.toContain('确认中');
  await shot(carol, 'order-pay-cancelled');
  // a failed payment says so too
  await tap(carol, '去支付');
  await carol.waitForURL(/\/cashier\?/, { timeout: T });
  await carol.getByText('模拟支付失败').click();
  await carol.waitForURL(/#\/pkg-order\/detail\/index\?.*result=fail/, { timeout: T });
  await seeText(carol, '支付失败');
  expect(await pageText(carol)).toContain('待付款');
  // and the third attempt pays
  await tap(carol, '去支付');
  await carol.waitForURL(/\/cashier\?/, { timeout: T });
  await carol.getByText('确认支付').click();
  await carol.waitForURL(/#\/pkg-order\/detail\/index\?.*result=success/, { timeout: T });
  await seeText(carol, '待发货', 30_000);
  const paidText = await pageText(carol);
  expect(paidText).toContain(PRODUCT.title);
  expect(paidText).toContain('山野茶行');
  expect(paidText).toContain('¥128.00');
  // the timeline: placed, then paid (newest first)
  expect(paidText).toMatch(/订单进度 支付成功 实付 ¥128\.00 \S+ \S+ 提交订单/);
  await shot(carol, 'order-paid');

  // --- 4b. the merchant's dashboard counts the paid order: today's orders and sales, and today's bar
  const summary = (await t.request('GET', '/merchant/orders/summary', merchantHeaders)).body;
  expect(summary.days).toHaveLength(7);
  expect(summary.days[6]).toEqual({ day: summary.today, orders: 1, paidTotal: 12_800, refundedTotal: 0 });
  expect(summary.days.slice(0, 6).every((d: any) => d.orders === 0)).toBe(true);
  await go(merchant, '/pkg-merchant/dashboard/index');
  await seeText(merchant, '今日成交');
  const busy = await pageText(merchant);
  expect(busy).toMatch(/今日成交 ¥128\.00 1 今日订单 1 待发货/);
  expect(busy).toMatch(/近 7 日成交 1 单 · 合计 ¥128\.00/);
  expect(busy).not.toContain('暂无成交');
  const todayBar = current(merchant).locator('.merchant-chart__col--today');
  expect(await todayBar.locator('.merchant-chart__label').innerText()).toBe('今天');
  expect(await todayBar.locator('.merchant-chart__amount').innerText()).toBe('128');
  const barHeights = await current(merchant)
    .locator('.merchant-chart__bar')
    .evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().height));
  expect(barHeights).toHaveLength(7);
  expect(barHeights[6]).toBeGreaterThan(50);
  expect(barHeights.slice(0, 6).every((h) => h === 0)).toBe(true);
  await shot(merchant, 'merchant-dashboard-sales');

  // --- 5. Bob (level 1, 10%) and Alice (level 2, 3%) see their pending commission
  await t.api.app.get(EventsService).kick();
  const l1 = 12_800 * 0.1;
  const l2 = 12_800 * 0.03;
  await go(bob, '/pages/mine/index');
  await tap(bob, '分销中心');
  await seeText(bob, '待结算');
  await expectEventually(bob, yuan(l1));
  await shot(bob, 'bob-center-pending');
  // the orders placed through Bob's shop: Carol's, buyer masked, with Bob's commission and its state
  await tap(bob, '店铺订单');
  await seeText(bob, PRODUCT.title);
  const shopOrders = await pageText(bob);
  expect(shopOrders).toContain('共 1 单');
  expect(shopOrders).toContain('买家 C***l');
  expect(shopOrders).not.toContain('Carol');
  expect(shopOrders).toContain('实付 ¥128.00');
  expect(shopOrders).toContain(`我的佣金 ${yuan(l1)} 待结算`);
  await shot(bob, 'bob-shop-orders');
  await go(alice, '/pages/mine/index');
  await tap(alice, '分销中心');
  await expectEventually(alice, yuan(l2));
  await shot(alice, 'alice-center-pending');

  // --- 6. the merchant ships, Carol confirms receipt
  await go(merchant, '/pkg-merchant/orders/index');
  await seeText(merchant, PRODUCT.title);
  await tap(merchant, '发货');
  await tap(merchant, '确认发货'); // nothing chosen yet: refused in the page, nothing sent
  await merchant.waitForTimeout(1800); // the toast saying so, gone
  expect((await t.request('GET', '/merchant/orders?status=paid', merchantHeaders)).body.total).toBe(1);
  await tap(merchant, '顺丰速运');
  await fill(merchant, '运单号', 'SF1234567890');
  await shot(merchant, 'merchant-ship-form');
  await tap(merchant, '确认发货');
  await seeText(merchant, /物流 顺丰速运 SF1234567890/);
  await shot(merchant, 'merchant-order-shipped');
  await go(carol, '/pkg-order/list/index');
  await seeText(carol, PRODUCT.title);
  await tap(carol, PRODUCT.title);
  await seeText(carol, '确认收货');
  expect(await pageText(carol)).toContain('顺丰速运 SF1234567890');
  await tap(carol, '确认收货');
  await confirmModal(carol);
  await seeText(carol, '已收货');
  const receivedText = await pageText(carol);
  expect(receivedText).toMatch(/订单进度 确认收货 \S+ \S+ 商家已发货 物流 顺丰速运 SF1234567890 \S+ \S+ 支付成功/);
  await shot(carol, 'order-received');

  // --- 7. after the after-sale window (7 days) the commission is released; Bob withdraws
  await t.api.app.get(EventsService).kick();
  await t.api.app.get(CommissionReleaseService).releaseDue(new Date(Date.now() + 8 * 86_400_000));
  await go(bob, '/pkg-distributor/shop-orders/index');
  await expectEventually(bob, `我的佣金 ${yuan(l1)} 可提现`);
  await go(bob, '/pkg-distributor/withdraw/index');
  await seeText(bob, '提现到微信零钱');
  await expectEventually(bob, yuan(l1));
  await seeText(bob, '提现金额（元）');
  await tap(bob, '全部');
  await shot(bob, 'withdraw');
  await current(bob).locator('.withdraw-page__action .nut-button').first().click();
  await confirmModal(bob);
  // the sandbox settles a confirmed transfer a moment later (notify → succeeded)
  await expectEventually(bob, '已到账');
  expect(await pageText(bob)).toContain(`提现记录 ${yuan(l1)}`);
  await shot(bob, 'withdraw-done');

  // --- 8. next morning: the T+1 batch; the merchant sees the statement (sales − commission = net)
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const nextMorning = new Date(Date.parse(`${today}T10:30:00+08:00`) + 86_400_000);
  expect((await t.control('POST', '/__sandbox__/clock', { set: nextMorning.toISOString() })).status).toBe(200);
  const run = await t.api.app.get(SettlementRunner).run(today, 'journey', nextMorning);
  expect(run.outcome).toBe('ran');
  await go(merchant, '/pkg-merchant/settlements/index');
  await seeText(merchant, `结算日 ${today}`);
  const statement = await pageText(merchant);
  expect(statement).toContain('¥128.00');
  expect(statement).toContain(`佣金 -${yuan(l1 + l2)}`);
  expect(statement).toContain(`应结金额 待打款 ${yuan(12_800 - l1 - l2)}`);
  await shot(merchant, 'merchant-settlement');
}

async function confirmModal(page: Page) {
  const ok = page.locator('.taro-model__confirm:visible');
  await ok.first().waitFor({ state: 'visible', timeout: T });
  await ok.first().click();
  await ok.first().waitFor({ state: 'hidden', timeout: T });
}

/**
 * Polls the API until `probe` returns something (a save landed), then checks it. `seen` describes what the
 * API holds instead, for the failure message (the page's last toast is added, if one is showing).
 */
async function expectApi<V>(probe: () => Promise<V | null>, check: (v: V) => void, seen?: () => Promise<unknown>, page?: Page) {
  const deadline = Date.now() + T;
  for (;;) {
    const v = await probe();
    if (v !== null) return check(v);
    if (Date.now() > deadline) {
      const toast = page
        ? await page
            .locator('.taro__toast')
            .last()
            .innerText({ timeout: 1_000 })
            .catch(() => '')
        : '';
      if (page) await page.screenshot({ path: path.join(shotsDir, 'failed-save.png') }).catch(() => undefined);
      throw new Error(`the save never reached the API; it holds ${seen ? JSON.stringify(await seen()) : '?'}${toast ? `; the page says "${toast}"` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Reloads until the current page shows `text` (amounts computed by event consumers arrive shortly after). */
async function expectEventually(page: Page, text: string | RegExp) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const body = await pageText(page).catch(() => '');
    if (typeof text === 'string' ? body.includes(text) : text.test(body)) return;
    if (Date.now() > deadline) throw new Error(`never saw ${text} on ${page.url()}: ${body.slice(0, 500)}`);
    await t.api.app.get(EventsService).kick();
    await page.waitForTimeout(1000);
    await page.reload({ timeout: T });
    await settle(page);
  }
}
