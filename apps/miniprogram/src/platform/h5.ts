/**
 * Browser implementation of the platform seam, against the WeChat sandbox (SANDBOX_BASE):
 * test-user login codes, the sandbox cashier page and the sandbox transfer confirmation.
 */
import Taro from '@tarojs/taro';
import { SANDBOX_BASE } from '../config';
import { PlatformError, isCancel, type Platform } from './types';

/**
 * Test seam for the automator protocol bridge (tests/miniprogram/bridge), which defines
 * `window.__shareshopAutomator` before the app starts. Only then does the app hand it the Taro API object
 * (the bridge calls `wx` methods on it, as WeChat DevTools does on `wx`), and a login or payment the test has
 * mocked (wx.login / wx.requestPayment) goes through that mock as it would in WeChat. Taro's H5 build turns
 * `Taro.login()` into a direct import, so the mock is asked for here rather than patched onto Taro. Nobody's
 * browser defines the seam, and this file is not in the weapp bundle, so the product never takes these branches.
 */
interface AutomatorSeam {
  taro?: unknown;
  /** the wx methods a test has mocked, by name */
  mocks?: Record<string, ((options: Record<string, unknown>) => Promise<any>) | undefined>;
}
const automatorSeam = (): AutomatorSeam | undefined => (typeof window === 'undefined' ? undefined : (window as any).__shareshopAutomator);
const seam = automatorSeam();
// Taro's H5 build turns `Taro.request` etc. into direct imports, so its default object lacks most APIs: the
// ones a test calls as `wx.*` (callWxMethod, evaluate, a mock's body) are named here to be compiled in
if (seam) {
  seam.taro = {
    ...Taro,
    request: Taro.request,
    getStorageSync: Taro.getStorageSync,
    setStorageSync: Taro.setStorageSync,
    removeStorageSync: Taro.removeStorageSync,
    getSystemInfoSync: Taro.getSystemInfoSync,
    pageScrollTo: Taro.pageScrollTo,
    showToast: Taro.showToast,
  };
}
const automatorMock = (method: string) => automatorSeam()?.mocks?.[method];

/** Ordinary sandbox test users offered by the H5 login picker, after the personas. */
export const SANDBOX_USERS = ['alice', 'bob', 'carol', 'dave', 'merchant'] as const;

/** One of the sandbox's named personas (GET /__sandbox__/personas): one per role, tied to the seed. */
export interface SandboxPersona {
  key: string;
  nickname: string;
  openid: string;
  role: 'buyer' | 'distributor' | 'merchant' | 'admin' | string;
  avatarUrl: string;
}

/** The sandbox's personas, or none when it does not list any (an older sandbox, or unreachable). */
export async function fetchPersonas(base: string): Promise<SandboxPersona[]> {
  try {
    const res = await Taro.request({ url: `${base}/__sandbox__/personas`, method: 'GET' });
    return res.statusCode === 200 && Array.isArray(res.data) ? (res.data as SandboxPersona[]) : [];
  } catch {
    return [];
  }
}

/** The login picker's last persona-sheet item, opening the sheet of ordinary test users. */
export const OTHER_USERS = '其他测试用户';

/** A picked sign-in: a persona (by its key) or an ordinary test user. */
export interface PickedUser {
  name: string;
  persona?: SandboxPersona;
}

async function sandboxPost<T>(base: string, path: string): Promise<T> {
  let res: Taro.request.SuccessCallbackResult<any>;
  try {
    res = await Taro.request({ url: `${base}${path}`, method: 'POST', data: {}, header: { 'Content-Type': 'application/json' } });
  } catch (err) {
    throw new PlatformError('无法连接微信沙箱', err);
  }
  if (res.statusCode < 200 || res.statusCode >= 300) {
    throw new PlatformError(res.data?.message || `微信沙箱返回 ${res.statusCode}`);
  }
  return res.data as T;
}

/** Reads `a=1&b=2` from both location.search and the hash route's query (hash router). */
export function parseLocationQuery(loc: { search: string; hash: string }): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (qs: string) => {
    for (const part of qs.split('&')) {
      if (!part) continue;
      const i = part.indexOf('=');
      const k = i < 0 ? part : part.slice(0, i);
      // Keep values raw (still URL-encoded), like WeChat's launch options; decode per use.
      const v = i < 0 ? '' : part.slice(i + 1);
      out[decodeURIComponent(k)] = v;
    }
  };
  add(loc.search.replace(/^\?/, ''));
  const q = loc.hash.indexOf('?');
  if (q >= 0) add(loc.hash.slice(q + 1));
  return out;
}

/**
 * The <canvas> inside Taro's H5 `<Canvas id>` (a Stencil element that renders its canvas once it is
 * ready). Taro keeps earlier pages in the DOM, so ids should be unique per page instance.
 */
async function findCanvasElement(d: Document, id: string): Promise<HTMLCanvasElement> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const host = d.getElementById(id) as (HTMLElement & { componentOnReady?: () => Promise<unknown> }) | null;
    if (host?.componentOnReady) await host.componentOnReady();
    const canvas = host?.tagName === 'CANVAS' ? (host as HTMLCanvasElement) : host?.querySelector('canvas');
    if (canvas) return canvas;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new PlatformError('画布未就绪，请重试');
}

/**
 * Loads an image for drawing without tainting the canvas: another origin's image (the API's uploads) is
 * fetched with CORS and drawn from a blob: URL; same-origin, blob: and data: URLs load directly.
 */
export async function loadBrowserImage(src: string, origin: string): Promise<HTMLImageElement> {
  let url = src;
  let revoke = false;
  if (/^https?:/i.test(src) && new URL(src).origin !== origin) {
    let res: Response;
    try {
      res = await fetch(src, { mode: 'cors', credentials: 'omit' });
    } catch (err) {
      throw new PlatformError('图片加载失败', err);
    }
    if (!res.ok) throw new PlatformError(`图片加载失败（${res.status}）`);
    url = URL.createObjectURL(await res.blob());
    revoke = true;
  }
  try {
    return await new Promise<HTMLImageElement>((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = (err) => reject(new PlatformError('图片加载失败', err));
      img.src = url;
    });
  } finally {
    if (revoke) URL.revokeObjectURL(url);
  }
}

export interface H5Options {
  sandboxBase?: string;
  /**
   * Picks a sandbox user (a name, or a persona); defaults to an action sheet of the sandbox's personas (顾客,
   * 店主, 商家, 平台运营) followed by SANDBOX_USERS.
   */
  pickUser?: () => Promise<string | PickedUser | null>;
  location?: Pick<Location, 'search' | 'hash' | 'origin' | 'pathname' | 'assign'>;
  document?: Document;
}

export function createH5Platform(opts: H5Options = {}): Platform {
  const base = opts.sandboxBase ?? SANDBOX_BASE;
  const loc = () => opts.location ?? window.location;
  const doc = () => opts.document ?? document;
  const pickUser =
    opts.pickUser ??
    (async (): Promise<PickedUser | null> => {
      // an action sheet holds at most 6 items: the personas, then "其他测试用户" opens a second sheet
      const personas = (await fetchPersonas(base)).slice(0, 5);
      const sheet = async (items: string[]) => {
        try {
          return (await Taro.showActionSheet({ itemList: items })).tapIndex;
        } catch {
          return -1;
        }
      };
      if (personas.length) {
        const i = await sheet([...personas.map((p) => p.nickname), OTHER_USERS]);
        if (i < 0) return null;
        if (i < personas.length) return { name: personas[i]!.key, persona: personas[i] };
      }
      const j = await sheet([...SANDBOX_USERS]);
      return j < 0 ? null : { name: SANDBOX_USERS[j]! };
    });
  let pickedRole: string | null = null;

  return {
    name: 'h5',

    async getLoginCode() {
      const mockedLogin = automatorMock('login');
      if (mockedLogin) {
        const res = await mockedLogin({});
        if (!res?.code) throw new PlatformError(`微信登录失败：${res?.errMsg}`);
        return res.code as string;
      }
      const picked = await pickUser();
      if (!picked) throw new PlatformError('已取消登录');
      const { name, persona } = typeof picked === 'string' ? { name: picked, persona: undefined } : picked;
      const { code } = await sandboxPost<{ code: string }>(base, `/__sandbox__/users/${encodeURIComponent(name)}/login-code`);
      pickedRole = persona?.role ?? null;
      return code;
    },

    pickedPersonaRole() {
      return pickedRole;
    },

    async pay(params, ctx) {
      const mockedPayment = automatorMock('requestPayment');
      if (mockedPayment) {
        try {
          await mockedPayment({ ...params });
          return 'paid';
        } catch (err) {
          if (isCancel(err)) return 'cancelled';
          throw new PlatformError('支付失败，请稍后重试', err);
        }
      }
      const prepayId = /prepay_id=([^&]+)/.exec(params.package)?.[1];
      if (!prepayId) throw new PlatformError('支付参数无效');
      const l = loc();
      const back = `${l.origin}${l.pathname}#${ctx.returnPath.startsWith('/') ? '' : '/'}${ctx.returnPath}`;
      l.assign(`${base}/cashier?prepay_id=${encodeURIComponent(prepayId)}&redirect=${encodeURIComponent(back)}`);
      return 'redirected';
    },

    async confirmTransfer(bill) {
      const { confirm } = await Taro.showModal({ title: '确认收款', content: '（沙箱）确认将提现转入微信零钱？' });
      if (!confirm) return 'cancelled';
      await sandboxPost(base, `/__sandbox__/transfers/${encodeURIComponent(bill.outBillNo)}/confirm`);
      return 'confirmed';
    },

    getLaunchQuery() {
      return parseLocationQuery(loc());
    },

    async saveImageToAlbum(filePath, fileName = 'shareshop.png') {
      const a = doc().createElement('a');
      a.href = filePath;
      a.download = fileName;
      doc().body.appendChild(a);
      a.click();
      a.remove();
    },

    async openSettings() {
      // a browser has no per-site album permission to open
    },

    async openFile(filePath, fileName) {
      // downloadFile gave a blob: URL of the response; an <a download> saves it under our name
      const a = doc().createElement('a');
      a.href = filePath;
      a.download = fileName;
      doc().body.appendChild(a);
      a.click();
      a.remove();
    },

    async openCanvas(id, size, scale) {
      const canvas = await findCanvasElement(doc(), id);
      canvas.width = Math.round(size.width * scale);
      canvas.height = Math.round(size.height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new PlatformError('浏览器不支持画布');
      ctx.scale(scale, scale);
      return {
        ctx,
        loadImage: (src) => loadBrowserImage(src, loc().origin),
        async toImageFile() {
          try {
            return canvas.toDataURL('image/png');
          } catch (err) {
            // a cross-origin image without CORS taints the canvas
            throw new PlatformError('海报生成失败，请重试', err);
          }
        },
      };
    },
  };
}
