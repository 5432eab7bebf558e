import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from './config/config.js';
import { EventsModule } from './events/events.module.js';
import { LedgerModule } from './ledger/ledger.module.js';

/** One NestJS module per domain; each exports a narrow API to the others. */
export function domainModules(_config: AppConfig): Array<Type | DynamicModule> {
  return [
    EventsModule,
    LedgerModule,
  ];
}
