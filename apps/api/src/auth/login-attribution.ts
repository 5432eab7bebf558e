import { Injectable } from '@nestjs/common';
import type { WechatLoginBody } from '@shareshop/common';

export interface AttributionHandler {
  afterLogin(userId: number, isNewUser: boolean, launch: Pick<WechatLoginBody, 'ref' | 'shopId' | 'scene'>): Promise<void>;
}

/**
 * The seam between login and referral binding: the referral module registers its handler here, so auth
 * does not depend on referral (referral depends on auth's users). Without a handler, login just logs in.
 */
@Injectable()
export class LoginAttribution {
  private handler?: AttributionHandler;

  register(handler: AttributionHandler): void {
    this.handler = handler;
  }

  async afterLogin(userId: number, isNewUser: boolean, launch: Pick<WechatLoginBody, 'ref' | 'shopId' | 'scene'>): Promise<void> {
    if (!this.handler || (!launch.ref && !launch.shopId && !launch.scene)) return;
    await this.handler.afterLogin(userId, isNewUser, launch);
  }
}
