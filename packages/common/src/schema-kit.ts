import { z } from 'zod';

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
export const Quantity = z.number({ error: '必须是整数' }).int('必须是整数').min(1, '至少为 1').max(MAX_QUANTITY, `不能超过 ${MAX_QUANTITY}`);
/** Commission rate in basis points; a single level can never exceed 50%. */
export const BpsRate = z.number({ error: '必须是整数（基点）' }).int('必须是整数（基点）').min(0, '不能为负数').max(5000, '不能超过 5000（50%）');

export const text = (max: number, min = 0) =>
  z.string({ error: '必须是字符串' }).trim().min(min, min === 1 ? '不能为空' : `至少 ${min} 个字符`).max(max, `不能超过 ${max} 个字符`);
export const ImageUrl = z.string({ error: '必须是字符串' }).max(500, '不能超过 500 个字符').regex(/^(https?:\/\/|\/)\S+$/, '必须是 http(s) 地址或站内路径');
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
