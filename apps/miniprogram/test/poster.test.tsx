import Taro from '@tarojs/taro';
import { ApiError } from '../src/api/client';
import type { ProductView, ShopView } from '../src/api/types';
import { posterImageSources, posterInput, saveFailure } from '../src/pkg-distributor/poster/content';
import { containRect, coverCrop, drawPoster } from '../src/pkg-distributor/poster/draw';
import {
  POSTER_HEIGHT,
  POSTER_WIDTH,
  fitText,
  initial,
  posterLayout,
  priceParts,
  wrapText,
  type DrawOp,
  type Measure,
  type PosterInput,
} from '../src/pkg-distributor/poster/layout';
import { createH5Platform, loadBrowserImage } from '../src/platform/h5';
import { PlatformError } from '../src/platform/types';
import { albumError, createWeappPlatform } from '../src/platform/weapp';

/** Like a CJK font: a Chinese character is as wide as the font size, anything else a bit over half. */
const measure: Measure = (text, font) => {
  const size = Number(/(\d+)px/.exec(font)![1]);
  return Array.from(text).reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? size : size * 0.55), 0);
};

const texts = (ops: DrawOp[]) => ops.filter((o): o is Extract<DrawOp, { kind: 'text' }> => o.kind === 'text');
const images = (ops: DrawOp[]) => ops.filter((o): o is Extract<DrawOp, { kind: 'image' }> => o.kind === 'image');

const tea: PosterInput = { shopName: 'Bob的小店', nickname: 'Bob', product: { title: '云南古树普洱茶饼', priceFen: 12_800, listPriceFen: null } };

describe('poster layout', () => {
  test('a product poster: photo, title, price from fen, avatar, shop and the code, inside the canvas', () => {
    const layout = posterLayout(tea, measure);
    expect([layout.width, layout.height]).toEqual([POSTER_WIDTH, POSTER_HEIGHT]);
    expect(images(layout.ops).map((o) => o.slot)).toEqual(['avatar', 'product', 'code']);
    const words = texts(layout.ops).map((t) => t.text);
    expect(words).toEqual(
      expect.arrayContaining(['Bob', '推荐你逛逛「Bob的小店」', '云南古树普洱茶饼', '¥', '128', '.00', '长按识别小程序码', '进入「Bob的小店」选购']),
    );
    // the price pieces sit on one baseline, left to right, in the primary colour
    const price = texts(layout.ops).filter((t) => ['¥', '128', '.00'].includes(t.text));
    expect(new Set(price.map((t) => t.y)).size).toBe(1);
    expect(price.map((t) => t.x)).toEqual([...price.map((t) => t.x)].sort((a, b) => a - b));
    expect(price.every((t) => t.baseline === 'alphabetic' && t.color === '#fa2c19')).toBe(true);
    for (const op of layout.ops) {
      if (op.kind === 'text') {
        const w = measure(op.text, op.font);
        const left = op.align === 'center' ? op.x - w / 2 : op.x;
        expect(left).toBeGreaterThanOrEqual(0);
        expect(left + w).toBeLessThanOrEqual(POSTER_WIDTH);
        expect(op.y).toBeLessThanOrEqual(POSTER_HEIGHT);
      } else if (op.kind !== 'line') {
        expect(op.x).toBeGreaterThanOrEqual(0);
        expect(op.x + op.w).toBeLessThanOrEqual(POSTER_WIDTH);
        expect(op.y + op.h).toBeLessThanOrEqual(POSTER_HEIGHT);
      }
    }
    const { hero, body, footer, code } = layout.boxes;
    expect(hero.y + hero.h).toBeLessThanOrEqual(body.y);
    expect(body.y + body.h).toBeLessThanOrEqual(footer.y);
    expect(code.y).toBeGreaterThanOrEqual(footer.y);
    expect(code.w).toBeGreaterThanOrEqual(150); // big enough to scan from a phone screen
  });

  test('a long title wraps to two lines ending in …, never wider than the photo; the price stays above the footer', () => {
    const title = '勐海古树春茶普洱茶饼 357克 2019年春茶 石磨压制 干仓存放 限量收藏版礼盒装';
    const layout = posterLayout({ ...tea, product: { ...tea.product!, title } }, measure);
    const titleOps = texts(layout.ops).filter((t) => t.font === 'bold 32px sans-serif');
    expect(titleOps).toHaveLength(2);
    expect(titleOps[1]!.text.endsWith('…')).toBe(true);
    for (const t of titleOps) expect(measure(t.text, t.font)).toBeLessThanOrEqual(layout.boxes.hero.w);
    expect(layout.boxes.body.y + layout.boxes.body.h).toBeLessThanOrEqual(layout.boxes.footer.y);
    // one line: the price moves up with it
    const short = posterLayout(tea, measure);
    const priceY = (l: typeof layout) => texts(l.ops).find((t) => t.text === '¥')!.y;
    expect(priceY(short)).toBe(priceY(layout) - 44);
  });

  test('the list price is struck through only when higher than the price', () => {
    const higher = texts(posterLayout({ ...tea, product: { ...tea.product!, listPriceFen: 19_900 } }, measure).ops);
    expect(higher.find((t) => t.text === '¥199.00')).toMatchObject({ strike: true });
    const same = texts(posterLayout({ ...tea, product: { ...tea.product!, listPriceFen: 12_800 } }, measure).ops);
    expect(same.some((t) => t.strike)).toBe(false);
  });

  test("the shop's own poster: no product, the shop name on its colour block, still the code", () => {
    const layout = posterLayout({ ...tea, product: null }, measure);
    expect(images(layout.ops).map((o) => o.slot)).toEqual(['avatar', 'code']);
    const name = texts(layout.ops).find((t) => t.text === 'Bob的小店')!;
    expect(name).toMatchObject({ align: 'center', x: POSTER_WIDTH / 2, color: '#ffffff' });
    expect(name.y).toBeGreaterThan(layout.boxes.hero.y);
    expect(name.y).toBeLessThan(layout.boxes.hero.y + layout.boxes.hero.h);
    expect(texts(layout.ops).some((t) => t.text.startsWith('¥'))).toBe(false);
  });

  test('long names are cut with …; the default avatar shows the initial', () => {
    const layout = posterLayout(
      { shopName: '一个名字非常非常非常非常非常非常长的小店', nickname: '昵称也非常非常非常非常非常非常非常长', product: null },
      measure,
    );
    const header = texts(layout.ops).filter((t) => t.y < layout.boxes.hero.y);
    expect(header.every((t) => t.text.endsWith('…'))).toBe(true);
    for (const t of header) expect(t.x + measure(t.text, t.font)).toBeLessThanOrEqual(POSTER_WIDTH - 32);
    expect(images(layout.ops)[0]!.placeholder.text).toBe('昵');
    expect(initial('bob')).toBe('B');
    expect(initial('  ')).toBe('店');
  });

  test('text helpers', () => {
    expect(fitText('分享小店', 200, '24px sans-serif', measure)).toBe('分享小店');
    expect(fitText('分享小店好物推荐', 100, '24px sans-serif', measure)).toBe('分享小…');
    expect(wrapText('   ', 100, 2, '24px sans-serif', measure)).toEqual([]);
    expect(wrapText('一二三四五六', 72, 3, '24px sans-serif', measure)).toEqual(['一二三', '四五六']);
    expect(wrapText('一二三四五六七', 72, 2, '24px sans-serif', measure)).toEqual(['一二三', '四五…']);
    expect(priceParts(12_800)).toEqual({ symbol: '¥', int: '128', dec: '.00' });
    expect(priceParts(5)).toEqual({ symbol: '¥', int: '0', dec: '.05' });
    expect(priceParts(123_456_78)).toEqual({ symbol: '¥', int: '123456', dec: '.78' });
  });
});

/** A 2D context that records what is drawn. */
function recorder() {
  const calls: [string, ...unknown[]][] = [];
  const ctx: any = new Proxy(
    { measureText: (t: string) => ({ width: measure(t, ctx.font ?? '24px sans-serif') }) },
    {
      get(target: any, key: string) {
        if (key in target) return target[key];
        return (...args: unknown[]) => void calls.push([key, ...args]);
      },
      set(target: any, key: string, value: unknown) {
        target[key] = value;
        calls.push([`set ${key}`, value]);
        return true;
      },
    },
  );
  return { ctx, calls };
}

describe('drawing', () => {
  test('cover crops the middle of a wide photo; contain letterboxes a square code', () => {
    expect(coverCrop({ width: 800, height: 400 }, { w: 200, h: 200 })).toEqual({ sx: 200, sy: 0, sw: 400, sh: 400 });
    expect(coverCrop({ width: 480, height: 480 }, { w: 536, h: 500 })).toEqual({ sx: 0, sy: expect.closeTo(16.12, 2), sw: 480, sh: expect.closeTo(447.76, 2) });
    expect(containRect({ width: 430, height: 430 }, { x: 400, y: 868, w: 160, h: 100 })).toEqual({ x: 430, y: 868, w: 100, h: 100 });
  });

  test('images are drawn where the layout says; a missing one gets its placeholder', () => {
    const { ctx, calls } = recorder();
    const layout = posterLayout(tea, measure);
    const photo = { width: 480, height: 480 };
    const code = { width: 430, height: 430 };
    drawPoster(ctx, layout, { product: photo, code, avatar: null });
    const draws = calls.filter((c) => c[0] === 'drawImage');
    expect(draws).toHaveLength(2);
    const { hero, code: codeBox } = layout.boxes;
    expect(draws[0]).toEqual([
      'drawImage',
      photo,
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
      hero.x,
      hero.y,
      hero.w,
      hero.h,
    ]);
    expect(draws[1]).toEqual(['drawImage', code, codeBox.x, codeBox.y, codeBox.w, codeBox.h]);
    // the avatar's placeholder: a filled circle with the initial, clipped
    const filled = calls.filter((c) => c[0] === 'fillText').map((c) => c[1]);
    expect(filled).toEqual(expect.arrayContaining(['B', 'Bob', '云南古树普洱茶饼', '128', '长按识别小程序码']));
    expect(calls.filter((c) => c[0] === 'clip')).toHaveLength(3);
    expect(calls.filter((c) => c[0] === 'save').length).toBe(calls.filter((c) => c[0] === 'restore').length);
  });

  test('without any image every slot shows its placeholder text', () => {
    const { ctx, calls } = recorder();
    drawPoster(ctx, posterLayout(tea, measure), {});
    expect(calls.some((c) => c[0] === 'drawImage')).toBe(false);
    expect(calls.filter((c) => c[0] === 'fillText').map((c) => c[1])).toEqual(expect.arrayContaining(['暂无图片', '小程序码']));
  });
});

describe('poster content', () => {
  const shop = {
    name: 'Bob的小店',
    avatarUrl: null,
    owner: { userId: 3, nickname: 'Bob', avatarUrl: '/static/demo/bob.svg', referralCode: 'BOB1' },
  } as unknown as ShopView;
  const sku = (id: number, price: number, listPrice: number | null, active = true) => ({
    id,
    productId: 1,
    specValues: [],
    price,
    listPrice,
    stock: 5,
    sold: 0,
    code: '',
    active,
  });
  const product = {
    title: '普洱',
    priceFrom: 9_800,
    images: ['/uploads/2/a.png'],
    skus: [sku(1, 12_800, 15_800), sku(2, 9_800, 12_000), sku(3, 5_000, 9_000, false)],
  } as unknown as ProductView;

  test('price from the API (lowest active SKU), its list price; the shop avatar falls back to the owner', () => {
    expect(posterInput(shop, product)).toEqual({ shopName: 'Bob的小店', nickname: 'Bob', product: { title: '普洱', priceFen: 9_800, listPriceFen: 12_000 } });
    expect(posterInput(shop, null)).toEqual({ shopName: 'Bob的小店', nickname: 'Bob', product: null });
    expect(posterImageSources(shop, product)).toEqual({ product: '/uploads/2/a.png', avatar: '/static/demo/bob.svg' });
    expect(posterImageSources({ ...shop, avatarUrl: '/uploads/9/s.png' }, { images: [] })).toEqual({ product: null, avatar: '/uploads/9/s.png' });
  });

  test('a failed save: cancel is silent, a refused album permission offers the settings, the rest is a toast', () => {
    expect(saveFailure(new PlatformError('已取消保存', null, 'cancelled'))).toEqual({ kind: 'ignore' });
    expect(saveFailure(new PlatformError('没有相册权限', null, 'denied'))).toMatchObject({ kind: 'settings', title: '无法保存到相册', confirmText: '去设置' });
    expect(saveFailure(new PlatformError('请先同意隐私保护指引后再保存', null, 'privacy'))).toEqual({ kind: 'toast', text: '请先同意隐私保护指引后再保存' });
    expect(saveFailure(new ApiError(502, 'UPSTREAM_FAILED', '生成小程序码失败'))).toEqual({ kind: 'toast', text: '生成小程序码失败' });
  });
});

describe('saving and drawing through the platform', () => {
  test('weapp: the album permission refused, now or before, is a typed "denied"; the page, not the adapter, asks', async () => {
    const p = createWeappPlatform();
    await expect(p.saveImageToAlbum('wxfile://tmp/poster.png')).resolves.toBeUndefined();
    expect(Taro.saveImageToPhotosAlbum).toHaveBeenCalledWith({ filePath: 'wxfile://tmp/poster.png' });
    for (const errMsg of [
      'saveImageToPhotosAlbum:fail auth deny',
      'saveImageToPhotosAlbum:fail authorize no response',
      'saveImageToPhotosAlbum:fail:auth denied',
    ]) {
      (Taro.saveImageToPhotosAlbum as jest.Mock).mockRejectedValueOnce({ errMsg });
      const err = await p.saveImageToAlbum('wxfile://tmp/poster.png').catch((e) => e);
      expect(err).toBeInstanceOf(PlatformError);
      expect(err).toMatchObject({ reason: 'denied', message: '没有相册权限，请在设置中允许保存到相册' });
    }
    expect(Taro.showModal).not.toHaveBeenCalled();
    expect(albumError({ errMsg: 'saveImageToPhotosAlbum:fail cancel' }).reason).toBe('cancelled');
    expect(albumError({ errMsg: 'saveImageToPhotosAlbum:fail privacy permission is not authorized', errno: 104 }).reason).toBe('privacy');
    expect(albumError({ errMsg: 'saveImageToPhotosAlbum:fail file not exists' })).toMatchObject({ reason: 'failed', message: '保存失败，请稍后重试' });
    await p.openSettings();
    expect(Taro.openSetting).toHaveBeenCalled();
  });

  test('h5: saving downloads the image under the given name', async () => {
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('shareshop-poster-7-1.png');
      expect(this.href).toBe('data:image/png;base64,AAAA');
      expect(document.body.contains(this)).toBe(true);
    });
    await createH5Platform().saveImageToAlbum('data:image/png;base64,AAAA', 'shareshop-poster-7-1.png');
    expect(click).toHaveBeenCalledTimes(1);
    expect(document.querySelector('a[download]')).toBeNull();
    click.mockRestore();
  });

  test("h5: the canvas inside Taro's <Canvas id> is sized × scale, its context scaled; the drawing exports as a PNG data URL", async () => {
    const host = document.createElement('taro-canvas-core');
    host.id = 'poster-canvas-t1';
    const canvas = document.createElement('canvas');
    host.appendChild(canvas);
    document.body.appendChild(host);
    const { ctx, calls } = recorder();
    Object.defineProperty(canvas, 'getContext', { value: () => ctx }); // test/setup.ts stubs the prototype's
    canvas.toDataURL = jest.fn(() => 'data:image/png;base64,UE5H');
    const surface = await createH5Platform().openCanvas('poster-canvas-t1', { width: 600, height: 1060 }, 2);
    expect([canvas.width, canvas.height]).toEqual([1200, 2120]);
    expect(calls).toContainEqual(['scale', 2, 2]);
    await expect(surface.toImageFile()).resolves.toBe('data:image/png;base64,UE5H');
    expect(canvas.toDataURL).toHaveBeenCalledWith('image/png');
    // a tainted canvas cannot export: a typed error, not a crash
    (canvas.toDataURL as jest.Mock).mockImplementationOnce(() => {
      throw new DOMException('Tainted canvases may not be exported.', 'SecurityError');
    });
    await expect(surface.toImageFile()).rejects.toMatchObject({ name: 'PlatformError', message: '海报生成失败，请重试' });
    host.remove();
  });

  test('h5: an image from another origin (the API) is fetched with CORS and drawn from a blob: URL', async () => {
    const realImage = global.Image;
    const fetchMock = jest.fn(async (url: string) =>
      url.endsWith('missing.png') ? { ok: false, status: 404 } : { ok: true, status: 200, blob: async () => new Blob(['png']) },
    );
    Object.assign(global, { fetch: fetchMock });
    URL.createObjectURL = jest.fn(() => 'blob:http://web/1');
    URL.revokeObjectURL = jest.fn();
    const loaded: string[] = [];
    (global as any).Image = class {
      onload?: () => void;
      onerror?: (e: unknown) => void;
      width = 480;
      height = 480;
      set src(v: string) {
        loaded.push(v);
        setTimeout(() => (v.includes('broken') ? this.onerror?.(new Event('error')) : this.onload?.()), 0);
      }
    };
    try {
      const img = await loadBrowserImage('http://api:17000/uploads/2/a.png', 'http://web:17200');
      expect(img.width).toBe(480);
      expect(fetchMock).toHaveBeenCalledWith('http://api:17000/uploads/2/a.png', { mode: 'cors', credentials: 'omit' });
      expect(loaded).toEqual(['blob:http://web/1']);
      expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:http://web/1');
      // same origin, blob: and data: load directly
      await loadBrowserImage('blob:http://web/code', 'http://web:17200');
      await loadBrowserImage('http://web:17200/static/a.png', 'http://web:17200');
      expect(fetchMock).toHaveBeenCalledTimes(1);
      await expect(loadBrowserImage('http://api:17000/uploads/2/missing.png', 'http://web:17200')).rejects.toThrow('图片加载失败（404）');
      await expect(loadBrowserImage('blob:http://web/broken', 'http://web:17200')).rejects.toBeInstanceOf(PlatformError);
    } finally {
      (global as any).Image = realImage;
    }
  });
});
