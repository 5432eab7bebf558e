import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A merchant's commission rates per level, in basis points. */
export type MerchantRates = [number, number, number];

/** Merchants' commission settings for other modules (commission reads them at sale time, in its transaction). */
@Injectable()
export class MerchantCommissionRates {
  async of(em: EntityManager, merchantId: number): Promise<MerchantRates> {
    const [m] = await em.query<Array<{ commission_l1_bps: number; commission_l2_bps: number; commission_l3_bps: number }>>(
      'SELECT commission_l1_bps, commission_l2_bps, commission_l3_bps FROM merchant WHERE id = $1',
      [merchantId],
    );
    if (!m) throw new Error(`merchant ${merchantId} not found`);
    return [m.commission_l1_bps, m.commission_l2_bps, m.commission_l3_bps];
  }
}
