/**
 * The platform operator pages of issue 15 (pkg-admin), played in Chromium against the mini program's H5 build,
 * the real API (isolated database, seeded like `pnpm start`) and the WeChat sandbox. The operator is the
 * sandbox's 平台运营 persona (a platform admin by the seed), signed in through the H5 login picker.
 *
 * What there is to settle is made the way people make it: the 顾客 persona buys twice from the demo shop and
 * pays through the sandbox; the second payment's WeChat callback is lost (the sandbox holds notifications),
 * so that day's bill has a payment the ledger lacks. The sandbox clock then moves to the next morning and the
 * operator runs the day over HTTP (POST /admin/settlements/run). No database writes.
 *
 *   home tiles with counts → 平台规则: 2 levels refused without the acknowledgement (the API's message on the
 *   field), accepted with it; a cap of 60% refused on the page → 结算批次 and the day's statements →
 *   对账差异 resolved with a note → 打款: the released statement marked paid by hand → 用户管理: a user looked
 *   up and blocked (their next API call is 401), then unblocked → 商家审核.
 *
 * Own fixed ports (API 19500, sandbox 19600, web 19700) and build (apps/miniprogram/dist-operator/h5).
 * Screenshots: tests/browser/screenshots/operator-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApi } from '../../apps/api/test/harness.js';
import { startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { repoRoot } from '../support/h5-build.js';

const API_PORT = 19500;
const SANDBOX_PORT = 19600;
const WEB_PORT = 19700;
const WEB = `http://127.0.0.1:${WEB_PORT}`;
const shotsDir = path.join(repoRoot, 'tests/browser/screenshots');
const TIMEOUT = 600_000;
const T = 15_000;

let t: TestApi;
let browser: Browser;
let stack: BrowserStack | undefined;
let ctx: BrowserContext;
let page: Page;
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

async function shot(name: string, opts: { keepToast?: boolean; fullPage?: boolean } = {}) {
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
  const file = path.join(shotsDir, `operator-${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage });
  shots.push(path.basename(file));
}

async function pageText(): Promise<string> {
  return (await current(page).innerText({ timeout: T })).replace(/\s+/g, ' ').replace(/(-?¥) ?(\d+) ?\.(\d\d)/g, '$1$2.$3');
}

async function seeText(text: string | RegExp, scope = current(page)) {
  await scope.getByText(text).first().waitFor({ state: 'visible', timeout: T });
}

async function tap(text: string | RegExp, scope = current(page)) {
  const target = scope.getByText(text, { exact: typeof text === 'string' }).last();
  await target.waitFor({ state: 'visible', timeout: T });
  await target.click({ timeout: T, force: true });
}

async function fill(placeholder: string, value: string) {
  const input = current(page).locator(`input[placeholder="${placeholder}"], textarea[placeholder="${placeholder}"]`).first();
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(value);
}

async function go(route: string) {
  await page.goto(`${WEB}/#${route}`, { timeout: T });
  await settle(page);
}

async function toastText(): Promise<string> {
  await page.waitForFunction(
    () => [...document.querySelectorAll<HTMLElement>('.taro__toast')].some((el) => getComputedStyle(el).display !== 'none' && el.innerText.trim()),
    undefined,
    { timeout: T },
  );
  return (await page.locator('.taro__toast').last().innerText()).trim();
}

/** Taro's H5 showModal: returns its text, then presses the confirm button. */
async function confirmModal(): Promise<string> {
  const modal = page.locator('.taro-modal__content:visible').last();
  await modal.waitFor({ state: 'visible', timeout: T });
  const text = (await modal.innerText()).replace(/\s+/g, ' ');
  const ok = page.locator('.taro-model__confirm:visible').first();
  await ok.click();
  await ok.waitFor({ state: 'hidden', timeout: T });
  return text;
}

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

/** Signs a sandbox user (or persona) in through the API. */
async function register(name: string): Promise<{ id: number; token: string; nickname: string }> {
  const { code } = (await t.control('POST', `/__sandbox__/users/${name}/login-code`)).body;
  const login = await t.request('POST', '/auth/wechat/login', { body: { code } });
  if (login.status !== 200) throw new Error(`login ${name}: ${JSON.stringify(login.body)}`);
  return { id: login.body.user.id, token: login.body.token, nickname: login.body.user.nickname };
}

const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const plusDays = (day: string, n: number) => shanghaiDay(Date.parse(`${day}T12:00:00+08:00`) + n * 86_400_000);

// ------------------------------------------------------------------ setup

beforeAll(async () => {
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const f of fs.readdirSync(shotsDir)) if (f.startsWith('operator-') && f.endsWith('.png')) fs.rmSync(path.join(shotsDir, f));
  stack = await startBrowserStack({ apiPort: API_PORT, sandboxPort: SANDBOX_PORT, webPort: WEB_PORT, outDir: 'dist-operator/h5' });
  ({ api: t, browser } = stack);
  ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await ctx.newPage();
  page.setDefaultTimeout(T);
}, TIMEOUT);

afterAll(async () => {
  await ctx?.close().catch(() => undefined);
  await stack?.close();

  console.log(`screenshots (${shots.length}) in tests/browser/screenshots: ${shots.join(', ')}`);
}, TIMEOUT);

test(
  'the 平台运营 persona sets the rules, settles a day, resolves a difference, pays by hand and blocks a user',
  async () => {
    try {
      await story();
    } catch (error) {
      await page?.screenshot({ path: path.join(shotsDir, 'operator-failure.png') }).catch(() => undefined);
      throw error;
    }
  },
  TIMEOUT,
);

/** Yesterday (Asia/Shanghai): the 顾客 persona buys twice; WeChat's callback of the second payment is lost. */
async function sellYesterday(buyer: { token: string }): Promise<{ day: string; lost: any }> {
  const day = plusDays(shanghaiDay(Date.now()), -1);
  const shop = (await t.request('GET', '/shops/default')).body;
  const card = shop.products.items.find((p: any) => p.stock > 5);
  const product = (await t.request('GET', `/products/${card.id}`)).body;
  const sku = product.skus.find((s: any) => s.active !== false && s.stock > 5);
  const address = { name: '李雷', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 90 号' };
  const buy = async (n: number, at: string) => {
    expect((await t.control('POST', '/__sandbox__/clock', { set: at })).status).toBe(200);
    const res = await t.request('POST', '/orders', {
      token: buyer.token,
      body: { shopId: shop.id, items: [{ skuId: sku.id, quantity: 1 }], address, idempotencyKey: `operator-${n}` },
    });
    expect(res.status).toBe(201);
    const order = res.body.orders[0];
    expect((await t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
    expect((await t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' })).status).toBeLessThan(300);
    return order;
  };
  const first = await buy(1, `${day}T14:00:00+08:00`);
  await expectApi(
    async () => ((await t.request('GET', `/orders/${first.id}`, { token: buyer.token })).body.status === 'paid' ? true : null),
    () => undefined,
  );
  expect((await t.control('POST', '/__sandbox__/notifications/hold', { enabled: true })).status).toBe(200);
  const lost = await buy(2, `${day}T15:00:00+08:00`);
  return { day, lost };
}

async function story() {
  const personas: Array<{ key: string; nickname: string; role: string }> = (await t.control('GET', '/__sandbox__/personas')).body;
  const operatorPersona = personas.find((p) => p.role === 'admin')!;
  const operator = await register(operatorPersona.key);
  const buyer = await register(personas.find((p) => p.role === 'buyer')!.key);
  const admin = (method: string, url: string, body?: unknown) => t.request(method, url, { token: operator.token, body });

  // --- the day to settle, run the next morning by the operator over HTTP
  const { day, lost } = await sellYesterday(buyer);
  expect((await t.control('POST', '/__sandbox__/clock', { set: `${plusDays(day, 1)}T10:30:00+08:00` })).status).toBe(200);
  const run = await admin('POST', '/admin/settlements/run', { businessDate: day });
  expect(run.status).toBe(200);
  expect(run.body).toMatchObject({ outcome: 'ran', batch: { status: 'finished', openItems: 1 } });

  // --- sign in as 平台运营 through the login picker; 我的 → 运营后台
  await go('/pages/mine/index');
  await tap('微信登录');
  await page.locator('.taro-actionsheet__cell, .taro-actionsheet__item').getByText(operatorPersona.nickname, { exact: true }).first().click();
  await seeText('待审核');
  await shot('merchants');
  await go('/pages/mine/index');
  await tap('运营后台');
  await seeText('用户管理');
  await current(page).locator('.admin-home__tile--reconciliation .admin-home__status.is-waiting').waitFor({ state: 'visible' });
  const home = await pageText();
  expect(home).toContain('对账差异 1 ');
  expect(home).toMatch(/对账差异 1 微信账单与账本不一致 1 项待处理/);
  await shot('home');

  // --- 平台规则: two levels need the acknowledgement (the API's refusal is shown on the field), then saved
  await tap('平台规则', current(page).locator('.admin-home__grid'));
  await seeText('分佣层级');
  await shot('rules', { fullPage: true });
  await tap('二级', current(page).locator('.admin-rules__levels'));
  await seeText('开启二级分佣前请确认合规风险');
  expect(await pageText()).toContain('待保存的修改（1） 分佣层级：一级分佣 → 二级分佣');
  await current(page).locator('.admin-rules__save').click();
  const refusal = current(page).locator('.admin-rules__error').first();
  await refusal.waitFor({ state: 'visible' });
  expect(await refusal.innerText()).toContain('《微信小程序平台运营规范》5.9 禁止多级分销');
  expect((await admin('GET', '/admin/settings')).body.commissionLevels).toBe(1);
  await current(page).locator('.admin-rules__compliance').scrollIntoViewIfNeeded();
  await shot('rules-ack-refused');
  await tap('我已了解上述风险，确认开启二级分佣');
  await current(page).locator('.admin-rules__save').click();
  await seeText('已保存 1 项修改');
  await expectApi(
    async () => {
      const s = (await admin('GET', '/admin/settings')).body;
      return s.commissionLevels === 2 ? s : null;
    },
    (s) => expect(s.multiLevelAcknowledgement).toMatchObject({ by: operator.id }),
  );
  await current(page).locator('.admin-rules__changes').scrollIntoViewIfNeeded();
  await shot('rules-saved');
  // a cap above the 50% ceiling is refused on the field, in percent, and nothing is sent
  await current(page).locator('.admin-rules__cap input').fill('60');
  await current(page).locator('.admin-rules__save').click();
  const capError = current(page).locator('.admin-rules__error').first();
  await capError.waitFor({ state: 'visible' });
  expect(await capError.innerText()).toBe('不能超过 50%（合规上限）');
  expect(await toastText()).toBe('请检查：佣金总比例上限');
  await current(page).locator('.admin-rules__cap').scrollIntoViewIfNeeded();
  await shot('rules-cap-refused', { keepToast: true });
  expect((await admin('GET', '/admin/settings')).body.commissionCapBps).toBe(3000);
  // a withdrawal minimum in yuan goes out as fen
  await current(page).locator('.admin-rules__cap input').fill('35');
  await current(page).locator('.admin-rules__withdraw-min input').fill('2.5');
  await current(page).locator('.admin-rules__save').click();
  await seeText('已保存 2 项修改');
  await expectApi(
    async () => {
      const s = (await admin('GET', '/admin/settings')).body;
      return s.commissionCapBps === 3500 && s.withdrawalMinFen === 250 ? true : null;
    },
    () => undefined,
  );

  // --- 结算批次 and the day's statements: the demo merchant's statement is held by the open difference
  await go('/pkg-admin/settlements/index');
  await seeText(`结算日 ${day}`);
  expect(await pageText()).toMatch(/已完成 2 账单笔数 1 结算单 1 对账差异/);
  await shot('settlements');
  await tap('查看结算单 ›');
  await seeText('商家结算单');
  await seeText('应结金额');
  const statements = (await admin('GET', `/admin/settlements/merchants?businessDate=${day}`)).body.items;
  expect(statements).toHaveLength(1);
  const detail = await pageText();
  expect(detail).toContain(statements[0].merchantName);
  expect(detail).toContain('对账处理中');
  expect(detail).toContain(`应结金额 ¥${(statements[0].netPayable / 100).toFixed(2)}`);
  expect(detail).toContain('1 项对账差异未处理');
  await shot('settlement-detail', { fullPage: true });

  // --- 对账差异: the payment WeChat has and the ledger lacks; resolved with a note
  await go('/pkg-admin/reconciliation/index');
  await seeText('微信有款，账本缺失');
  expect(await pageText()).toContain(`商户订单号：${lost.outTradeNo}`);
  await shot('reconciliation');
  await tap('标记已处理');
  await fill('处理说明（必填）：核实了什么、如何处理', '支付通知丢失，已向微信查单确认到账，补记入账');
  await shot('reconciliation-resolve');
  await tap('确认已处理');
  await seeText('没有待处理的对账差异：微信账单与账本一致');
  const items = (await admin('GET', `/admin/settlements/reconciliation-items?businessDate=${day}`)).body.items;
  expect(items).toMatchObject([{ status: 'resolved', note: '支付通知丢失，已向微信查单确认到账，补记入账' }]);
  await tap('已处理');
  await seeText('处理说明：支付通知丢失，已向微信查单确认到账，补记入账');
  await shot('reconciliation-resolved');

  // --- 打款: the released statement of a manual merchant is paid by hand, after a confirmation
  await go('/pkg-admin/payouts/index');
  await seeText('待人工打款（1）');
  const payout = (await admin('GET', `/admin/settlements/merchants?businessDate=${day}`)).body.items[0].payout;
  expect(payout).toMatchObject({ method: 'manual', status: 'awaiting_manual' });
  expect(await pageText()).toContain(`¥${(payout.amount / 100).toFixed(2)}`);
  await shot('payouts');
  await tap('刷新状态');
  expect(await toastText()).toMatch(/已向微信查询|没有打款中的记录/);
  await tap('标记已打款');
  await fill('银行流水号或转账单号（必填）', 'BANK20261208001');
  await tap('确认已打款');
  const question = await confirmModal();
  expect(question).toContain(`结算款 ¥${(payout.amount / 100).toFixed(2)}，凭证号 BANK20261208001`);
  await seeText('待人工打款（0）');
  await expectApi(
    async () => {
      const p = (await admin('GET', `/admin/settlements/merchants?businessDate=${day}`)).body.items[0].payout;
      return p.status === 'succeeded' ? p : null;
    },
    (p) => expect(p.paidReference).toBe('BANK20261208001'),
  );
  expect(await pageText()).toContain('凭证号 BANK20261208001');
  await shot('payouts-paid');

  // --- 用户管理: look the buyer up by id, block (their sessions end at once), unblock
  await go('/pkg-admin/users/index');
  await seeText(/全部用户/);
  await shot('users');
  expect((await t.request('GET', '/auth/me', { token: buyer.token })).status).toBe(200);
  await fill('用户 ID 或昵称', String(buyer.id));
  await tap('搜索');
  await seeText(`「${buyer.id}」的查找结果：1 位用户`);
  await tap('停用', current(page).locator('.admin-users__card').first());
  expect(await confirmModal()).toContain('停用后该用户的所有登录立即失效');
  await seeText('已停用');
  expect((await t.request('GET', '/auth/me', { token: buyer.token })).status).toBe(401);
  await shot('users-blocked');
  // by nickname
  await fill('用户 ID 或昵称', buyer.nickname);
  await tap('搜索');
  await seeText(`「${buyer.nickname}」的查找结果`);
  await tap(
    '恢复',
    current(page)
      .locator('.admin-users__card')
      .filter({ hasText: `ID ${buyer.id} ` })
      .first(),
  );
  expect(await confirmModal()).toContain('恢复后该用户可以重新登录');
  await expectApi(
    async () => ((await admin('GET', `/admin/users?q=${buyer.id}`)).body.items[0].blockedAt === null ? true : null),
    () => undefined,
  );

  // back home: nothing waiting any more
  await go('/pkg-admin/index/index');
  await seeText('用户管理');
  await current(page).locator('.admin-home__tile--reconciliation .admin-home__status').waitFor({ state: 'visible' });
  expect(await pageText()).toMatch(/对账差异 微信账单与账本不一致 暂无待处理/);
  await shot('home-after');
}
