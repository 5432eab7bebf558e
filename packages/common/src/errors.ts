/** The API's one error body. `message` is for people (Chinese or English), `code` is for programs. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** One entry of `details` for a validation failure: `field` is a dotted path such as `items.0.quantity`. */
export interface FieldIssue {
  field: string;
  message: string;
}

export const ErrorCodes = {
  VALIDATION: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  ILLEGAL_TRANSITION: 'ILLEGAL_TRANSITION',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UPSTREAM: 'UPSTREAM_ERROR',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** a database lock or statement timed out (DB_LOCK_TIMEOUT_MS / DB_STATEMENT_TIMEOUT_MS): retry after Retry-After */
  DATABASE_BUSY: 'DATABASE_BUSY',
  INTERNAL: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes] | (string & {});
