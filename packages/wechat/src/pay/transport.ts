import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HttpTransportError, httpRequest, stripQuery, type FetchLike, type HttpResponse } from '../http.js';
import { NotificationRejectedError, WechatPayError } from '../errors.js';
import { signedMessageFromHeaders, type WechatPaySignatureVerifier } from './signature.js';

/** What wechatpay-node-v3's `createHttp` expects back. */
export interface LibOutput {
  status: number;
  data?: any;
  error?: any;
}

export interface PayTransportOptions {
  baseUrl: string;
  timeoutMs: number;
  signatures: WechatPaySignatureVerifier;
  /** Value for the Wechatpay-Serial request header (public key id or platform serial), if any. */
  wechatpaySerial: () => string | undefined;
  userAgent?: string;
  fetch?: FetchLike;
}

export interface PayResponse {
  status: number;
  data: any;
  raw: HttpResponse;
}

const RAW_DOWNLOAD = /^\/v3\/billdownload\//;

/**
 * HTTP for WeChat Pay v3. Plugged into wechatpay-node-v3 via `pay.createHttp()` (it hands us absolute URLs on
 * api.mch.weixin.qq.com, which we re-root on the configured base URL) and used directly by hand-written calls.
 * Every 2xx answer's signature is verified on the raw body before anything is parsed; failures become typed
 * {@link WechatPayError}s (thrown through the library's promise chain).
 */
export class PayTransport {
  constructor(private readonly opts: PayTransportOptions) {}

  /** The object handed to `pay.createHttp()`. */
  forLibrary() {
    return {
      get: (url: string, headers: Record<string, any>): Promise<LibOutput> => this.libCall('GET', url, undefined, headers),
      post: (url: string, params: Record<string, any>, headers: Record<string, any>): Promise<LibOutput> =>
        this.libCall('POST', url, JSON.stringify(params), headers), // same serialisation the library signed
      upload: async (): Promise<LibOutput> => {
        throw new WechatPayError(0, 'NOT_SUPPORTED', 'media upload is not supported by @shareshop/wechat', false, 'failed');
      },
    };
  }

  private async libCall(method: 'GET' | 'POST', url: string, body: string | undefined, headers: Record<string, any>): Promise<LibOutput> {
    const u = new URL(url, 'https://api.mch.weixin.qq.com');
    const res = await this.send(method, u.pathname + u.search, body, { Authorization: String(headers.Authorization) });
    return { status: res.status, data: res.data };
  }

  /** Sends an already-signed request. `pathWithQuery` is exactly what the Authorization signature covers. */
  async send(method: 'GET' | 'POST', pathWithQuery: string, body: string | undefined, headers: { Authorization: string }): Promise<PayResponse> {
    const serial = this.opts.wechatpaySerial();
    const isDownload = RAW_DOWNLOAD.test(pathWithQuery);
    let res: HttpResponse;
    try {
      res = await httpRequest(
        {
          method,
          url: this.opts.baseUrl + pathWithQuery,
          timeoutMs: this.opts.timeoutMs,
          body,
          headers: {
            Authorization: headers.Authorization,
            Accept: isDownload ? '*/*' : 'application/json',
            'User-Agent': this.opts.userAgent ?? 'shareshop-wechat/0.1 (node)',
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(serial ? { 'Wechatpay-Serial': serial } : {}),
          },
        },
        this.opts.fetch,
      );
    } catch (e) {
      if (e instanceof HttpTransportError) {
        throw new WechatPayError(
          0,
          e.kind === 'timeout' ? 'TIMEOUT' : 'NETWORK_ERROR',
          `${e.message}; outcome unknown, query before retrying`,
          true,
          'unknown',
          undefined,
          { cause: e },
        );
      }
      throw e;
    }
    const where = `${method} ${pathWithQuery.split('?')[0]}`;

    if (res.status >= 200 && res.status < 300) {
      if (isDownload) return { status: res.status, data: res.body, raw: res }; // bill downloads are unsigned: caller checks hash_value
      try {
        await this.opts.signatures.verify(signedMessageFromHeaders(res.headers, res.text()));
      } catch (e) {
        if (e instanceof NotificationRejectedError) {
          throw new WechatPayError(
            res.status,
            'RESPONSE_SIGNATURE_INVALID',
            `${where}: response signature rejected (${e.reason}): ${e.message}; outcome unknown`,
            true,
            'unknown',
            undefined,
            { cause: e },
          );
        }
        throw e;
      }
      const text = res.text();
      let data: any = undefined;
      if (text.length > 0) {
        try {
          data = JSON.parse(text);
        } catch {
          throw new WechatPayError(res.status, 'RESPONSE_MALFORMED', `${where}: 2xx body is not JSON`, true, 'unknown');
        }
      }
      return { status: res.status, data, raw: res };
    }

    return this.fail(res, where);
  }

  /**
   * Streams a signed GET of a bill download (`/v3/billdownload/…`) into `file` without holding it in memory.
   * `timeoutMs` bounds the wait for the answer and every gap between two pieces of the body (an idle timeout,
   * not a total: a large bill may take longer than one API call). Like WeChat's, the answer is not signed:
   * the caller checks the file against the hash_value the signed bill application gave. Returns its size.
   */
  async download(pathWithQuery: string, headers: { Authorization: string }, file: string, timeoutMs = this.opts.timeoutMs): Promise<number> {
    const serial = this.opts.wechatpaySerial();
    const where = `GET ${pathWithQuery.split('?')[0]}`;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let bytes = 0;
    try {
      const res = await (this.opts.fetch ?? fetch)(this.opts.baseUrl + pathWithQuery, {
        method: 'GET',
        headers: {
          Authorization: headers.Authorization,
          Accept: '*/*',
          'User-Agent': this.opts.userAgent ?? 'shareshop-wechat/0.1 (node)',
          ...(serial ? { 'Wechatpay-Serial': serial } : {}),
        },
        signal: abort.signal,
        redirect: 'manual',
      });
      if (res.status < 200 || res.status >= 300 || !res.body) {
        const body = Buffer.from(await res.arrayBuffer());
        return await this.fail({ status: res.status, headers: res.headers, body, text: () => body.toString('utf8') }, where);
      }
      const idle = new Transform({
        transform(chunk: Buffer, _enc, done) {
          timer.refresh();
          bytes += chunk.length;
          done(null, chunk);
        },
      });
      await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), idle, fs.createWriteStream(file));
      return bytes;
    } catch (e) {
      if (e instanceof WechatPayError) throw e;
      const timedOut = abort.signal.aborted;
      throw new WechatPayError(
        0,
        timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
        `GET ${stripQuery(this.opts.baseUrl + pathWithQuery)} ${timedOut ? `stalled for ${timeoutMs} ms` : `failed: ${(e as Error).message}`} after ${bytes} bytes; download again`,
        true,
        'unknown',
        undefined,
        { cause: e },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** A non-2xx answer as a typed WechatPayError. */
  private async fail(res: HttpResponse, where: string): Promise<never> {
    let err: { code?: string; message?: string; detail?: unknown } = {};
    try {
      err = JSON.parse(res.text());
    } catch {
      // non-JSON error page
    }
    const code = err.code ?? `HTTP_${res.status}`;
    const message = `${where}: ${res.status} ${code}${err.message ? ` ${err.message}` : ''}`;
    if (res.status >= 500) throw new WechatPayError(res.status, code, `${message}; outcome unknown, query before retrying`, true, 'unknown', err.detail);
    // A 4xx is definitive only if WeChat signed it; an unsigned or forged "failure" must not make callers
    // change their out_*_no and pay twice. (401 SIGN_ERROR answers are legitimately unsigned: nothing was done.)
    let outcome: 'failed' | 'unknown' = 'failed';
    if (res.headers.get('wechatpay-signature')) {
      try {
        await this.opts.signatures.verify(signedMessageFromHeaders(res.headers, res.text()));
      } catch {
        outcome = 'unknown';
      }
    }
    const retryable = res.status === 429 || code === 'FREQUENCY_LIMITED' || code === 'SYSTEM_ERROR';
    throw new WechatPayError(res.status, code, message, retryable || outcome === 'unknown', outcome, err.detail);
  }
}

export function sha1Hex(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}
