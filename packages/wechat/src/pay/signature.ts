import { signingMessage, verifySha256WithRsa } from '../crypto/rsa.js';
import { NotificationRejectedError } from '../errors.js';
import type { PlatformKeyStore } from './platform-keys.js';

export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** Case-insensitive header lookup over fetch Headers or Node's IncomingHttpHeaders-like objects. */
export function headerGetter(headers: HeaderBag): (name: string) => string | undefined {
  if (typeof (headers as Headers).get === 'function') {
    return (name) => (headers as Headers).get(name) ?? undefined;
  }
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    if (v !== undefined) lower.set(k.toLowerCase(), Array.isArray(v) ? v[0]! : v);
  }
  return (name) => lower.get(name.toLowerCase());
}

export interface SignedMessage {
  serial: string;
  signature: string;
  timestamp: string;
  nonce: string;
  /** The raw body text exactly as received — never a re-serialised object. */
  body: string;
}

/** The only scheme WeChat Pay APIv3 signs with; callbacks name it in Wechatpay-Signature-Type. */
export const WECHATPAY_SIGNATURE_TYPE = 'WECHATPAY2-SHA256-RSA2048';

export function signedMessageFromHeaders(headers: HeaderBag, body: string): SignedMessage {
  const get = headerGetter(headers);
  const pick = (name: string) => {
    const v = get(name);
    if (!v) throw new NotificationRejectedError('missing_header', `missing ${name} header`);
    return v;
  };
  // absent on API responses (and from older senders): then the one scheme is implied; any other value is refused
  const type = get('Wechatpay-Signature-Type');
  if (type !== undefined && type !== WECHATPAY_SIGNATURE_TYPE) {
    throw new NotificationRejectedError('unsupported_algorithm', `unsupported Wechatpay-Signature-Type ${JSON.stringify(type)}`);
  }
  return {
    serial: pick('Wechatpay-Serial'),
    signature: pick('Wechatpay-Signature'),
    timestamp: pick('Wechatpay-Timestamp'),
    nonce: pick('Wechatpay-Nonce'),
    body,
  };
}

export interface SignatureVerifierOptions {
  now?: () => number;
  /** Maximum clock difference accepted (default 5 minutes). */
  maxSkewMs?: number;
}

/**
 * Verifies WeChat Pay's SHA256withRSA signature over "{timestamp}\n{nonce}\n{body}\n" with the key the
 * Wechatpay-Serial header names (platform certificate serial or PUB_KEY_ID_…), and rejects stale timestamps.
 */
export class WechatPaySignatureVerifier {
  private readonly now: () => number;
  private readonly maxSkewMs: number;

  constructor(
    private readonly keys: PlatformKeyStore,
    opts: SignatureVerifierOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.maxSkewMs = opts.maxSkewMs ?? 5 * 60_000;
  }

  async verify(msg: SignedMessage): Promise<void> {
    if (!/^\d{1,12}$/.test(msg.timestamp)) {
      throw new NotificationRejectedError('stale_timestamp', `malformed Wechatpay-Timestamp ${JSON.stringify(msg.timestamp)}`);
    }
    const skew = Math.abs(this.now() - Number(msg.timestamp) * 1000);
    if (skew > this.maxSkewMs) {
      throw new NotificationRejectedError('stale_timestamp', `Wechatpay-Timestamp is ${Math.round(skew / 1000)} s off (max ${this.maxSkewMs / 1000} s)`);
    }
    const key = await this.keys.keyFor(msg.serial);
    if (!key) {
      throw new NotificationRejectedError(
        'unknown_serial',
        `no WeChat Pay key for Wechatpay-Serial ${msg.serial} (known: ${this.keys.knownSerials().join(', ') || 'none'})`,
      );
    }
    if (!verifySha256WithRsa(signingMessage(msg.timestamp, msg.nonce, msg.body), msg.signature, key)) {
      throw new NotificationRejectedError('bad_signature', `Wechatpay-Signature does not verify with ${msg.serial}`);
    }
  }
}
