import type { EntityManager } from 'typeorm';
import { Conflict, Invalid } from '../domain/errors.js';
import { totalRateProblem } from '../merchants/commission-rate-rules.js';

/**
 * Product-level rules of the editor, checked before anything is written (a refused save changes nothing).
 */

/** An on-sale product has a main image (its first image): buyers and share cards show it. */
export function requireMainImage(status: string, images: readonly string[], field = 'images'): void {
  if (status === 'on_sale' && images.length === 0) throw new Invalid(field, '上架销售需要主图：请至少上传一张商品图片（第一张为主图）');
}

/** The same rule when only the status changes (no images in the request): 409 naming the missing field. */
export function mainImageConflict(): Conflict {
  return new Conflict('MAIN_IMAGE_REQUIRED', 'images: 上架销售需要主图，请先在编辑页上传商品图片', [{ field: 'images', message: '上架销售需要主图' }]);
}

/** The category is '' (none) or a name from the platform's list (GET /categories). */
export async function checkCategory(em: EntityManager, name: string | undefined): Promise<void> {
  if (!name) return;
  const [row] = await em.query<unknown[]>('SELECT 1 FROM category WHERE name = $1', [name]);
  if (!row) throw new Invalid('category', '不是平台的商品类目（见 GET /categories）');
}

type Override = { commissionL1Bps?: number | null; commissionL2Bps?: number | null; commissionL3Bps?: number | null };
type Stored = { commission_l1_bps: number | null; commission_l2_bps: number | null; commission_l3_bps: number | null };

/**
 * A per-product commission override keeps the merchant's rule: with each level's effective rate (the
 * override, or the merchant's rate where the override is null), the three levels stay within 50% in total.
 * `current` is the product's stored override (edits), the body's fields replace it where present.
 */
export async function checkCommissionOverride(em: EntityManager, merchantId: number, body: Override, current?: Stored): Promise<void> {
  const keys = ['commissionL1Bps', 'commissionL2Bps', 'commissionL3Bps'] as const;
  if (!keys.some((k) => body[k] !== undefined)) return;
  const [m] = await em.query<Array<{ commission_l1_bps: number; commission_l2_bps: number; commission_l3_bps: number }>>(
    'SELECT commission_l1_bps, commission_l2_bps, commission_l3_bps FROM merchant WHERE id = $1',
    [merchantId],
  );
  const stored = [current?.commission_l1_bps ?? null, current?.commission_l2_bps ?? null, current?.commission_l3_bps ?? null];
  const merchant = [m.commission_l1_bps, m.commission_l2_bps, m.commission_l3_bps];
  const rates = keys.map((k, i) => {
    const own = body[k] === undefined ? stored[i] : body[k];
    return own ?? merchant[i];
  }) as [number, number, number];
  const problem = totalRateProblem(rates);
  if (problem) throw new Invalid(keys.find((k) => body[k] !== undefined && body[k] !== null) ?? 'commissionL1Bps', problem);
}
