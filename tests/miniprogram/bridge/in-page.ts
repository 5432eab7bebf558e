/**
 * The half of the bridge that runs inside the H5 page (installed with Playwright's addInitScript, so it is
 * there before the app starts). It defines `window.__shareshopAutomator`, the seam the mini program's H5
 * platform (apps/miniprogram/src/platform/h5.ts) hands its Taro API object to, and `window.__automatorBridge`,
 * the page-side operations the server calls: the page stack, selector queries, element reads, wx calls and mocks.
 *
 * This function is serialised into the page: it must not refer to anything outside its own body.
 */
export function installInPageBridge(): void {
  type Taro = Record<string, any>;
  interface PageInstance {
    route?: string;
    $taroPath?: string;
    $taroParams?: Record<string, unknown>;
    [method: string]: unknown;
  }
  const w = window as any;
  // `mocks`: what the app's H5 platform asks for wx.login / wx.requestPayment (Taro's H5 build compiles the
  // app's own Taro.x() calls to direct imports, so patching the Taro object alone would not reach them)
  const seam: { taro?: Taro; mocks: Record<string, unknown>; originals: Record<string, unknown> } = (w.__shareshopAutomator = { mocks: {}, originals: {} });

  const taro = (): Taro => {
    if (!seam.taro) throw new Error('the H5 app has not handed its Taro API to the automator seam (is it a ShareShop H5 build?)');
    return seam.taro;
  };

  // ---------------------------------------------------------------- pages
  // a page is known by its $taroPath (unique per opened page: it carries a stamp); Taro H5 may hand out
  // a different object for the same page on each getCurrentPages()
  const pageIds = new Map<string, number>();
  // ids stay unique across reloads of the app (the bridge's reLaunch), as the SDK caches Page/Element objects by id
  const loadStamp = Date.now();
  let nextPageId = loadStamp;
  const pageId = (p: PageInstance) => {
    const key = String(p.$taroPath);
    if (!pageIds.has(key)) pageIds.set(key, nextPageId++);
    return pageIds.get(key)!;
  };
  const pages = (): PageInstance[] => taro().getCurrentPages();
  const describePage = (p: PageInstance) => {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.$taroParams ?? {})) if (k !== 'stamp' && k !== '$taroTimestamp') query[k] = String(v);
    return { pageId: pageId(p), path: String(p.route ?? '').replace(/^\//, ''), query };
  };
  const pageById = (id: number): PageInstance => {
    const p = pages().find((x) => pageId(x) === id);
    if (!p) throw new Error(`page ${id} is no longer in the page stack`);
    return p;
  };
  /** The page's container: Taro H5 renders each page of the stack as div.taro_page whose id is its $taroPath. */
  const pageRoot = (p: PageInstance): HTMLElement => {
    const el = document.getElementById(String(p.$taroPath));
    if (!el) throw new Error(`page ${p.route} has no container in the DOM`);
    return el;
  };

  // ---------------------------------------------------------------- elements
  const elements = new Map<string, Element>();
  const elementIds = new WeakMap<Element, string>();
  let nextElementId = 1;
  const elementId = (el: Element) => {
    if (!elementIds.has(el)) {
      const id = `${loadStamp.toString(36)}-e${nextElementId++}`;
      elementIds.set(el, id);
      elements.set(id, el);
    }
    return elementIds.get(el)!;
  };
  const element = (id: string): Element => {
    const el = elements.get(id);
    if (!el || !el.isConnected) throw new Error(`element ${id} is no longer on the page`);
    return el;
  };
  /** taro-view-core → view; anything else keeps its own (lower-case) tag name. */
  const miniTag = (el: Element) => {
    const tag = el.tagName.toLowerCase();
    const m = /^taro-(.+)-core$/.exec(tag);
    return m ? m[1]! : tag;
  };
  /** `view.a > button` → `taro-view-core.a > taro-button-core`: mini program tags to Taro H5's custom elements. */
  const TAGS = [
    'view',
    'text',
    'button',
    'input',
    'textarea',
    'image',
    'swiper',
    'swiper-item',
    'scroll-view',
    'canvas',
    'navigator',
    'switch',
    'checkbox',
    'radio',
    'picker',
    'slider',
    'form',
    'label',
    'icon',
    'rich-text',
    'progress',
    'video',
    'map',
    'movable-view',
    'movable-area',
    'cover-view',
    'cover-image',
  ];
  const toDomSelector = (selector: string) =>
    selector.replace(/(^|[\s>+~,(])([a-z][a-z-]*)(?=$|[\s.#[:>+~,)])/g, (all, before: string, tag: string) =>
      TAGS.includes(tag) ? `${before}taro-${tag}-core` : all,
    );
  const describeElement = (el: Element) => ({ elementId: elementId(el), tagName: miniTag(el) });
  /**
   * Elements matching `selector` in a page: inside its container, plus (for the page on top) overlays Taro H5
   * renders outside every page (toasts, modals, action sheets), which in WeChat belong to that page.
   */
  const queryPage = (id: number, selector: string): Element[] => {
    const stack = pages();
    const p = pageById(id);
    const dom = toDomSelector(selector);
    const inside = [...pageRoot(p).querySelectorAll(dom)];
    if (pageId(stack[stack.length - 1]!) !== id) return inside;
    const outside = [...document.querySelectorAll(dom)].filter((el) => !el.closest('.taro_page') && !el.closest('.taro-tabbar__tabbar'));
    return [...inside, ...outside];
  };
  const queryElement = (id: string, selector: string): Element[] => [...element(id).querySelectorAll(toDomSelector(selector))];
  /** The native form control inside a Taro input/textarea (or the element itself). */
  const nativeControl = (el: Element): HTMLInputElement | HTMLTextAreaElement | null =>
    el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : el.querySelector('input, textarea');

  /** WXML-like markup: Taro tags back to mini program tags, without Taro H5's comment placeholders. */
  const wxml = (el: Element, outer: boolean): string => {
    const render = (node: Node): string => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
      if (!(node instanceof Element)) return '';
      const tag = miniTag(node);
      const attrs = [...node.attributes].map((a) => ` ${a.name}="${a.value.replace(/"/g, '&quot;')}"`).join('');
      // a Taro input's native <input> is the component's internals, not WXML
      const inner = tag === 'input' || tag === 'textarea' ? '' : [...node.childNodes].map(render).join('');
      return `<${tag}${attrs}>${inner}</${tag}>`;
    };
    return outer ? render(el) : [...el.childNodes].map(render).join('');
  };

  /** Runs `declaration` with `wx`, `getCurrentPages` and `getApp` in scope, as it would run in the app service. */
  const compile = (declaration: string): ((...args: unknown[]) => unknown) => {
    const t = taro();
    return new Function('wx', 'getCurrentPages', 'getApp', `return (${declaration})`)(
      t,
      () => pages(),
      () => t.getApp?.(),
    );
  };
  const plain = (v: unknown) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));

  w.__automatorBridge = {
    pageStack: () => pages().map(describePage),
    currentPage: () => {
      const stack = pages();
      if (!stack.length) throw new Error('no page is open');
      return describePage(stack[stack.length - 1]!);
    },
    queryPage: (id: number, selector: string) => queryPage(id, selector).map(describeElement),
    queryElement: (id: string, selector: string) => queryElement(id, selector).map(describeElement),
    element,
    nativeControl: (id: string) => nativeControl(element(id)),
    hasPageMethod: (id: number, method: string) => typeof pageById(id)[method] === 'function',
    callPageMethod: async (id: number, method: string, args: unknown[]) => {
      const p = pageById(id);
      return plain(await (p[method] as (...a: unknown[]) => unknown).apply(p, args));
    },
    attributes: (id: string, names: string[]) => names.map((n) => element(id).getAttribute(n)),
    domProperties: (id: string, names: string[]) => names.map((n) => plain((element(id) as any)[n])),
    /** Component properties: a Taro form control's value lives on its native control. */
    properties: (id: string, names: string[]) => {
      const el = element(id);
      const control = nativeControl(el);
      return names.map((n) => {
        if (n === '__propPublic') return Object.fromEntries(['value', 'placeholder', 'disabled', 'type', 'maxlength', 'checked'].map((k) => [k, true]));
        if (control && (n === 'value' || n === 'placeholder' || n === 'disabled')) return (control as any)[n];
        return plain((el as any)[n]);
      });
    },
    styles: (id: string, names: string[]) => {
      const style = getComputedStyle(element(id));
      return names.map((n) => style.getPropertyValue(n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)));
    },
    offset: (id: string) => {
      const r = element(id).getBoundingClientRect();
      return { left: r.left + window.scrollX, top: r.top + window.scrollY };
    },
    wxml: (id: string, outer: boolean) => wxml(element(id), outer),
    triggerEvent: (id: string, type: string, detail: unknown) => {
      element(id).dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    },
    windowProperties: (names: string[]) => names.map((n) => plain(n.split('.').reduce<any>((o, k) => (o == null ? undefined : o[k]), window))),
    callWxMethod: async (method: string, args: unknown[]) => {
      const fn = taro()[method];
      if (typeof fn !== 'function') throw new Error(`wx.${method} is not a function in the H5 build`);
      return plain(await fn.apply(taro(), args));
    },
    callFunction: async (declaration: string, args: unknown[]) => plain(await compile(declaration)(...args)),
    /**
     * Replaces wx[method] (the Taro API's method) as DevTools does: with a fixed result, or a function called
     * with the call's arguments then the mock's own (`this.origin` is the real method). Async methods (not
     * *Sync) settle their success/fail/complete callbacks and their promise with it.
     */
    mockWxMethod: (method: string, mock: { result?: unknown; functionDeclaration?: string; args?: unknown[] } | null) => {
      const t = taro();
      if (!(method in seam.originals)) seam.originals[method] = t[method];
      const origin = seam.originals[method];
      if (!mock) {
        t[method] = origin;
        delete seam.mocks[method];
        return;
      }
      const impl = mock.functionDeclaration ? compile(mock.functionDeclaration) : null;
      const produce = (callArgs: unknown[]) => (impl ? impl.apply({ origin }, [...callArgs, ...(mock.args ?? [])]) : mock.result);
      t[method] = method.endsWith('Sync')
        ? (...callArgs: unknown[]) => produce(callArgs)
        : (...callArgs: unknown[]) => {
            const options = (callArgs[0] ?? {}) as { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void };
            return Promise.resolve()
              .then(() => produce(callArgs))
              .then(
                (res) => {
                  options.success?.(res);
                  options.complete?.(res);
                  return res;
                },
                (err) => {
                  options.fail?.(err);
                  options.complete?.(err);
                  throw err;
                },
              );
          };
      seam.mocks[method] = t[method];
    },
  };
}
