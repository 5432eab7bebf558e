import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { ReferralBindingService } from './referral-binding.service.js';
import { ReferralController } from './referral.controller.js';
import { ReferralHooks } from './referral.hooks.js';
import { TeamController } from './team.controller.js';
import { TeamService } from './team.service.js';

/** Referral binding (exported: login and shop cloning bind through it), order attribution and team views. */
@Module({
  imports: [OrdersModule],
  controllers: [ReferralController, TeamController],
  providers: [ReferralBindingService, TeamService, ReferralHooks],
  exports: [ReferralBindingService],
})
export class ReferralModule {}
