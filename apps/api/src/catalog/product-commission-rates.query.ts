import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A product's own commission rates per level (basis points); null levels fall back to the merchant's. */
export type ProductRateOverride = [number | null, number | null, number | null];

/** Products' commission overrides for other modules (commission reads them at sale time, in its transaction). */
@Injectable()
export class ProductCommissionRates {
  /** By product id; products without a row are absent. */
  async overrides(em: EntityManager, productIds: number[]): Promise<Map<number, ProductRateOverride>> {
    if (!productIds.length) return new Map();
    const rows = await em.query<Array<{ id: number; commission_l1_bps: number | null; commission_l2_bps: number | null; commission_l3_bps: number | null }>>(
      'SELECT id, commission_l1_bps, commission_l2_bps, commission_l3_bps FROM product WHERE id = ANY($1)',
      [productIds],
    );
    return new Map(rows.map((p) => [p.id, [p.commission_l1_bps, p.commission_l2_bps, p.commission_l3_bps]]));
  }
}
