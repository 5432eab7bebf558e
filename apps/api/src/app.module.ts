import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthGuard } from './auth/auth.guard.js';
import { TOKEN_SETTINGS, TokenService } from './auth/token.service.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { dataSourceOptions, sessionTimeouts } from './database/data-source.js';
import { runMigrations } from './database/migrate.js';
import { domainModules } from './domain-modules.js';
import { DemoImagesController } from './demo/demo-images.controller.js';
import { HealthController } from './health/health.controller.js';
import { ErrorFilter } from './http/error.filter.js';
import { RateLimitGuard, RateLimiter } from './http/rate-limit.js';

export interface RuntimeSettings {
  config: AppConfig;
  databaseUrl: string;
  tokenSecret: string;
}

@Module({})
export class AppModule {
  static forRoot(settings: RuntimeSettings): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions(settings.databaseUrl, settings.config.database.DB_POOL_SIZE, sessionTimeouts(settings.config)),
            autoLoadEntities: true,
          }),
          // migrate before any module starts using the schema, under a lock shared by all instances
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await runMigrations(dataSource);
            return dataSource;
          },
        }),
        ...domainModules(),
      ],
      controllers: [HealthController, DemoImagesController],
      providers: [
        { provide: APP_CONFIG, useValue: settings.config },
        { provide: TOKEN_SETTINGS, useValue: { secret: settings.tokenSecret, ttlSeconds: settings.config.auth.AUTH_TOKEN_TTL_HOURS * 3600 } },
        TokenService,
        RateLimiter,
        RateLimitGuard,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
      exports: [APP_CONFIG, TokenService, RateLimiter, RateLimitGuard],
    };
  }
}
