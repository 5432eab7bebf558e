import { Global, Module } from '@nestjs/common';
import { SettingsController } from './settings.controller.js';
import { PlatformSettingsService } from './settings.service.js';

/** Platform-wide distribution rules; global because binding, shops, commission and withdrawals all read them. */
@Global()
@Module({ controllers: [SettingsController], providers: [PlatformSettingsService], exports: [PlatformSettingsService] })
export class PlatformSettingsModule {}
