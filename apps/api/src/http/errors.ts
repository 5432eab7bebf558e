import { HttpStatus } from '@nestjs/common';
import { ErrorCodes, type FieldIssue } from '@shareshop/common';

/**
 * Errors a use case throws on purpose. The filter turns them into `{code, message, details}` with
 * their status; anything else is a bug and becomes a logged 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (field: string, message: string) =>
  new AppError(HttpStatus.BAD_REQUEST, ErrorCodes.VALIDATION, `${field}: ${message}`, [{ field, message } satisfies FieldIssue]);
export const notFound = (what: string) => new AppError(HttpStatus.NOT_FOUND, ErrorCodes.NOT_FOUND, `${what}不存在`);
export const forbidden = (message = '无权访问') => new AppError(HttpStatus.FORBIDDEN, ErrorCodes.FORBIDDEN, message);
export const unauthenticated = (message = '请先登录') => new AppError(HttpStatus.UNAUTHORIZED, ErrorCodes.UNAUTHENTICATED, message);
export const conflict = (code: string, message: string, details?: unknown) => new AppError(HttpStatus.CONFLICT, code, message, details);
export const upstream = (message: string, details?: unknown) => new AppError(HttpStatus.BAD_GATEWAY, ErrorCodes.UPSTREAM, message, details);
