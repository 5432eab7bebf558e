/**
 * Errors the HTTP layer itself answers with (validation of the request's shape, rate limits, idempotency keys,
 * upload sizes), with their status. Use cases throw the domain errors of domain/errors.ts instead (an ESLint
 * rule keeps this file to the HTTP layer); the filter turns both into `{code, message, details}`, and anything
 * else is a bug and becomes a logged 500.
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
