/**
 * The share poster's layout, as plain data: where each text, image and shape goes on a 600 × 1060 canvas
 * (poster units; the page shows it at 600rpx and exports it at POSTER_SCALE×). No canvas here: text is
 * measured through the `measure` callback (the real context's measureText on the page, a fake in tests),
 * and draw.ts turns the ops into canvas calls.
 *
 *   ┌──────────────────────────────┐
 *   │ (avatar) nickname            │  header
 *   │          推荐你逛逛「shop」     │
 *   │ ┌──────────────────────────┐ │
 *   │ │      product image       │ │  or, for the shop's own poster, a block with the shop name
 *   │ └──────────────────────────┘ │
 *   │ title (≤ 2 lines, …)          │
 *   │ ¥128.00  ¥199.00              │  price from fen; the list price struck through when higher
 *   │ - - - - - - - - - - - - - - - │
 *   │ 长按识别小程序码      ┌──────┐ │  footer: the 小程序码 from GET /shops/mine/code
 *   │ 进入「shop」选购      │ code │ │
 *   └──────────────────────────────┘
 */
import { formatFen } from '@shareshop/common';

export const POSTER_WIDTH = 600;
export const POSTER_HEIGHT = 1060;
/** Backing-store pixels per poster unit: the saved image is 1200 × 2120. */
export const POSTER_SCALE = 2;

const PAD = 32;
const INNER = POSTER_WIDTH - 2 * PAD;
const FONT_FAMILY = 'sans-serif';
export const COLORS = {
  background: '#ffffff',
  primary: '#fa2c19',
  primaryLight: '#fff1f0',
  text: '#1a1a1a',
  muted: '#666666',
  faint: '#b2b2b2',
  border: '#eeeeee',
  placeholder: '#f5f6f7',
} as const;

export const font = (size: number, bold = false) => `${bold ? 'bold ' : ''}${size}px ${FONT_FAMILY}`;

export interface PosterInput {
  shopName: string;
  nickname: string;
  /** A product poster; null draws the shop's own poster. */
  product: { title: string; priceFen: number; listPriceFen?: number | null } | null;
}

/** Width of `text` drawn in `font` (CSS font shorthand), in poster units. */
export type Measure = (text: string, font: string) => number;

export type ImageSlot = 'product' | 'avatar' | 'code';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type DrawOp =
  | ({ kind: 'rect'; radius: number; fill: string } & Box)
  | ({
      kind: 'image';
      slot: ImageSlot;
      /** corner radius; `circle` clips to the inscribed circle */
      radius: number;
      circle?: boolean;
      fit: 'cover' | 'contain';
      /** drawn instead when the image is missing or failed to load */
      placeholder: { fill: string; text: string; font: string; color: string };
    } & Box)
  | {
      kind: 'text';
      text: string;
      x: number;
      y: number;
      font: string;
      color: string;
      align: 'left' | 'center' | 'right';
      baseline: 'top' | 'middle' | 'alphabetic';
      strike?: boolean;
    }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; dash: number[] };

export interface PosterLayout {
  width: number;
  height: number;
  ops: DrawOp[];
  /** Named regions, for tests and for checking that nothing overflows. */
  boxes: Record<'header' | 'hero' | 'body' | 'footer' | 'code', Box>;
}

const ELLIPSIS = '…';

/** `text` cut to fit `maxWidth`, ending in … when cut. */
export function fitText(text: string, maxWidth: number, fontSpec: string, measure: Measure): string {
  if (measure(text, fontSpec) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length && measure(chars.join('') + ELLIPSIS, fontSpec) > maxWidth) chars.pop();
  return chars.join('') + ELLIPSIS;
}

/**
 * Greedy wrapping by character (Chinese has no spaces to break at), at most `maxLines` lines, the last
 * one ending in … when the text does not fit. Blank text gives no lines.
 */
export function wrapText(text: string, maxWidth: number, maxLines: number, fontSpec: string, measure: Measure): string[] {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < chars.length; i++) {
    const next = line + chars[i];
    if (line && measure(next, fontSpec) > maxWidth) {
      if (lines.length === maxLines - 1) {
        lines.push(fitText(line + chars.slice(i).join(''), maxWidth, fontSpec, measure));
        return lines;
      }
      lines.push(line);
      line = chars[i] === ' ' ? '' : chars[i];
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** '¥128.00' as three pieces (symbol, yuan, fen) from integer fen, like <Price>. */
export function priceParts(fen: number): { symbol: string; int: string; dec: string } {
  const text = formatFen(fen);
  const [int, dec] = text.replace(/^-?¥/, '').split('.');
  return { symbol: text.startsWith('-') ? '-¥' : '¥', int: int!, dec: `.${dec}` };
}

/** The first character of a name for the default avatar ('Bob' → 'B', '山野茶行' → '山'). */
export function initial(name: string): string {
  return (Array.from(name.trim())[0] ?? '店').toUpperCase();
}

export function posterLayout(input: PosterInput, measure: Measure): PosterLayout {
  const ops: DrawOp[] = [{ kind: 'rect', x: 0, y: 0, w: POSTER_WIDTH, h: POSTER_HEIGHT, radius: 0, fill: COLORS.background }];
  const text = (
    t: string,
    x: number,
    y: number,
    f: string,
    color: string,
    align: 'left' | 'center' | 'right' = 'left',
    baseline: 'top' | 'alphabetic' = 'top',
    strike?: boolean,
  ) => ops.push({ kind: 'text', text: t, x, y, font: f, color, align, baseline, ...(strike ? { strike } : {}) });

  // header: who recommends which shop
  const header: Box = { x: PAD, y: PAD, w: INNER, h: 80 };
  const avatar = 80;
  ops.push({
    kind: 'image',
    slot: 'avatar',
    x: PAD,
    y: PAD,
    w: avatar,
    h: avatar,
    radius: avatar / 2,
    circle: true,
    fit: 'cover',
    placeholder: { fill: COLORS.primaryLight, text: initial(input.nickname), font: font(36, true), color: COLORS.primary },
  });
  const textX = PAD + avatar + 16;
  const textW = POSTER_WIDTH - PAD - textX;
  text(fitText(input.nickname, textW, font(30, true), measure), textX, PAD + 6, font(30, true), COLORS.text);
  const shopName = input.shopName.trim() || '分享小店';
  text(fitText(`推荐你逛逛「${shopName}」`, textW, font(24), measure), textX, PAD + 50, font(24), COLORS.muted);

  // hero: the product photo, or the shop's name on its colour
  const hero: Box = { x: PAD, y: header.y + header.h + 24, w: INNER, h: 500 };
  const body: Box = { x: PAD, y: hero.y + hero.h + 24, w: INNER, h: 0 };
  if (input.product) {
    ops.push({
      kind: 'image',
      slot: 'product',
      ...hero,
      radius: 16,
      fit: 'cover',
      placeholder: { fill: COLORS.placeholder, text: '暂无图片', font: font(28), color: COLORS.faint },
    });
    const titleFont = font(32, true);
    const lines = wrapText(input.product.title, INNER, 2, titleFont, measure);
    lines.forEach((line, i) => text(line, PAD, body.y + i * 44, titleFont, COLORS.text));
    // price: baseline-aligned pieces, ¥ and fen smaller than the yuan
    const baseline = body.y + Math.max(1, lines.length) * 44 + 12 + 46;
    const { symbol, int, dec } = priceParts(input.product.priceFen);
    let x = PAD;
    for (const [piece, f] of [
      [symbol, font(28, true)],
      [int, font(48, true)],
      [dec, font(28, true)],
    ] as const) {
      text(piece, x, baseline, f, COLORS.primary, 'left', 'alphabetic');
      x += measure(piece, f);
    }
    const list = input.product.listPriceFen;
    if (list != null && list > input.product.priceFen) text(formatFen(list), x + 16, baseline, font(24), COLORS.faint, 'left', 'alphabetic', true);
    body.h = baseline + 12 - body.y;
  } else {
    ops.push({ kind: 'rect', ...hero, radius: 16, fill: COLORS.primary });
    const nameFont = font(48, true);
    const lines = wrapText(shopName, INNER - 80, 2, nameFont, measure);
    const top = hero.y + hero.h / 2 - (lines.length * 64) / 2 - 30;
    lines.forEach((line, i) => text(line, POSTER_WIDTH / 2, top + i * 64, nameFont, '#ffffff', 'center'));
    text(fitText(`${input.nickname} 的精选好物`, INNER - 80, font(26), measure), POSTER_WIDTH / 2, top + lines.length * 64 + 20, font(26), '#ffe3de', 'center');
    text('品牌直发 · 售后无忧', POSTER_WIDTH / 2, top + lines.length * 64 + 64, font(24), '#ffe3de', 'center');
    body.h = 0;
  }

  // footer: the 小程序码 and how to use it
  const codeSize = 160;
  const footer: Box = { x: PAD, y: POSTER_HEIGHT - PAD - codeSize - 24, w: INNER, h: codeSize + 24 };
  ops.push({ kind: 'line', x1: PAD, y1: footer.y, x2: POSTER_WIDTH - PAD, y2: footer.y, color: COLORS.border, dash: [8, 6] });
  const code: Box = { x: POSTER_WIDTH - PAD - codeSize, y: footer.y + 24, w: codeSize, h: codeSize };
  ops.push({
    kind: 'image',
    slot: 'code',
    ...code,
    radius: 0,
    fit: 'contain',
    placeholder: { fill: COLORS.placeholder, text: '小程序码', font: font(24), color: COLORS.faint },
  });
  const leftW = code.x - PAD - 24;
  text('长按识别小程序码', PAD, code.y + 30, font(30, true), COLORS.text);
  text(fitText(`进入「${shopName}」选购`, leftW, font(24), measure), PAD, code.y + 80, font(24), COLORS.muted);
  text('分享小店 · 好物推荐', PAD, code.y + 120, font(22), COLORS.faint);

  return { width: POSTER_WIDTH, height: POSTER_HEIGHT, ops, boxes: { header, hero, body, footer, code } };
}
