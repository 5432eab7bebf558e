import { Module } from '@nestjs/common';
import { MerchantCommissionRates } from './merchant-commission-rates.query.js';
import { MerchantPreferences } from './merchant-preferences.service.js';
import { MerchantNotifications } from './merchant-notifications.js';
import { MerchantPlatformRulesService } from './merchant-platform-rules.service.js';
import { MerchantOnboardingService } from './merchant-onboarding.service.js';
import { MerchantSettingsService } from './merchant-settings.service.js';
import { AdminMerchantsController, MerchantApplicationController, MerchantSettingsController } from './merchants.controller.js';
import { MerchantInvitationsController, MerchantStaffController } from './staff.controller.js';
import { StaffInvitationsService } from './staff-invitations.service.js';
import { AccessModule } from '../access/access.module.js';
import { EventsModule } from '../events/events.module.js';
import { PlatformSettingsModule } from '../platform/settings.module.js';
import { WechatModule } from '../wechat/wechat.module.js';
import { ShopsModule } from '../shops/shops.module.js';

@Module({
  imports: [AccessModule, EventsModule, PlatformSettingsModule, ShopsModule, WechatModule],
  controllers: [MerchantApplicationController, MerchantSettingsController, MerchantStaffController, MerchantInvitationsController, AdminMerchantsController],
  providers: [
    MerchantNotifications,
    MerchantOnboardingService,
    MerchantPlatformRulesService,
    MerchantSettingsService,
    StaffInvitationsService,
    MerchantCommissionRates,
    MerchantPreferences,
  ],
  exports: [MerchantCommissionRates, MerchantPreferences],
})
export class MerchantsModule {}
