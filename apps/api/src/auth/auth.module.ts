import { Module } from '@nestjs/common';
import { AdminUsersController } from './admin-users.controller.js';
import { AuthController } from './auth.controller.js';
import { LoginService } from './login.service.js';
import { ProfileService } from './profile.service.js';
import { SessionVersions } from './session-versions.js';
import { AccessModule } from '../access/access.module.js';
import { ReferralModule } from '../referral/referral.module.js';
import { WechatModule } from '../wechat/wechat.module.js';

/**
 * Login, the user's own profile and sessions (sign out everywhere; admins block users). The token service and global guard
 * are wired in AppModule. Binding at login is referral's LoginReferralBinding (referral imports nothing of auth).
 */
@Module({
  imports: [AccessModule, ReferralModule, WechatModule],
  controllers: [AuthController, AdminUsersController],
  providers: [LoginService, ProfileService, SessionVersions],
  exports: [ProfileService, SessionVersions],
})
export class AuthModule {}
