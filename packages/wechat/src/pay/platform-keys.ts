import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { decryptAes256Gcm, type AeadResource } from '../crypto/aead.js';
import { certificateSerial, signingMessage, verifySha256WithRsa } from '../crypto/rsa.js';
import { WechatPayError } from '../errors.js';

/** The raw (unverified) answer of GET /v3/certificates. */
export interface RawCertificatesResponse {
  status: number;
  header: (name: string) => string | null;
  bodyText: string;
}

export interface PlatformKeyStoreOptions {
  apiV3Key: string;
  /** Pinned platform certificates: trusted as configured, and /v3/certificates is never called. */
  pinnedCertificatePems?: string[];
  /** WeChat Pay public key mode. Accepted alongside platform certificates (switch-over period). */
  publicKey?: { id: string; pem: string };
  /** Performs the signed GET /v3/certificates. Absent = no fetching. */
  fetchCertificates?: () => Promise<RawCertificatesResponse>;
  now?: () => number;
  /** Proactive refresh age (WeChat recommends ~12 h). */
  refreshIntervalMs?: number;
  /** An unknown serial triggers at most one fetch per this interval (default 60 s). */
  unknownSerialRefreshMinIntervalMs?: number;
}

interface PlatformCert {
  serial: string;
  key: KeyObject;
  notAfter: number;
  notBefore: number;
}

const PUB_KEY_PREFIX = 'PUB_KEY_ID_';

/**
 * Keys WeChat Pay signs with, by the `Wechatpay-Serial` it names: platform certificate serials and/or one
 * `PUB_KEY_ID_…` public key. One cache per instance (not a static like wechatpay-node-v3's).
 *
 * Trust decision for /v3/certificates: the certificate list is AEAD-encrypted with our APIv3 key, which only
 * WeChat Pay and the merchant hold, so a certificate that decrypts (GCM tag checked) is authentic. The response
 * signature is then verified with a key we already trust when we have one; only when bootstrapping (no trusted
 * key for the signing serial yet) is it verified with a certificate taken from that same response. That check
 * adds consistency, not trust: the trust comes from the APIv3 key.
 */
export class PlatformKeyStore {
  private certs = new Map<string, PlatformCert>();
  private readonly publicKey?: { id: string; key: KeyObject };
  private readonly now: () => number;
  private lastFetchAttemptAt = Number.NEGATIVE_INFINITY;
  private lastFetchOkAt = Number.NEGATIVE_INFINITY;
  private inFlight?: Promise<void>;
  /** Number of /v3/certificates fetches started (observability and tests). */
  fetchCount = 0;

  constructor(private readonly opts: PlatformKeyStoreOptions) {
    this.now = opts.now ?? Date.now;
    if (opts.publicKey) this.publicKey = { id: opts.publicKey.id, key: createPublicKey(opts.publicKey.pem) };
    for (const pem of opts.pinnedCertificatePems ?? []) this.addCertificate(pem);
  }

  /** Serials currently trusted. */
  knownSerials(): string[] {
    return [...this.certs.keys(), ...(this.publicKey ? [this.publicKey.id] : [])];
  }

  /** Serial to send in a request's Wechatpay-Serial header (public key id preferred). */
  preferredSerial(): string | undefined {
    if (this.publicKey) return this.publicKey.id;
    let best: PlatformCert | undefined;
    for (const c of this.validCerts()) if (!best || c.notAfter > best.notAfter) best = c;
    return best?.serial;
  }

  /**
   * The key for `serial`, or undefined. An unknown platform serial triggers a refresh, at most once per
   * `unknownSerialRefreshMinIntervalMs` (concurrent callers share it); a PUB_KEY_ID_ never triggers a fetch.
   */
  async keyFor(serial: string): Promise<KeyObject | undefined> {
    if (serial.startsWith(PUB_KEY_PREFIX)) return this.publicKey?.id === serial ? this.publicKey.key : undefined;
    const s = serial.toUpperCase();
    const known = this.validCert(s);
    if (known) {
      this.maybeBackgroundRefresh();
      return known.key;
    }
    if (!this.opts.fetchCertificates) return undefined;
    const minInterval = this.opts.unknownSerialRefreshMinIntervalMs ?? 60_000;
    if (this.inFlight || this.now() - this.lastFetchAttemptAt >= minInterval) {
      try {
        await this.refresh();
      } catch {
        // a failed refresh leaves the serial unknown; the caller rejects the message
      }
    }
    return this.validCert(s)?.key;
  }

  /** Fetches /v3/certificates now (single-flight). */
  refresh(): Promise<void> {
    if (!this.opts.fetchCertificates) return Promise.resolve();
    this.inFlight ??= this.doRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private maybeBackgroundRefresh(): void {
    const every = this.opts.refreshIntervalMs ?? 12 * 3600_000;
    if (!this.opts.fetchCertificates || this.inFlight) return;
    if (this.now() - this.lastFetchOkAt < every || this.now() - this.lastFetchAttemptAt < 60_000) return;
    this.refresh().catch(() => undefined);
  }

  private validCert(serial: string): PlatformCert | undefined {
    const c = this.certs.get(serial);
    const t = this.now();
    return c && c.notBefore <= t && t <= c.notAfter ? c : undefined;
  }

  private validCerts(): PlatformCert[] {
    return [...this.certs.keys()].map((s) => this.validCert(s)).filter((c): c is PlatformCert => !!c);
  }

  private addCertificate(pem: string, expectedSerial?: string): PlatformCert {
    const x509 = new X509Certificate(pem);
    const serial = certificateSerial(pem);
    if (expectedSerial && expectedSerial.toUpperCase() !== serial) {
      throw new Error(`certificate serial ${serial} does not match the listed serial_no ${expectedSerial}`);
    }
    const cert: PlatformCert = {
      serial,
      key: x509.publicKey,
      notBefore: Date.parse(x509.validFrom),
      notAfter: Date.parse(x509.validTo),
    };
    this.certs.set(serial, cert);
    return cert;
  }

  private async doRefresh(): Promise<void> {
    this.fetchCount += 1;
    this.lastFetchAttemptAt = this.now();
    const res = await this.opts.fetchCertificates!();
    const fail = (code: string, message: string) => new WechatPayError(res.status, code, message, true, 'failed');
    if (res.status !== 200) throw fail('CERTIFICATES_FETCH_FAILED', `GET /v3/certificates answered ${res.status}`);
    let parsed: { data?: Array<{ serial_no: string; encrypt_certificate: AeadResource }> };
    try {
      parsed = JSON.parse(res.bodyText);
    } catch {
      throw fail('CERTIFICATES_MALFORMED', '/v3/certificates body is not JSON');
    }
    const fresh = new Map<string, { pem: string; serial: string }>();
    for (const item of parsed.data ?? []) {
      // GCM with final(): throws if the certificate was not encrypted with our APIv3 key.
      const pem = decryptAes256Gcm(item.encrypt_certificate, this.opts.apiV3Key).toString('utf8');
      fresh.set(item.serial_no.toUpperCase(), { pem, serial: item.serial_no });
    }

    const serial = res.header('wechatpay-serial') ?? '';
    const signature = res.header('wechatpay-signature') ?? '';
    const message = signingMessage(res.header('wechatpay-timestamp') ?? '', res.header('wechatpay-nonce') ?? '', res.bodyText);
    let verifyKey: KeyObject | undefined;
    if (serial.startsWith(PUB_KEY_PREFIX)) verifyKey = this.publicKey?.id === serial ? this.publicKey.key : undefined;
    else
      verifyKey =
        this.validCert(serial.toUpperCase())?.key ??
        (fresh.has(serial.toUpperCase())
          ? new X509Certificate(fresh.get(serial.toUpperCase())!.pem).publicKey // bootstrap, see class comment
          : undefined);
    if (!verifyKey || !verifySha256WithRsa(message, signature, verifyKey)) {
      throw fail('CERTIFICATES_SIGNATURE_INVALID', `/v3/certificates response signature (serial ${serial}) did not verify`);
    }
    for (const { pem, serial: listed } of fresh.values()) this.addCertificate(pem, listed);
    this.lastFetchOkAt = this.now();
  }
}
