/**
 * A WebSocket server that speaks miniprogram-automator's protocol (see protocol.ts) and carries each call out
 * on the mini program's H5 build in Chromium through Playwright, so `automator.connect({ wsEndpoint })` and
 * unchanged automator suites run in Linux CI, where WeChat DevTools does not exist.
 *
 * What the H5 build cannot answer truthfully is refused with UnsupportedMethod (Page.getData: a Taro React
 * page's data is Taro's render tree in WeChat and nothing in H5; custom-component and native internals,
 * touches, plugins, audits, remote debugging, DevTools' own Tool.* and Native.* calls).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { BrowserContext, ElementHandle, Page as PwPage } from 'playwright-core';
import { installInPageBridge } from './in-page.js';
import { BRIDGE_SDK_VERSION, UnsupportedMethod, type ElementInfo, type Event, type PageInfo, type Reply, type Request } from './protocol.js';

export interface BridgeOptions {
  /** A fresh browser context (one "phone"); the bridge opens its page and owns both. */
  context: BrowserContext;
  /** The H5 app's entry URL, e.g. http://127.0.0.1:18200/ */
  appUrl: string;
  /** WebSocket port; a free one by default. */
  port?: number;
}

export interface RunningBridge {
  wsEndpoint: string;
  /** The Chromium page the mini program runs in (for failure evidence only: suites use the SDK). */
  page: PwPage;
  close(): Promise<void>;
}

type Handler = (params: Record<string, any>) => Promise<unknown>;

/** The SDK names the method after the page-side half that carries it out; both sides of a call in one place. */
function handlers(page: PwPage, appUrl: string, send: (e: Event) => void, close: () => void): Record<string, Handler> {
  const inPage = <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(({ fn, args }) => (window as any).__automatorBridge[fn](...args), { fn, args }) as Promise<T>;
  const handle = async (elementId: string): Promise<ElementHandle> => {
    const h = (await page.evaluateHandle((id) => (window as any).__automatorBridge.element(id), elementId)).asElement();
    if (!h) throw new Error(`element ${elementId} is no longer on the page`);
    return h as ElementHandle;
  };
  const tap = async (elementId: string) => {
    const el = await handle(elementId);
    await el.scrollIntoViewIfNeeded({ timeout: 5_000 }).catch(() => undefined);
    // a real click at the element's centre (whatever is on top there gets it, as a finger would)
    await el.click({ force: true, timeout: 5_000 });
  };
  let logging = false;
  const bindings = new Set<string>();
  /** the wx mocks in force, re-installed after the app reloads */
  const mocks = new Map<string, { result: unknown; functionDeclaration?: string; args?: unknown[] }>();
  /**
   * wx.reLaunch closes every page and opens `url`. Taro H5's own reLaunch keeps tab pages cached and may show the
   * cached instance without the new query (a 小程序码 opening the shop tab would lose its scene), so the bridge
   * opens the app afresh at that route, the way WeChat starts a page from a code, and puts the test's mocks back.
   */
  const reLaunch = async (url: string) => {
    // by way of about:blank: a change of the hash alone would not reload the app (storage survives, as in WeChat)
    await page.goto('about:blank');
    await page.goto(`${appUrl.replace(/#.*$/, '')}#${url.startsWith('/') ? url : `/${url}`}`);
    await page.waitForFunction(() => (window as any).__shareshopAutomator?.taro, undefined, { timeout: 30_000 });
    for (const [method, mock] of mocks) await inPage('mockWxMethod', method, mock);
    return { errMsg: 'reLaunch:ok' };
  };

  return {
    'Tool.getInfo': async () => ({ SDKVersion: BRIDGE_SDK_VERSION }),
    'Tool.close': async () => {
      setTimeout(close, 0);
      return {};
    },
    'App.exit': async () => ({}),
    'App.enableLog': async () => {
      if (!logging) {
        logging = true;
        page.on('console', (m) => send({ method: 'App.logAdded', params: { type: m.type(), args: [m.text()] } }));
      }
      return {};
    },
    'App.addBinding': async ({ name }) => {
      if (bindings.has(name)) return {};
      bindings.add(name);
      await page.exposeBinding(name, (_source, ...args: unknown[]) => send({ method: 'App.bindingCalled', params: { name, args } }));
      return {};
    },
    'App.getPageStack': async () => ({ pageStack: await inPage<PageInfo[]>('pageStack') }),
    'App.getCurrentPage': async () => inPage<PageInfo>('currentPage'),
    'App.callWxMethod': async ({ method, args = [], pluginId }) => {
      if (pluginId) throw new UnsupportedMethod('App.callWxMethod', 'the H5 build has no plugins');
      if (method === 'reLaunch') return { result: await reLaunch(String(args[0]?.url ?? '')) };
      return { result: await inPage('callWxMethod', method, args) };
    },
    'App.mockWxMethod': async ({ method, pluginId, result, functionDeclaration, args }) => {
      if (pluginId) throw new UnsupportedMethod('App.mockWxMethod', 'the H5 build has no plugins');
      const restore = result === undefined && functionDeclaration === undefined;
      const mock = restore ? null : { result, functionDeclaration, args };
      await inPage('mockWxMethod', method, mock);
      if (mock) mocks.set(method, mock);
      else mocks.delete(method);
      return {};
    },
    'App.callFunction': async ({ functionDeclaration, args = [] }) => ({ result: await inPage('callFunction', functionDeclaration, args) }),
    'App.captureScreenshot': async () => ({ data: (await page.screenshot({ type: 'png' })).toString('base64') }),

    'Page.getElement': async ({ pageId, selector }) => {
      const [first] = await inPage<ElementInfo[]>('queryPage', pageId, selector);
      if (!first) throw new Error(`no element matches ${selector}`);
      return first;
    },
    'Page.getElements': async ({ pageId, selector }) => ({ elements: await inPage<ElementInfo[]>('queryPage', pageId, selector) }),
    'Page.getWindowProperties': async ({ names }) => ({ properties: await inPage('windowProperties', names) }),
    'Page.getData': async () => {
      throw new UnsupportedMethod('Page.getData', "a Taro React page keeps its state in React, not in the page's data");
    },
    'Page.setData': async () => {
      throw new UnsupportedMethod('Page.setData', "a Taro React page keeps its state in React, not in the page's data");
    },
    'Page.callMethod': async ({ pageId, method, args = [] }) => {
      if (!(await inPage<boolean>('hasPageMethod', pageId, method)))
        throw new UnsupportedMethod('Page.callMethod', `the H5 page instance has no method ${method}`);
      return { result: await inPage('callPageMethod', pageId, method, args) };
    },

    'Element.getElement': async ({ elementId, selector }) => {
      const [first] = await inPage<ElementInfo[]>('queryElement', elementId, selector);
      if (!first) throw new Error(`no element matches ${selector}`);
      return first;
    },
    'Element.getElements': async ({ elementId, selector }) => ({ elements: await inPage<ElementInfo[]>('queryElement', elementId, selector) }),
    'Element.tap': async ({ elementId }) => {
      await tap(elementId);
      return {};
    },
    'Element.triggerEvent': async ({ elementId, type, detail }) => {
      // a tap is the user's click (Taro H5 binds onClick/bindtap to it); other events reach listeners with their detail
      if (type === 'tap') await tap(elementId);
      else await inPage('triggerEvent', elementId, type, detail);
      return {};
    },
    'Element.callFunction': async ({ elementId, functionName, args = [] }) => {
      if (functionName !== 'input.input' && functionName !== 'textarea.input')
        throw new UnsupportedMethod(`Element.callFunction(${functionName})`, 'only input.input and textarea.input are carried out');
      const control = (await page.evaluateHandle((id) => (window as any).__automatorBridge.nativeControl(id), elementId)).asElement();
      if (!control) throw new Error(`element ${elementId} has no input to type into`);
      // fill() types the value and fires input events, which is what Taro's input component listens to
      await control.fill(String(args[0] ?? ''), { timeout: 5_000 });
      return {};
    },
    'Element.getDOMProperties': async ({ elementId, names }) => ({ properties: await inPage('domProperties', elementId, names) }),
    'Element.getProperties': async ({ elementId, names }) => ({ properties: await inPage('properties', elementId, names) }),
    'Element.getAttributes': async ({ elementId, names }) => ({ attributes: await inPage('attributes', elementId, names) }),
    'Element.getStyles': async ({ elementId, names }) => ({ styles: await inPage('styles', elementId, names) }),
    'Element.getOffset': async ({ elementId }) => inPage('offset', elementId),
    'Element.getWXML': async ({ elementId, type }) => ({ wxml: await inPage('wxml', elementId, type === 'outer') }),
  };
}

/** The first line of an error, without Playwright's "page.evaluate: Error: " prefix. */
function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/^(page\.evaluate(Handle)?|elementHandle\.\w+): (Error: )?/, '');
}

export async function startBridge({ context, appUrl, port = 0 }: BridgeOptions): Promise<RunningBridge> {
  await context.addInitScript(installInPageBridge);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(appUrl);
  await page.waitForFunction(() => (window as any).__shareshopAutomator?.taro, undefined, { timeout: 30_000 });

  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const sockets = new Set<WebSocket>();
  const broadcast = (e: Event) => {
    for (const s of sockets) s.send(JSON.stringify(e));
  };
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const s of sockets) s.close();
    await new Promise((r) => wss.close(r));
    await context.close().catch(() => undefined);
  };
  const table = handlers(page, appUrl, broadcast, () => void close());
  page.on('pageerror', (err) => broadcast({ method: 'App.exceptionThrown', params: { message: err.message, stack: err.stack } }));

  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // one call at a time, in order, as DevTools answers them
    let queue = Promise.resolve();
    socket.on('message', (data) => {
      queue = queue.then(async () => {
        const request = JSON.parse(String(data)) as Request;
        let reply: Reply;
        try {
          const run = table[request.method];
          if (!run) throw new UnsupportedMethod(request.method, 'the H5 build has no equivalent');
          reply = { id: request.id, result: (await run(request.params ?? {})) ?? {} };
        } catch (error) {
          reply = { id: request.id, error: { message: errorMessage(error) } };
        }
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
      });
    });
  });

  const address = wss.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { wsEndpoint: `ws://127.0.0.1:${actualPort}`, page, close };
}
