import type { DynamicModule, Type } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './config/config.js';
import { EventsModule } from './events/events.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { WechatModule } from './wechat/wechat.module.js';

/** One NestJS module per domain; each exports a narrow API to the others. */
export function domainModules(config: AppConfig): Array<Type | DynamicModule> {
  return [
    EventsModule,
    WechatModule.forRoot(config.wechat),
    AuthModule,
    LedgerModule,
  ];
}
