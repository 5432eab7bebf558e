/**
 * The arrange steps the role suites share, all through the API as users would (a merchant applies, the platform
 * admin approves, the merchant lists a product), and the few things every suite does in the mini program
 * through the automator SDK (sign in with a mocked wx.login, pay with a mocked wx.requestPayment, find and wait).
 */
import { SANDBOX_BASE, type Session, type Stack } from './stack.js';
import type { Element, MiniProgram, Page } from './sdk.js';

export interface Merchant {
  id: number;
  shopId: number;
  owner: Session;
}

/** Sandbox user `name` applies as merchant `shopName`; the platform admin approves. */
export async function approvedMerchant(stack: Stack, name: string, shopName: string): Promise<Merchant> {
  const owner = await stack.signIn(name, shopName);
  const applied = await stack.t.request('POST', '/merchants', { token: owner.token, body: { name: shopName } });
  if (applied.status !== 201) throw new Error(`apply: ${JSON.stringify(applied.body)}`);
  const approved = await stack.t.request('POST', `/admin/merchants/${applied.body.id}/approve`, { token: stack.admin.token });
  if (approved.status !== 200) throw new Error(`approve: ${JSON.stringify(approved.body)}`);
  return { id: applied.body.id, shopId: approved.body.shopId, owner };
}

export interface Product {
  id: number;
  skuId: number;
  title: string;
}

// a real 1×1 PNG: a product on sale needs a main image
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** An on-sale single-SKU product of `m`, its photo uploaded as the merchant pages upload one. */
export async function listedProduct(stack: Stack, m: Merchant, product: { title: string; price: number; stock: number }): Promise<Product> {
  const headers = { authorization: `Bearer ${m.owner.token}`, 'x-merchant-id': String(m.id) };
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(PNG)], { type: 'image/png' }), 'photo.png');
  const uploaded = await fetch(`${stack.t.url}/api/v1/merchant/uploads`, { method: 'POST', body: form, headers });
  const image = (await uploaded.json()) as { url: string };
  if (uploaded.status !== 201) throw new Error(`upload: ${JSON.stringify(image)}`);
  const res = await stack.t.request('POST', '/merchant/products', {
    token: m.owner.token,
    headers: { 'x-merchant-id': String(m.id) },
    body: {
      title: product.title,
      status: 'on_sale',
      images: [image.url],
      specNames: [],
      skus: [{ specValues: [], price: product.price, stock: product.stock }],
    },
  });
  if (res.status !== 201) throw new Error(`create product: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, skuId: res.body.skus[0].id, title: product.title };
}

/**
 * The next wx.login in the mini program returns a fresh login code of sandbox user `name`: the account the API
 * gives that user (in WeChat DevTools a real wx.login code would be for a real WeChat user the sandbox does not know).
 */
export async function nextLoginIs(stack: Stack, name: string): Promise<void> {
  const { code } = (await stack.control('POST', `/__sandbox__/users/${name}/login-code`)).body;
  await stack.miniProgram.mockWxMethod('login', { code, errMsg: 'login:ok' });
}

/**
 * wx.requestPayment pays for real in the sandbox: the mock (run inside the mini program) completes the prepaid
 * transaction through the sandbox's control API, which then notifies the API as WeChat Pay would.
 */
export async function paymentsCompleteInSandbox(mp: MiniProgram): Promise<void> {
  await mp.mockWxMethod(
    'requestPayment',
    function (options: { package: string }, sandboxBase: string) {
      const prepayId = /prepay_id=([^&]+)/.exec(options.package)?.[1];
      return new Promise((resolve, reject) => {
        wx.request({
          url: `${sandboxBase}/__sandbox__/payments/complete`,
          method: 'POST',
          header: { 'Content-Type': 'application/json' },
          data: { prepay_id: prepayId, result: 'SUCCESS' },
          success: (res: { statusCode: number }) =>
            res.statusCode === 200 ? resolve({ errMsg: 'requestPayment:ok' }) : reject({ errMsg: `requestPayment:fail sandbox ${res.statusCode}` }),
          fail: reject,
        });
      });
    },
    SANDBOX_BASE,
  );
}

const T = 15_000;

/** Polls `probe` until it returns something other than null/false, or fails with `what` and the last page text. */
export async function eventually<V>(page: Page, what: string, probe: () => Promise<V | null | false>, timeoutMs = T): Promise<V> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => null);
    if (v !== null && v !== false) return v;
    if (Date.now() > deadline) {
      const body = await page
        .$('.ss-page')
        .then((el) => el?.text())
        .catch(() => '');
      throw new Error(
        `${what}: not within ${timeoutMs} ms; the page (${page.path}) shows: ${String(body ?? '')
          .replace(/\s+/g, ' ')
          .slice(0, 400)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The first element matching `selector` whose text contains `text`, waiting for it to appear. */
export async function elementWithText(page: Page, selector: string, text: string, timeoutMs = T): Promise<Element> {
  return eventually(
    page,
    `an element ${selector} saying "${text}"`,
    async () => {
      for (const el of await page.$$(selector)) if ((await el.text()).includes(text)) return el;
      return null;
    },
    timeoutMs,
  );
}

/** Waits until the page's text (whitespace collapsed) contains `text`. */
export async function pageShows(page: Page, text: string | RegExp, timeoutMs = T): Promise<string> {
  return eventually(
    page,
    `the page saying ${text}`,
    async () => {
      const body = ((await (await page.$('.ss-page'))?.text()) ?? '').replace(/\s+/g, ' ');
      return (typeof text === 'string' ? body.includes(text) : text.test(body)) ? body : null;
    },
    timeoutMs,
  );
}

/** Waits until the mini program's current page is `path`, and returns it. */
export async function pageOpens(mp: MiniProgram, path: string, timeoutMs = T): Promise<Page> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = await mp.currentPage();
    if (page && page.path === path) return page;
    if (Date.now() > deadline) {
      // a toast is what the app says when an action fails (Taro H5 renders it outside the page, with the top page)
      const toast = await page
        ?.$('.taro__toast')
        .then((el) => el?.text())
        .catch(() => '');
      throw new Error(`expected page ${path}, still on ${page?.path ?? '(none)'}${toast ? `; the last toast says "${toast.trim()}"` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs a test body; when it fails, leaves a screenshot taken through the SDK (Stack.evidence) first. */
export async function withEvidence(stack: Stack, name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    await stack.evidence(name);
    const logs = stack.recentLogs();
    if (error instanceof Error && logs.length) error.message += `\nthe mini program's last console lines:\n  ${logs.join('\n  ')}`;
    throw error;
  }
}
