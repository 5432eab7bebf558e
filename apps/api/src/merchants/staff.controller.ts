import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdParam, InvitationCodeParam, InvitationLookupView, MerchantInvitationView, MerchantMembershipView, StaffView } from '@shareshop/common';
import { CurrentMerchant, MerchantAccess, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { ZParam, ZResponse } from '../http/validation.js';
import { MerchantSettingsService } from './merchant-settings.service.js';
import { StaffInvitationsService } from './staff-invitations.service.js';

/** A merchant's team: members, the owner's invitations, removal and leaving. */
@ApiTags('merchant')
@Controller('merchant')
@MerchantMember()
export class MerchantStaffController {
  constructor(
    private readonly settings: MerchantSettingsService,
    private readonly invitations: StaffInvitationsService,
  ) {}

  /** Members; the owner also sees pending, unexpired invitation codes (staff get an empty list). */
  @Get('staff')
  @ZResponse(StaffView)
  staff(@CurrentMerchant() m: MerchantContext) {
    return this.settings.staff(m.merchantId, m.role === 'owner');
  }

  /** A single-use code, valid 7 days, for the owner to share with the person who should join. */
  @Post('staff/invitations')
  @MerchantAccess({ ownerOnly: true })
  @ZResponse(MerchantInvitationView)
  invite(@CurrentMerchant() m: MerchantContext) {
    return this.invitations.create(m.merchantId, m.userId);
  }

  /** Revokes a pending code: 204. A used code cannot be revoked (409: remove the member instead). */
  @Delete('staff/invitations/:code')
  @MerchantAccess({ ownerOnly: true })
  @HttpCode(204)
  async revoke(@CurrentMerchant() m: MerchantContext, @ZParam('code', InvitationCodeParam) code: string): Promise<void> {
    await this.invitations.revoke(m.merchantId, code);
  }

  @Delete('staff/:userId')
  @MerchantAccess({ ownerOnly: true })
  @ZResponse(StaffView)
  removeStaff(@CurrentMerchant() m: MerchantContext, @ZParam('userId', IdParam) userId: number) {
    return this.settings.removeStaff(m.merchantId, userId);
  }

  /** The acting member (X-Merchant-Id) leaves; 204. The owner cannot leave (409 主账号不能退出). */
  @Post('leave')
  @MerchantAccess({ allowUnapproved: true })
  @HttpCode(204)
  async leave(@CurrentMerchant() m: MerchantContext): Promise<void> {
    await this.invitations.leave(m.merchantId, m.userId, m.role);
  }
}

/** The invited user's side: any signed-in user may open a code and accept it. */
@ApiTags('merchants')
@Controller('merchant-invitations')
export class MerchantInvitationsController {
  constructor(private readonly invitations: StaffInvitationsService) {}

  @Get(':code')
  @ZResponse(InvitationLookupView)
  lookup(@ZParam('code', InvitationCodeParam) code: string) {
    return this.invitations.lookup(code);
  }

  /** Joins as staff: 200 with the membership (as in GET /merchants/mine). */
  @Post(':code/accept')
  @HttpCode(200)
  @ZResponse(MerchantMembershipView)
  accept(@CurrentUser() user: AuthUser, @ZParam('code', InvitationCodeParam) code: string) {
    return this.invitations.accept(code, user.id);
  }
}
