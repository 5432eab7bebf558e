import { Global, Module } from '@nestjs/common';
import { AdminUsersController } from './admin-users.controller.js';
import { AuthController } from './auth.controller.js';
import { LoginAttribution } from './login-attribution.js';
import { LoginService } from './login.service.js';
import { ProfileService } from './profile.service.js';
import { SessionVersions } from './session-versions.js';

/** Login, the user's own profile and sessions (sign out everywhere; admins block users). The token service and global guard are wired in AppModule. */
@Global()
@Module({
  controllers: [AuthController, AdminUsersController],
  providers: [LoginService, ProfileService, LoginAttribution, SessionVersions],
  exports: [ProfileService, LoginAttribution, SessionVersions],
})
export class AuthModule {}
