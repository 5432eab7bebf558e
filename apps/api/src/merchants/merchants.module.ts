import { Module } from '@nestjs/common';
import { MerchantPlatformRulesService } from './merchant-platform-rules.service.js';
import { MerchantOnboardingService } from './merchant-onboarding.service.js';
import { MerchantSettingsService } from './merchant-settings.service.js';
import { MerchantShopService } from './merchant-shop.service.js';
import { AdminMerchantsController, MerchantApplicationController, MerchantSettingsController } from './merchants.controller.js';

@Module({
  controllers: [MerchantApplicationController, MerchantSettingsController, AdminMerchantsController],
  providers: [MerchantOnboardingService, MerchantPlatformRulesService, MerchantSettingsService, MerchantShopService],
  exports: [MerchantShopService],
})
export class MerchantsModule {}
