import { Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LoginResponse, Me, UpdateProfileBody, WechatLoginBody } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { RateLimit } from '../http/rate-limit.js';
import { ZBody, ZResponse } from '../http/validation.js';
import { type AuthUser, CurrentUser, Public } from './auth.guard.js';
import { LoginService } from './login.service.js';
import { ProfileService } from './profile.service.js';
import { SessionVersions } from './session-versions.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly profiles: ProfileService,
    private readonly dataSource: DataSource,
    private readonly sessions: SessionVersions,
  ) {}

  /** Sign out everywhere: every token of the caller (this one included) stops working at once. */
  @ApiBearerAuth()
  @Post('logout-all')
  @HttpCode(204)
  async logoutAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.sessions.endAll(user.id);
  }

  /** Exchanges a `wx.login()` code for the platform's access token; applies the launch referral. */
  @Public()
  @RateLimit('login')
  @Post('wechat/login')
  @HttpCode(200)
  @ZResponse(LoginResponse)
  wechatLogin(@ZBody(WechatLoginBody) body: WechatLoginBody): Promise<LoginResponse> {
    return this.login.login(body);
  }

  @ApiBearerAuth()
  @Get('me')
  @ZResponse(Me)
  me(@CurrentUser() user: AuthUser): Promise<Me> {
    return this.profiles.me(this.dataSource.manager, user.id);
  }

  @ApiBearerAuth()
  @Patch('me')
  @ZResponse(Me)
  async updateMe(@CurrentUser() user: AuthUser, @ZBody(UpdateProfileBody) body: UpdateProfileBody): Promise<Me> {
    await this.dataSource.query('UPDATE app_user SET nickname = COALESCE($2, nickname), avatar_url = COALESCE($3, avatar_url) WHERE id = $1', [
      user.id,
      body.nickname ?? null,
      body.avatarUrl ?? null,
    ]);
    return this.profiles.me(this.dataSource.manager, user.id);
  }
}
