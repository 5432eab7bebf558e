import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AttributionInput {
  em: EntityManager;
  buyerUserId: number;
  shop: { id: number; kind: 'merchant' | 'distributor'; ownerUserId: number; merchantId: number | null };
  /** referral code from the share link (`ref`), if the client passed one */
  ref?: string;
}

/**
 * Who made a sale (earns level-1 commission), asked by orders when an order is placed: the owner of a
 * distributor shop; for a merchant shop, a valid `ref` distributor, else nobody. Orders imports referral
 * for it (referral imports nothing of orders).
 */
@Injectable()
export class OrderAttribution {
  async attribute({ em, shop, ref }: AttributionInput): Promise<number | null> {
    if (shop.kind === 'distributor') return shop.ownerUserId;
    if (!ref) return null;
    const [referrer] = await em.query<Array<{ id: number }>>('SELECT id FROM app_user WHERE referral_code = $1 AND is_distributor', [ref.toUpperCase()]);
    return referrer?.id ?? null;
  }
}
