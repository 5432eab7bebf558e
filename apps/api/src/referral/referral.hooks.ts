import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { decodeShopScene } from '@shareshop/common';
import { LoginAttribution } from '../auth/login-attribution.js';
import type { AttributionInput } from '../orders/order-hooks.js';
import { OrderHooks } from '../orders/order-hooks.js';
import { ReferralBindingService } from './referral-binding.service.js';

/**
 * Plugs referral rules into login and order placement through their seams (they do not import us):
 * - login: bind with the launch `ref` / `shopId` / 小程序码 `scene` (best effort: a refusal is logged in
 *   referral_binding_log, an error is logged here; login never fails because of binding);
 * - orders: who made the sale (level 1) — the owner of a distributor shop, else a valid `ref` distributor.
 */
@Injectable()
export class ReferralHooks implements OnModuleInit {
  private readonly logger = new Logger('referral');

  constructor(
    private readonly binding: ReferralBindingService,
    private readonly login: LoginAttribution,
    private readonly orders: OrderHooks,
  ) {}

  onModuleInit(): void {
    this.login.register({ afterLogin: (userId, isNewUser, launch) => this.afterLogin(userId, isNewUser, launch) });
    this.orders.setAttributionResolver((input) => this.attribute(input));
  }

  async afterLogin(userId: number, isNewUser: boolean, launch: { ref?: string; shopId?: number; scene?: string }): Promise<void> {
    const fromScene = launch.scene ? decodeShopScene(launch.scene) : { shopId: null, ref: null };
    const referralCode = launch.ref ?? fromScene.ref;
    const shopId = launch.shopId ?? fromScene.shopId;
    if (!referralCode && !shopId) return;
    try {
      await this.binding.bind(undefined, userId, { referralCode, shopId, via: 'login', newUser: isNewUser });
    } catch (error) {
      this.logger.warn({ msg: 'binding at login failed', userId, error: (error as Error).message });
    }
  }

  /** A distributor shop credits its owner; a merchant shop credits the `ref` distributor, if any. */
  async attribute({ em, shop, ref }: AttributionInput): Promise<number | null> {
    if (shop.kind === 'distributor') return shop.ownerUserId;
    if (!ref) return null;
    const [referrer] = await em.query('SELECT id FROM app_user WHERE referral_code = $1 AND is_distributor', [ref.toUpperCase()]);
    return referrer?.id ?? null;
  }
}
