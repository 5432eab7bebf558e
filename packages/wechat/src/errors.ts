/** Base class so callers can `instanceof WechatError` for anything thrown by this package. */
export class WechatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Invalid or missing environment configuration; `issues` names each offending variable. */
export class WechatConfigError extends WechatError {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid WeChat configuration:\n${issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n')}`);
  }
}

export type MiniProgramErrorKind =
  | 'invalid_code'
  | 'invalid_token'
  | 'rate_limited'
  | 'invalid_scene'
  | 'invalid_page'
  | 'user_not_subscribed'
  | 'invalid_argument'
  | 'system_busy'
  | 'network'
  | 'unexpected_response'
  | 'other';

const KIND_BY_ERRCODE: Record<number, MiniProgramErrorKind> = {
  40029: 'invalid_code',
  40163: 'invalid_code',
  40001: 'invalid_token',
  40014: 'invalid_token',
  42001: 'invalid_token',
  45011: 'rate_limited',
  45009: 'rate_limited',
  40169: 'invalid_scene',
  41030: 'invalid_page',
  43101: 'user_not_subscribed',
  47003: 'invalid_argument',
  40097: 'invalid_argument',
  [-1]: 'system_busy',
};

/** A mini program server API (api.weixin.qq.com) answered with a non-zero errcode, or not at all. */
export class MiniProgramError extends WechatError {
  readonly kind: MiniProgramErrorKind;
  readonly retryable: boolean;
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
    options?: { kind?: MiniProgramErrorKind; cause?: unknown },
  ) {
    super(`${api} failed: errcode ${errcode} ${errmsg}`, options);
    this.kind = options?.kind ?? KIND_BY_ERRCODE[errcode] ?? 'other';
    this.retryable = this.kind === 'system_busy' || this.kind === 'network' || this.kind === 'rate_limited';
  }
}

/** The scene for a 小程序码 was refused locally, before any call to WeChat. */
export class QrSceneError extends WechatError {
  constructor(
    readonly scene: string,
    readonly reason: 'too_long' | 'illegal_characters' | 'empty',
  ) {
    super(`Invalid mini program code scene (${reason}): ${JSON.stringify(scene)}`);
  }
}

/**
 * A WeChat Pay v3 call failed.
 * - `outcome: 'failed'`: WeChat definitely did not apply the request (4xx with an error code).
 * - `outcome: 'unknown'`: timeout, network error, 5xx or an unverifiable answer. The request MAY have been
 *   applied: query (by out_trade_no / out_refund_no / out_bill_no) before retrying, and never change those numbers.
 */
export class WechatPayError extends WechatError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryable: boolean,
    readonly outcome: 'failed' | 'unknown',
    readonly detail?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type SignatureRejectionReason =
  'missing_header' | 'unknown_serial' | 'bad_signature' | 'stale_timestamp' | 'malformed_body' | 'unsupported_algorithm' | 'decrypt_failed';

/** A WeChat Pay callback (or response) failed verification. Answer the callback with 4xx/5xx + {code:'FAIL'}. */
export class NotificationRejectedError extends WechatError {
  constructor(
    readonly reason: SignatureRejectionReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
