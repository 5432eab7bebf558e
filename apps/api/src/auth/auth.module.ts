import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller.js';
import { LoginAttribution } from './login-attribution.js';
import { LoginService } from './login.service.js';
import { ProfileService } from './profile.service.js';

/** Login and the user's own profile. The token service and global guard are wired in AppModule. */
@Global()
@Module({
  controllers: [AuthController],
  providers: [LoginService, ProfileService, LoginAttribution],
  exports: [ProfileService, LoginAttribution],
})
export class AuthModule {}
