/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Set by Taro at build time. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'quickapp' | 'qq' | 'jd' | 'harmony';
    /** Baked in at build time from config/index.ts. */
    TARO_APP_API_BASE?: string;
    TARO_APP_SANDBOX_BASE?: string;
  }
}

/** The WeChat global, only ever touched inside src/platform/weapp.ts. */
declare const wx: any;
