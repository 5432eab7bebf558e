import { ErrorCodes, type FieldIssue } from '@shareshop/common';

/**
 * What a use case refuses on purpose, said in the domain's words. Nothing here knows HTTP: the error filter
 * (http/error.filter.ts) maps each kind to a status and every error to `{ code, message, details? }`, so a
 * state machine or a job can throw these without depending on the web layer. Anything else thrown is a bug.
 */
export type DomainErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'gone' | 'upstream' | 'unavailable' | 'broken';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input, named by its field: `field: message` with `[{ field, message }]` (the issue may word it shorter). */
export class Invalid extends DomainError {
  readonly kind = 'invalid';
  constructor(field: string, message: string, options: { code?: string; issue?: string } = {}) {
    super(options.code ?? ErrorCodes.VALIDATION, `${field}: ${message}`, [{ field, message: options.issue ?? message } satisfies FieldIssue]);
  }
}

export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(message = '请先登录') {
    super(ErrorCodes.UNAUTHENTICATED, message);
  }
}

export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  constructor(message = '无权访问') {
    super(ErrorCodes.FORBIDDEN, message);
  }
}

/** `what` does not exist, or not for this caller (both answer the same, so ids cannot be probed). */
export class NotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(what: string) {
    super(ErrorCodes.NOT_FOUND, `${what}不存在`);
  }
}

/** The request is well formed but the state of things refuses it; `code` says which rule. */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/** A state machine refused an event in the row's current state (or a racing caller moved it first). */
export class IllegalTransition extends Conflict {
  constructor(message: string, details?: unknown) {
    super(ErrorCodes.ILLEGAL_TRANSITION, message, details);
  }
}

/** Not enough stock left for one line of an order; `field` points at the line's SKU. */
export class OutOfStock extends Conflict {
  constructor(field: string, skuId: number) {
    super('OUT_OF_STOCK', `${field}: 库存不足`, { field, skuId });
  }
}

/** It existed and is used up for good (an accepted or expired invitation). */
export class Gone extends DomainError {
  readonly kind = 'gone';
}

/** WeChat (or another service we call) failed the request. */
export class UpstreamFailed extends DomainError {
  readonly kind = 'upstream';
  constructor(message: string, details?: unknown) {
    super(ErrorCodes.UPSTREAM, message, details);
  }
}

/** A feature this deployment cannot serve right now (WeChat not configured). */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable';
}

/** An invariant the code relies on did not hold (a half-applied edit): a bug, answered as a 500 that says what broke. */
export class Broken extends DomainError {
  readonly kind = 'broken';
  constructor(message: string) {
    super(ErrorCodes.INTERNAL, message);
  }
}
