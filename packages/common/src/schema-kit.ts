import { z } from 'zod';
import { MAX_LEVEL_RATE_BPS } from './commission-rates.js';

/**
 * Building blocks for request/response schemas. Messages are short Chinese phrases; the API prefixes
 * them with the dotted field path (`items.0.quantity: 必须是整数`), so each message names its field.
 */
export const MAX_FEN = 10_000_000_000; // ¥100,000,000.00: far above any order, far below 2^53
export const MAX_QUANTITY = 999;

/** A database id in a JSON body: a positive safe integer, no strings (paths/queries use `IdParam` from ids.ts). */
export const BodyId = z.number({ error: '必须是正整数 id' }).int('必须是正整数 id').positive('必须是正整数 id').max(Number.MAX_SAFE_INTEGER, 'id 超出范围');

/** Integer fen, 0..MAX_FEN. */
export const FenAmount = z.number({ error: '必须是以分为单位的整数' }).int('必须是以分为单位的整数').min(0, '不能为负数').max(MAX_FEN, '金额过大');
export const PositiveFen = FenAmount.min(1, '必须大于 0');
/** A unit price: at most ¥999,999.99, so a line of MAX_QUANTITY stays far inside integer range and typos show up. */
export const MAX_PRICE_FEN = 99_999_999;
export const PriceFen = PositiveFen.max(MAX_PRICE_FEN, `单价不能超过 ${MAX_PRICE_FEN / 100} 元`);
export const Quantity = z.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少为 1').max(MAX_QUANTITY, `不能超过 ${MAX_QUANTITY}`);
/** Commission rate in basis points; a single level can never exceed 50%. */
export const BpsRate = z
  .number({ error: '必须是整数（基点）' })
  .int('必须是整数（基点）')
  .min(0, '不能为负数')
  .max(MAX_LEVEL_RATE_BPS, `不能超过 ${MAX_LEVEL_RATE_BPS}（50%）`);

/**
 * C0 control characters and DEL. PostgreSQL refuses NUL in text, and the others are never typed by a person:
 * they only corrupt logs, exports and other users' screens. The API's validation pipe refuses these (except
 * tab, newline and carriage return) in every string of every body, query and path before any schema runs.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAKS_OR_CONTROLS = /[\u0000-\u001F\u007F]/;

const string = (min: number, max: number) =>
  z
    .string({ error: '必须是字符串' })
    .trim()
    .min(min, min === 1 ? '不能为空' : `至少 ${min} 个字符`)
    .max(max, `不能超过 ${max} 个字符`);

/** A single-line text field (names, titles, reasons, addresses): no line breaks, tabs or control characters. */
export const text = (max: number, min = 0) => string(min, max).refine((v) => !LINE_BREAKS_OR_CONTROLS.test(v), '不能包含换行或控制字符');
/** A multi-line text field (product descriptions): line breaks and tabs allowed, other control characters not. */
export const multilineText = (max: number, min = 0) => string(min, max).refine((v) => !CONTROL_CHARACTERS.test(v), '不能包含控制字符');

/** Paths the platform serves itself: uploaded images and the seeded demo artwork (uploads.controller.ts, demo-images.controller.ts). */
const OWN_IMAGE_PATH = /^\/(uploads|static\/demo)(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)+$/;

/** https: with a host and no credentials, or one of the platform's own image paths; nothing else is shown to other users. */
export function isAllowedImageUrl(value: string): boolean {
  if (OWN_IMAGE_PATH.test(value)) return !value.includes('..');
  if (!/^https:\/\/[^\s\\]+$/i.test(value) || LINE_BREAKS_OR_CONTROLS.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Every URL field shown to other users (avatars, banners, logos, product images): `https:` or the platform's
 * own `/uploads/...` (and demo `/static/demo/...`) paths. No `javascript:`, `data:` or plain `http:` trackers.
 */
export const ImageUrl = z
  .string({ error: '必须是字符串' })
  .max(500, '不能超过 500 个字符')
  .regex(/^(https:\/\/|\/uploads\/|\/static\/demo\/)\S+$/, '必须是 https 地址或站内 /uploads/ 路径')
  .refine(isAllowedImageUrl, '必须是 https 地址或站内 /uploads/ 路径');
export const IsoDate = z.string().describe('ISO 8601 timestamp');

/** Spread into a strictObject query schema: `{ status, ...PageFields }`. */
export const PageFields = {
  page: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少为 1').max(10_000, '过大').default(1),
  pageSize: z.coerce.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少为 1').max(100, '不能超过 100').default(20),
};

// Short aliases used inside this package's schema files. Not re-exported from the index under these names
// (ids.ts and money.ts already export `Id`, `IdParam`, `PageQuery`, `Fen`, `Bps` there).
export { IdParam, pageSchema as page } from './ids.js';
export const Id = BodyId;
export const PageQuery = PageFields;
export const Fen = FenAmount;
export const Bps = BpsRate;
