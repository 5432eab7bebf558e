import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface AttributionInput {
  em: EntityManager;
  buyerUserId: number;
  shop: { id: number; kind: 'merchant' | 'distributor'; ownerUserId: number; merchantId: number | null };
  /** referral code from the share link (`ref`), if the client passed one */
  ref?: string;
}

/** Decides who earns level-1 commission on an order; returns a user id or null. */
export type AttributionResolver = (input: AttributionInput) => Promise<number | null>;

/** Asked before an unpaid order with a prepay is closed: did the buyer pay after all? */
export type BeforeCloseProbe = (order: { id: number; outTradeNo: string }) => Promise<'paid' | 'unpaid'>;

/**
 * Extension points other modules fill in at `onModuleInit`, so orders need not import them:
 * - attribution (distribution module): the default credits the owner of a distributor shop and nobody
 *   for a merchant shop; a resolver can also credit the `ref` distributor for merchant-shop sales.
 * - beforeClose (payments module): queries WeChat so auto-close never closes an order that was paid.
 */
@Injectable()
export class OrderHooks {
  private attributionResolver: AttributionResolver = async ({ shop }) => (shop.kind === 'distributor' ? shop.ownerUserId : null);
  private probe: BeforeCloseProbe | null = null;

  setAttributionResolver(resolver: AttributionResolver): void {
    this.attributionResolver = resolver;
  }

  attribute(input: AttributionInput): Promise<number | null> {
    return this.attributionResolver(input);
  }

  setBeforeCloseProbe(probe: BeforeCloseProbe): void {
    this.probe = probe;
  }

  async beforeClose(order: { id: number; outTradeNo: string }): Promise<'paid' | 'unpaid'> {
    return this.probe ? this.probe(order) : 'unpaid';
  }
}
