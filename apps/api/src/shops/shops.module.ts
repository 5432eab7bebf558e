import { Module } from '@nestjs/common';
import { ReferralModule } from '../referral/referral.module.js';
import { MyShopService } from './my-shop.service.js';
import { ShopCloneService } from './shop-clone.service.js';
import { ShopViewService } from './shop-view.service.js';
import { ShopsController } from './shops.controller.js';

@Module({
  imports: [ReferralModule],
  controllers: [ShopsController],
  providers: [ShopViewService, MyShopService, ShopCloneService],
  exports: [ShopViewService],
})
export class ShopsModule {}
