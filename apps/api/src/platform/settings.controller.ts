import { Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PlatformSettingsView, UpdatePlatformSettingsBody } from '@shareshop/common';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { ZBody, ZResponse } from '../http/validation.js';
import { PlatformAdmin } from '../access/access.guards.js';
import { PlatformSettingsService } from './settings.service.js';

@ApiTags('admin')
@ApiBearerAuth()
@PlatformAdmin()
@Controller('admin/settings')
export class SettingsController {
  constructor(private readonly settings: PlatformSettingsService) {}

  @Get()
  @ZResponse(PlatformSettingsView)
  get(): Promise<PlatformSettingsView> {
    return this.settings.view();
  }

  /** Any subset of the settings; levels 2..3 need acknowledgeMultiLevelRisk: true (compliance). */
  @Put()
  @ZResponse(PlatformSettingsView)
  update(@CurrentUser() user: AuthUser, @ZBody(UpdatePlatformSettingsBody) body: UpdatePlatformSettingsBody): Promise<PlatformSettingsView> {
    return this.settings.update(user.id, body);
  }
}
