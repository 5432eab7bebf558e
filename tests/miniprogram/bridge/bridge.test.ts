/**
 * The automator bridge against a tiny fixture page (bridge/fixture/index.html: Taro H5's page containers and
 * taro-*-core elements, a minimal Taro API), driven by the real SDK: `automator.connect({ wsEndpoint })`.
 * One test per protocol method the bridge implements, and the refusals for what it cannot do truthfully.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import automator from 'miniprogram-automator';
import { chromium, type Browser } from 'playwright-core';
import { startBridge, type RunningBridge } from './server.js';
import { CHROMIUM } from '../support/chromium.js';
import { asInput, type MiniProgram, type Page } from '../support/sdk.js';

const fixtureDir = path.join(new URL('.', import.meta.url).pathname, 'fixture');

let server: http.Server;
let browser: Browser;
let bridge: RunningBridge;
let mp: MiniProgram;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const file = path.join(fixtureDir, 'index.html');
    res.writeHead(req.url?.startsWith('/logo.png') ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  browser = await chromium.launch(CHROMIUM);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  bridge = await startBridge({ context, appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` });
  mp = await automator.connect({ wsEndpoint: bridge.wsEndpoint });
}, 60_000);

afterAll(async () => {
  mp?.disconnect();
  await bridge?.close();
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

async function home(): Promise<Page> {
  const page = await mp.reLaunch('/pages/home/index?name=%E5%B0%8F%E5%BA%97');
  if (!page) throw new Error('no page after reLaunch');
  return page;
}

describe('App', () => {
  test('Tool.getInfo: connect() passes the SDK version check', async () => {
    // connect() already called checkVersion; asking again must not throw
    await expect(mp.checkVersion()).resolves.toBeUndefined();
  });

  test('reLaunch, navigateTo, redirectTo, navigateBack, switchTab: the page stack and current page follow', async () => {
    const first = await home();
    expect([first.path, first.query]).toEqual(['pages/home/index', { name: '%E5%B0%8F%E5%BA%97' }]);
    const form = await mp.navigateTo('/pages/form/index?from=sdk');
    expect([form?.path, form?.query]).toEqual(['pages/form/index', { from: 'sdk' }]);
    expect((await mp.pageStack()).map((p) => p.path)).toEqual(['pages/home/index', 'pages/form/index']);
    const redirected = await mp.redirectTo('/pages/form/index?from=redirect');
    expect(redirected?.query).toEqual({ from: 'redirect' });
    expect((await mp.pageStack()).map((p) => p.path)).toEqual(['pages/home/index', 'pages/form/index']);
    const back = await mp.navigateBack();
    // the same page object as before: page ids are stable while the page is in the stack
    expect(back).toBe(first);
    const tab = await mp.switchTab('/pages/tab/index');
    expect((await mp.pageStack()).map((p) => p.path)).toEqual([tab?.path]);
    expect(tab?.path).toBe('pages/tab/index');
  }, 60_000);

  test('callWxMethod: calls the Taro API (wx in H5) and returns its result; a wx error rejects', async () => {
    await mp.callWxMethod('setStorageSync', 'k', { v: 1 });
    expect(await mp.callWxMethod('getStorageSync', 'k')).toEqual({ v: 1 });
    expect(await mp.systemInfo()).toEqual({ platform: 'h5', SDKVersion: 'fixture' });
    await expect(mp.callWxMethod('noSuchMethod')).rejects.toThrow('wx.noSuchMethod is not a function in the H5 build');
  });

  test('mockWxMethod with a result, with a function (call args then mock args, this.origin), and restore', async () => {
    await mp.mockWxMethod('getStorageSync', 'mocked');
    expect(await mp.callWxMethod('getStorageSync', 'k')).toBe('mocked');
    await mp.mockWxMethod(
      'getStorageSync',
      function (this: { origin: (k: string) => unknown }, key: string, fallback: string) {
        return key === 'k' ? { wrapped: this.origin(key) } : fallback;
      },
      'fallback',
    );
    expect(await mp.callWxMethod('getStorageSync', 'k')).toEqual({ wrapped: { v: 1 } });
    expect(await mp.callWxMethod('getStorageSync', 'other')).toBe('fallback');
    await mp.restoreWxMethod('getStorageSync');
    expect(await mp.callWxMethod('getStorageSync', 'k')).toEqual({ v: 1 });
  });

  test('mockWxMethod reaches the app (through the seam), and survives a reLaunch, which reopens the app', async () => {
    await mp.mockWxMethod('login', { code: 'fixture-code', errMsg: 'login:ok' });
    const page = await home();
    await (await page.$('.home__login'))!.tap();
    await page.waitFor(async () => (await (await page.$('.home__who'))!.text()) === 'code fixture-code');
    await mp.mockWxMethod('login', function () {
      return Promise.reject({ errMsg: 'login:fail mocked' });
    });
    await (await page.$('.home__login'))!.tap();
    await page.waitFor(async () => (await (await page.$('.home__who'))!.text()) === 'failed login:fail mocked');
    await mp.restoreWxMethod('login');
  }, 60_000);

  test('evaluate (App.callFunction): runs in the app with wx and getCurrentPages in scope, awaits, takes args', async () => {
    await home();
    const result = await mp.evaluate(
      async (a: number, b: number) => {
        const pages = getCurrentPages();
        return { sum: a + b, top: (pages[pages.length - 1] as any).route, storage: wx.getStorageSync('k') };
      },
      2,
      3,
    );
    expect(result).toEqual({ sum: 5, top: '/pages/home/index', storage: { v: 1 } });
  }, 30_000);

  test('screenshot (App.captureScreenshot): a PNG of the viewport, as base64 or a file', async () => {
    const data = (await mp.screenshot()) as string;
    const png = Buffer.from(data, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([390, 844]);
  });

  test('console (App.enableLog → App.logAdded) and exposeFunction (App.addBinding → App.bindingCalled)', async () => {
    const page = await mp.navigateTo('/pages/form/index');
    const logs: any[] = [];
    mp.on('console', (m) => logs.push(m));
    const called = new Promise<unknown[]>((resolve) => void mp.exposeFunction('onFixtureCall', (...args: unknown[]) => resolve(args)));
    await asInput(await page!.$('.form__name')).input('Ada');
    await (await page!.$('.form__submit'))!.tap();
    await page!.waitFor(async () => logs.some((m) => m.args?.[0] === 'submitted Ada'));
    expect(logs.find((m) => m.args?.[0] === 'submitted Ada')).toEqual({ type: 'log', args: ['submitted Ada'] });
    await mp.evaluate(() => (globalThis as any).onFixtureCall('x', 1));
    await expect(called).resolves.toEqual(['x', 1]);
  }, 30_000);
});

describe('Page', () => {
  test('$ / $$: mini program tag selectors, classes and ids, scoped to the page; no match → null / []', async () => {
    const page = await home();
    const title = await page.$('text.home__title');
    expect(title?.tagName).toBe('text');
    expect(await title!.text()).toBe('首页 小店');
    expect((await page.$$('.home__list view')).length).toBe(2);
    expect((await page.$('#home'))?.tagName).toBe('view');
    expect(await page.$('button.no-such')).toBeNull();
    expect(await page.$$('.form__name')).toEqual([]); // on another page
    // the same DOM element is the same Element object
    expect(await page.$('.home__title')).toBe(title);
  }, 30_000);

  test('waitFor: a selector, a condition, a delay', async () => {
    const page = await home();
    await page.waitFor('.home__list');
    let n = 0;
    await page.waitFor(async () => ++n === 3);
    const started = Date.now();
    await page.waitFor(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  }, 30_000);

  test('callMethod: a method of the H5 page instance; a missing one is refused', async () => {
    const page = await home();
    expect(await page.callMethod('onPullDownRefresh')).toBe('refreshed pages/home/index');
    await expect(page.callMethod('noSuchMethod')).rejects.toThrow(
      'Page.callMethod is not supported by the H5 automator bridge: the H5 page instance has no method noSuchMethod',
    );
  }, 30_000);

  test('size / scrollTop (Page.getWindowProperties)', async () => {
    const page = await home();
    expect((await page.size()).width).toBe(390);
    expect(await page.scrollTop()).toBe(0);
  }, 30_000);

  test('data / setData are refused with the unsupported-method error', async () => {
    const page = await home();
    await expect(page.data()).rejects.toThrow(/^Page.getData is not supported by the H5 automator bridge/);
    await expect(page.setData({ a: 1 })).rejects.toThrow(/^Page.setData is not supported/);
  }, 30_000);
});

describe('Element', () => {
  test('tap: a real click the page handles (here: it navigates)', async () => {
    const page = await home();
    await (await page.$('button.home__go'))!.tap();
    await page.waitFor(async () => (await mp.currentPage())?.path === 'pages/form/index');
    expect((await mp.currentPage())?.query).toEqual({ from: 'home' });
  }, 30_000);

  test('input / value: types into the native input of a taro-input-core (input events fire), reads it back', async () => {
    const page = (await mp.reLaunch('/pages/form/index'))!;
    const input = await page.$('input.form__name');
    expect(input).toBeInstanceOf(automator.InputElement);
    await (input as InstanceType<typeof automator.InputElement>).input('张三');
    expect(await input!.value()).toBe('张三');
    expect(await (await page.$('.form__echo'))!.text()).toBe('张三');
    const note = await page.$('textarea');
    await (note as any).input('备注');
    expect(await note!.value()).toBe('备注');
  }, 30_000);

  test('text / attribute / style / size / offset / $ inside an element', async () => {
    const page = await home();
    const logo = (await page.$('image'))!;
    expect(await logo.attribute('src')).toBe('logo.png');
    expect(await logo.attribute('mode')).toBe('aspectFit');
    expect(await logo.attribute('class')).toBe('home__logo');
    expect(await logo.attribute('nope')).toBeNull();
    const list = (await page.$('.home__list'))!;
    expect(await list.text()).toBe('一\n二');
    expect((await list.$$('view')).length).toBe(2);
    expect(await (await list.$('.item'))!.text()).toBe('一');
    expect(await list.style('display')).toBe('block');
    expect((await list.size()).width).toBeGreaterThan(0);
    expect(await list.offset()).toEqual({ left: expect.any(Number), top: expect.any(Number) });
  }, 30_000);

  test('trigger: tap clicks; another event reaches the element with its detail', async () => {
    const page = (await mp.reLaunch('/pages/form/index'))!;
    const box = (await page.$('.form__event'))!;
    await box.trigger('longpress', { x: 1 });
    expect(await box.text()).toBe('longpress {"x":1}');
    await asInput(await page.$('.form__name')).input('Bo');
    const logs: any[] = [];
    mp.on('console', (m) => logs.push(m));
    await (await page.$('.form__submit'))!.trigger('tap');
    await page.waitFor(async () => logs.some((m) => m.args?.[0] === 'submitted Bo'));
  }, 30_000);

  test('wxml / outerWxml: mini program tags, no Taro placeholders, no input internals', async () => {
    const page = await home();
    const list = (await page.$('.home__list'))!;
    expect(await list.wxml()).toBe('<view class="item">一</view><view class="item">二</view>');
    expect(await list.outerWxml()).toBe('<view class="home__list"><view class="item">一</view><view class="item">二</view></view>');
    const form = (await mp.navigateTo('/pages/form/index'))!;
    expect(await (await form.$('input'))!.outerWxml()).toBe('<input class="form__name" placeholder="姓名"></input>');
  }, 30_000);

  test('what the H5 build cannot do is refused: touches, custom-component data, other component functions', async () => {
    const page = await home();
    const el = (await page.$('.home__title'))!;
    await expect(el.touchstart()).rejects.toThrow('Element.touchstart is not supported by the H5 automator bridge: the H5 build has no equivalent');
    // callFunction is how the SDK's component helpers (swiper.swipeTo…) reach the tool; protected in its typings
    await expect((el as unknown as { callFunction(name: string, ...args: unknown[]): Promise<unknown> }).callFunction('swiper.swipeTo', 1)).rejects.toThrow(
      /^Element.callFunction\(swiper.swipeTo\) is not supported/,
    );
    await expect(mp.native().confirmModal()).rejects.toThrow(/^Tool.native is not supported/);
    await expect(page.getElementByXpath('//view')).resolves.toBeNull(); // the SDK turns the refusal into null
  }, 30_000);
});
