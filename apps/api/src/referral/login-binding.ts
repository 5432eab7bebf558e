import { Injectable, Logger } from '@nestjs/common';
import { type WechatLoginBody, decodeShopScene } from '@shareshop/common';
import { ReferralBindingService } from './referral-binding.service.js';

/**
 * Binding at login, asked by auth after each WeChat login: bind with the launch `ref` / `shopId` / 小程序码
 * `scene`. Best effort: a refusal is logged in referral_binding_log, an error is logged here; login never
 * fails because of binding. Auth imports referral for it (referral imports nothing of auth).
 */
@Injectable()
export class LoginReferralBinding {
  private readonly logger = new Logger('referral');

  constructor(private readonly binding: ReferralBindingService) {}

  async afterLogin(userId: number, isNewUser: boolean, launch: Pick<WechatLoginBody, 'ref' | 'shopId' | 'scene'>): Promise<void> {
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
}
