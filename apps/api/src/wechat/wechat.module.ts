import { type DynamicModule, Global, HttpStatus, Module } from '@nestjs/common';
import { MiniProgramClient, type WechatConfig, WechatPayClient } from '@shareshop/wechat';
import { AppError } from '../http/errors.js';

export const WECHAT_CONFIG = Symbol('WECHAT_CONFIG');

/** Stands in for a client when WeChat is not configured: any call is a clear 503, not a crash at boot. */
function notConfigured<T extends object>(client: abstract new (...args: any[]) => T): T {
  const name = client.name;
  return new Proxy({} as T, {
    get(_target, prop) {
      // Only the client's own methods fail; Nest probes providers for lifecycle hooks like onModuleInit.
      if (prop === 'constructor' || typeof (client.prototype as Record<PropertyKey, unknown>)[prop] !== 'function') return undefined;
      return () => {
        throw new AppError(HttpStatus.SERVICE_UNAVAILABLE, 'WECHAT_NOT_CONFIGURED', `微信未配置（${name}）：设置 WECHAT_* 环境变量，或先启动本地微信沙箱`);
      };
    },
  });
}

/** The WeChat clients from @shareshop/wechat as injectable singletons (one token cache, one key store). */
@Global()
@Module({})
export class WechatModule {
  static forRoot(config: WechatConfig | null): DynamicModule {
    return {
      module: WechatModule,
      providers: [
        { provide: WECHAT_CONFIG, useValue: config },
        { provide: MiniProgramClient, useFactory: () => (config ? new MiniProgramClient(config) : notConfigured(MiniProgramClient)) },
        { provide: WechatPayClient, useFactory: () => (config ? new WechatPayClient(config) : notConfigured(WechatPayClient)) },
      ],
      exports: [WECHAT_CONFIG, MiniProgramClient, WechatPayClient],
    };
  }
}
