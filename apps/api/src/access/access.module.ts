import { Module } from '@nestjs/common';
import { MerchantMemberGuard, PlatformAdminGuard } from './access.guards.js';
import { AccessService } from './access.service.js';

/** Role checks every domain reuses: `@PlatformAdmin()`, `@MerchantMember()`, `@CurrentMerchant()`. */
@Module({ providers: [AccessService, PlatformAdminGuard, MerchantMemberGuard], exports: [AccessService, PlatformAdminGuard, MerchantMemberGuard] })
export class AccessModule {}
