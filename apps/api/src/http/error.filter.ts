import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { type ApiErrorBody, ErrorCodes } from '@shareshop/common';
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorKind } from '../domain/errors.js';
import { AppError } from './errors.js';
import { currentRequestId } from './request-context.js';

const STATUS_CODES: Record<number, string> = {
  400: ErrorCodes.VALIDATION,
  401: ErrorCodes.UNAUTHENTICATED,
  403: ErrorCodes.FORBIDDEN,
  404: ErrorCodes.NOT_FOUND,
  409: ErrorCodes.CONFLICT,
  413: ErrorCodes.PAYLOAD_TOO_LARGE,
  415: ErrorCodes.UNSUPPORTED_MEDIA_TYPE,
  429: ErrorCodes.RATE_LIMITED,
};

/** The status each kind of domain error (domain/errors.ts) answers with. */
const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  broken: 500,
  upstream: 502,
  unavailable: 503,
};

/** Every error leaves the API as `{ code, message, details?, requestId }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body] = this.describe(error);
    if (status === 503)
      this.logger.warn({ msg: body.code === ErrorCodes.DATABASE_BUSY ? 'database busy' : 'database unavailable', error: (error as Error)?.message });
    else if (status >= 500) this.logger.error(error instanceof Error ? error : String(error));
    if (res.sent || res.raw.headersSent) return;
    if (status === 503) res.header('Retry-After', body.code === ErrorCodes.DATABASE_BUSY ? '5' : '2');
    // JSON whatever the route declared (a CSV export's @Header content type is set before its pipes run)
    res
      .status(status)
      .header('Content-Type', 'application/json; charset=utf-8')
      .send({ ...body, requestId: currentRequestId() });
  }

  private describe(error: unknown): [number, ApiErrorBody] {
    if (error instanceof DomainError || error instanceof AppError) {
      const status = error instanceof DomainError ? DOMAIN_STATUS[error.kind] : error.status;
      return [status, { code: error.code, message: error.message, ...(error.details !== undefined && { details: error.details }) }];
    }
    // body-parser errors carry an HTTP status and a `type`; Nest's adapter wraps them as the cause
    const cause = error instanceof HttpException ? error.cause : undefined;
    const e = ((cause as { type?: string })?.type ? cause : error) as { status?: number; type?: string; message?: string };
    if (e?.type === 'entity.too.large') return [413, { code: ErrorCodes.PAYLOAD_TOO_LARGE, message: 'body: 请求体过大' }];
    if (e?.type === 'entity.parse.failed')
      return [400, { code: ErrorCodes.VALIDATION, message: 'body: 不是合法的 JSON', details: [{ field: 'body', message: 'invalid JSON' }] }];
    if (e?.type && e.status && e.status < 500) return [e.status, { code: STATUS_CODES[e.status] ?? 'BAD_REQUEST', message: `body: ${e.message}` }];
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
      return [
        status,
        {
          code: STATUS_CODES[status] ?? (status >= 500 ? ErrorCodes.INTERNAL : 'HTTP_ERROR'),
          message: Array.isArray(message) ? message.join('; ') : String(message),
        },
      ];
    }
    if (databaseBusy(error)) return [503, { code: ErrorCodes.DATABASE_BUSY, message: '服务繁忙（数据库等待超时），请稍后重试' }];
    if (databaseUnavailable(error)) return [503, { code: ErrorCodes.UNAVAILABLE, message: '服务暂时不可用（数据库连接中断），请稍后重试' }];
    return [500, { code: ErrorCodes.INTERNAL, message: '服务器内部错误' }];
  }
}

/**
 * The database went away under a request (restart, failover, network): nothing is wrong with the request, and
 * the transaction it was in rolled back, so 503 with Retry-After tells the client to try again, where 500
 * would say the API has a bug. Health reports the same state (health.controller.ts).
 */
function databaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string; driverError?: { code?: string; message?: string } };
  const code = e?.driverError?.code ?? e?.code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006'].includes(code)) return true;
  // the request's connection failed mid-transaction, and TypeORM released it
  if (e?.name === 'QueryRunnerAlreadyReleasedError' || e?.name === 'QueryRunnerProviderAlreadyReleasedError') return true;
  const message = e?.driverError?.message ?? e?.message ?? '';
  return /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/.test(message);
}

/**
 * A statement of the request hit a session limit (data-source.ts): lock_timeout (55P03), statement_timeout
 * (57014), or the transaction sat idle past idle_in_transaction_session_timeout (25P03), or PostgreSQL broke
 * a deadlock by ending this transaction (40P01). The transaction
 * rolled back and the connection went back to the pool, so the client may simply retry.
 */
function databaseBusy(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } };
  const code = e?.driverError?.code ?? e?.code;
  return code === '55P03' || code === '57014' || code === '25P03' || code === '40P01';
}
