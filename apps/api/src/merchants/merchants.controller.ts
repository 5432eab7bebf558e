import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AdminMerchantList,
  AdminMerchantsQuery,
  ApplyMerchantBody,
  IdParam,
  MerchantPlatformRulesView,
  MerchantView,
  MyMerchantApplicationView,
  MyMerchantsView,
  RejectMerchantBody,
  UpdateMerchantSettingsBody,
} from '@shareshop/common';
import { CurrentMerchant, MerchantAccess, MerchantMember, type MerchantContext, PlatformAdmin } from '../access/access.guards.js';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { MerchantOnboardingService } from './merchant-onboarding.service.js';
import { MerchantPlatformRulesService } from './merchant-platform-rules.service.js';
import { MerchantSettingsService } from './merchant-settings.service.js';

@ApiTags('merchants')
@Controller('merchants')
export class MerchantApplicationController {
  constructor(
    private readonly onboarding: MerchantOnboardingService,
    private readonly settings: MerchantSettingsService,
  ) {}

  /** Apply to become a merchant; a platform admin approves. */
  @Post()
  @ZResponse(MerchantView)
  apply(@CurrentUser() user: AuthUser, @ZBody(ApplyMerchantBody) body: ApplyMerchantBody) {
    return this.onboarding.apply(user.id, body);
  }

  @Get('mine')
  @ZResponse(MyMerchantsView)
  mine(@CurrentUser() user: AuthUser) {
    return this.settings.mine(user.id);
  }

  /** The caller's latest application as its owner: pending, rejected (with the reason) or approved. */
  @Get('mine/application')
  @ZResponse(MyMerchantApplicationView)
  async myApplication(@CurrentUser() user: AuthUser) {
    return { application: await this.onboarding.myApplication(user.id) };
  }
}

@ApiTags('merchant')
@Controller('merchant')
@MerchantMember()
export class MerchantSettingsController {
  constructor(
    private readonly settings: MerchantSettingsService,
    private readonly rules: MerchantPlatformRulesService,
  ) {}

  @Get('settings')
  @MerchantAccess({ allowUnapproved: true })
  @ZResponse(MerchantView)
  get(@CurrentMerchant() m: MerchantContext) {
    return this.settings.get(m.merchantId);
  }

  /** The platform limits the commission page shows next to the rates (read-only; operators set them). */
  @Get('platform-rules')
  @MerchantAccess({ allowUnapproved: true })
  @ZResponse(MerchantPlatformRulesView)
  platformRules() {
    return this.rules.get();
  }

  @Patch('settings')
  @MerchantAccess({ ownerOnly: true })
  @ZResponse(MerchantView)
  update(@CurrentMerchant() m: MerchantContext, @ZBody(UpdateMerchantSettingsBody) body: UpdateMerchantSettingsBody) {
    return this.settings.update(m.merchantId, body);
  }
}

@ApiTags('admin')
@Controller('admin/merchants')
@PlatformAdmin()
export class AdminMerchantsController {
  constructor(private readonly onboarding: MerchantOnboardingService) {}

  @Get()
  @ZResponse(AdminMerchantList)
  list(@ZQuery(AdminMerchantsQuery) query: AdminMerchantsQuery) {
    return this.onboarding.list(query);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ZResponse(MerchantView)
  approve(@ZParam('id', IdParam) id: number) {
    return this.onboarding.approve(id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ZResponse(MerchantView)
  reject(@ZParam('id', IdParam) id: number, @ZBody(RejectMerchantBody) body: RejectMerchantBody) {
    return this.onboarding.reject(id, body.reason);
  }
}
