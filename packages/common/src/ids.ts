import { z } from 'zod';

/** A database id: a positive safe integer; path/query strings are coerced ("12" -> 12). */
export const Id = z.coerce.number({ error: '必须是正整数 id' }).int('必须是正整数 id').positive('必须是正整数 id').max(Number.MAX_SAFE_INTEGER);
export const IdParam = Id;

/** Paging for list routes: page from 1, pageSize 1..100 (default 20). */
export const PageQuery = z
  .object({
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type PageQuery = z.infer<typeof PageQuery>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
