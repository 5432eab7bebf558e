import { Module } from '@nestjs/common';
import { MiniProgramClient, type WechatConfig, WechatPayClient } from '@shareshop/wechat';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Unavailable } from '../domain/errors.js';

export const WECHAT_CONFIG = Symbol('WECHAT_CONFIG');

/** Stands in for a client when WeChat is not configured: any call is a clear 503, not a crash at boot. */
function notConfigured<T extends object>(client: abstract new (...args: never[]) => T): T {
  const name = client.name;
  return new Proxy({} as T, {
    get(_target, prop) {
      // Only the client's own methods fail; Nest probes providers for lifecycle hooks like onModuleInit.
      if (prop === 'constructor' || typeof (client.prototype as Record<PropertyKey, unknown>)[prop] !== 'function') return undefined;
      return () => {
        throw new Unavailable('WECHAT_NOT_CONFIGURED', `微信未配置（${name}）：设置 WECHAT_* 环境变量，或先启动本地微信沙箱`);
      };
    },
  });
}

/**
 * The WeChat clients from @shareshop/wechat as injectable singletons (one token cache, one key store), built
 * from the app's configuration (APP_CONFIG, provided by AppModule). A plain module: each module that calls
 * WeChat imports it, and Nest still makes one instance of it for the whole app.
 */
@Module({
  providers: [
    { provide: WECHAT_CONFIG, useFactory: (config: AppConfig): WechatConfig | null => config.wechat, inject: [APP_CONFIG] },
    {
      provide: MiniProgramClient,
      useFactory: (config: WechatConfig | null) => (config ? new MiniProgramClient(config) : notConfigured(MiniProgramClient)),
      inject: [WECHAT_CONFIG],
    },
    {
      provide: WechatPayClient,
      useFactory: (config: WechatConfig | null) => (config ? new WechatPayClient(config) : notConfigured(WechatPayClient)),
      inject: [WECHAT_CONFIG],
    },
  ],
  exports: [WECHAT_CONFIG, MiniProgramClient, WechatPayClient],
})
export class WechatModule {}
