import { ErrorCodes } from '@shareshop/common';
import { ApiError, NetworkError } from '../api/client';
import { PlatformError } from '../platform/types';

/** Default Chinese text for a failure; pages may special-case codes before falling back to this. */
export function errorMessage(err: unknown): string {
  if (err instanceof NetworkError) return '网络不太好，请检查网络后重试';
  if (err instanceof ApiError) {
    switch (err.code) {
      case ErrorCodes.UNAUTHENTICATED:
        return '请先登录';
      case ErrorCodes.FORBIDDEN:
        return '没有权限访问';
      case ErrorCodes.NOT_FOUND:
        return '内容不存在或已下架';
      case ErrorCodes.RATE_LIMITED:
        return '操作太频繁，请稍后再试';
      default:
        return err.message || '出错了，请稍后重试';
    }
  }
  if (err instanceof PlatformError) return err.message;
  return '出错了，请稍后重试';
}

export function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 401 || err.code === ErrorCodes.UNAUTHENTICATED);
}
