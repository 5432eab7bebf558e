import { Module } from '@nestjs/common';
import { ReferralModule } from '../referral/referral.module.js';
import { MerchantShopService } from './merchant-shop.service.js';
import { MyShopService } from './my-shop.service.js';
import { ShopCloneService } from './shop-clone.service.js';
import { ShopViewService } from './shop-view.service.js';
import { ShopsController } from './shops.controller.js';
import { PlatformSettingsModule } from '../platform/settings.module.js';
import { WechatModule } from '../wechat/wechat.module.js';

@Module({
  imports: [ReferralModule, PlatformSettingsModule, WechatModule],
  controllers: [ShopsController],
  providers: [ShopViewService, MyShopService, ShopCloneService, MerchantShopService],
  exports: [ShopViewService, MerchantShopService],
})
export class ShopsModule {}
