import { Module } from '@nestjs/common';
import { PlatformSettingsModule } from '../platform/settings.module.js';
import { LoginReferralBinding } from './login-binding.js';
import { OrderAttribution } from './order-attribution.js';
import { ReferralBindingService } from './referral-binding.service.js';
import { ReferralController } from './referral.controller.js';
import { TeamController } from './team.controller.js';
import { TeamService } from './team.service.js';

/**
 * Referral binding (exported: shop cloning binds through it), binding at login (auth asks LoginReferralBinding),
 * order attribution (orders asks OrderAttribution) and team views. Imports neither auth nor orders.
 */
@Module({
  imports: [PlatformSettingsModule],
  controllers: [ReferralController, TeamController],
  providers: [ReferralBindingService, TeamService, LoginReferralBinding, OrderAttribution],
  exports: [ReferralBindingService, LoginReferralBinding, OrderAttribution],
})
export class ReferralModule {}
