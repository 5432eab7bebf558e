import { decryptAes256Gcm } from '../crypto/aead.js';
import { NotificationRejectedError } from '../errors.js';
import { signedMessageFromHeaders, type HeaderBag, type WechatPaySignatureVerifier } from './signature.js';

export interface VerifiedNotification<T = Record<string, unknown>> {
  id: string;
  /** e.g. TRANSACTION.SUCCESS, REFUND.SUCCESS, REFUND.ABNORMAL, REFUND.CLOSED, MCHTRANSFER.BILL.FINISHED */
  eventType: string;
  createTime: string;
  resourceType?: string;
  summary?: string;
  /** The decrypted `resource` plaintext, parsed as JSON. */
  resource: T;
}

interface NotificationEnvelope {
  id?: string;
  create_time?: string;
  event_type?: string;
  resource_type?: string;
  summary?: string;
  resource?: { algorithm?: string; ciphertext?: string; nonce?: string; associated_data?: string; original_type?: string };
}

/**
 * Verifies and decrypts WeChat Pay callbacks (支付/退款/转账通知). Pass the RAW request body (string or Buffer,
 * before any JSON parsing) and the request headers. Throws {@link NotificationRejectedError} with a `reason`.
 */
export class NotificationVerifier {
  constructor(
    private readonly signatures: WechatPaySignatureVerifier,
    private readonly apiV3Key: string,
  ) {}

  async verify<T = Record<string, unknown>>(input: { headers: HeaderBag; rawBody: string | Buffer }): Promise<VerifiedNotification<T>> {
    const body = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
    await this.signatures.verify(signedMessageFromHeaders(input.headers, body));

    let env: NotificationEnvelope;
    try {
      env = JSON.parse(body) as NotificationEnvelope;
    } catch {
      throw new NotificationRejectedError('malformed_body', 'callback body is not JSON');
    }
    const r = env.resource;
    if (!env.id || !env.event_type || !r || typeof r.ciphertext !== 'string' || typeof r.nonce !== 'string') {
      throw new NotificationRejectedError('malformed_body', 'callback body lacks id, event_type or resource');
    }
    if (r.algorithm !== 'AEAD_AES_256_GCM') {
      throw new NotificationRejectedError('unsupported_algorithm', `unsupported resource algorithm ${String(r.algorithm)}`);
    }
    let plaintext: string;
    try {
      plaintext = decryptAes256Gcm({ ciphertext: r.ciphertext, nonce: r.nonce, associated_data: r.associated_data ?? '' }, this.apiV3Key).toString('utf8');
    } catch (e) {
      throw new NotificationRejectedError(
        'decrypt_failed',
        'resource failed AES-256-GCM authentication (ciphertext, tag or associated_data altered, or wrong APIv3 key)',
        { cause: e },
      );
    }
    let resource: T;
    try {
      resource = JSON.parse(plaintext) as T;
    } catch {
      throw new NotificationRejectedError('malformed_body', 'decrypted resource is not JSON');
    }
    return {
      id: env.id,
      eventType: env.event_type,
      createTime: env.create_time ?? '',
      ...(env.resource_type ? { resourceType: env.resource_type } : {}),
      ...(env.summary ? { summary: env.summary } : {}),
      resource,
    };
  }
}

/** What to answer WeChat: 204 when handled, otherwise 4xx/5xx + {code:'FAIL'} so it retries. */
export function notificationReply(error?: unknown): { status: number; body?: { code: 'FAIL'; message: string } } {
  if (!error) return { status: 204 };
  if (error instanceof NotificationRejectedError) {
    return { status: error.reason === 'unknown_serial' ? 500 : 401, body: { code: 'FAIL', message: error.reason } };
  }
  return { status: 500, body: { code: 'FAIL', message: 'internal error' } };
}
