import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module.js';
import { SettingsController } from './settings.controller.js';
import { PlatformSettingsService } from './settings.service.js';

/** Platform-wide distribution rules; binding, shops, commission, orders and withdrawals import it to read them. */
@Module({ imports: [AccessModule], controllers: [SettingsController], providers: [PlatformSettingsService], exports: [PlatformSettingsService] })
export class PlatformSettingsModule {}
