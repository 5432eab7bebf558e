/**
 * The platform seam: the only place that branches on process.env.TARO_ENV (replaced at build time, so
 * the other implementation is dropped from each bundle).
 */
import { createH5Platform } from './h5';
import type { Platform } from './types';
import { createWeappPlatform } from './weapp';

export * from './types';

export const platform: Platform = process.env.TARO_ENV === 'h5' ? createH5Platform() : createWeappPlatform();
