import { Module } from '@nestjs/common';
import { MerchantNotifications } from './merchant-notifications.js';
import { MerchantPlatformRulesService } from './merchant-platform-rules.service.js';
import { MerchantOnboardingService } from './merchant-onboarding.service.js';
import { MerchantSettingsService } from './merchant-settings.service.js';
import { MerchantShopService } from './merchant-shop.service.js';
import { AdminMerchantsController, MerchantApplicationController, MerchantSettingsController } from './merchants.controller.js';
import { MerchantInvitationsController, MerchantStaffController } from './staff.controller.js';
import { StaffInvitationsService } from './staff-invitations.service.js';

@Module({
  controllers: [MerchantApplicationController, MerchantSettingsController, MerchantStaffController, MerchantInvitationsController, AdminMerchantsController],
  providers: [
    MerchantNotifications,
    MerchantOnboardingService,
    MerchantPlatformRulesService,
    MerchantSettingsService,
    MerchantShopService,
    StaffInvitationsService,
  ],
  exports: [MerchantShopService],
})
export class MerchantsModule {}
