import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';
import Pay from 'wechatpay-node-v3';
import type { WechatConfig } from '../config.js';
import { signingMessage } from '../crypto/rsa.js';
import { WechatPayError } from '../errors.js';
import { httpRequest, type FetchLike } from '../http.js';
import { assertFen } from './money.js';
import { NotificationVerifier } from './notification.js';
import { PlatformKeyStore } from './platform-keys.js';
import { WechatPaySignatureVerifier } from './signature.js';
import { parseTradeBill, type TradeBill } from './trade-bill.js';
import { PayTransport, sha1Hex } from './transport.js';
import type { PayRefund, PayTransaction, ProfitSharingOrder, RequestPaymentParams, TransferBill } from './types.js';

export interface WechatPayClientOptions {
  /** Clock (ms). Drives timestamps in signatures and the 5-minute freshness window. */
  now?: () => number;
  fetch?: FetchLike;
  /** Platform certificate refresh age (default 12 h). */
  certificateRefreshIntervalMs?: number;
  /** An unknown Wechatpay-Serial causes at most one /v3/certificates fetch per this interval (default 60 s). */
  unknownSerialRefreshMinIntervalMs?: number;
}

export interface JsapiPrepayInput {
  outTradeNo: string;
  description: string;
  amountFen: number;
  openid: string;
  notifyUrl: string;
  attach?: string;
  /** Date, or RFC 3339 text such as 2026-11-22T10:30:00+08:00. */
  timeExpire?: Date | string;
  /** settle_info.profit_sharing: the payment is frozen for 分账 until shared or unfrozen. */
  profitSharing?: boolean;
}

export interface RefundInput {
  outTradeNo: string;
  outRefundNo: string;
  refundFen: number;
  totalFen: number;
  reason?: string;
  notifyUrl: string;
}

export interface CreateTransferBillInput {
  outBillNo: string;
  openid: string;
  amountFen: number;
  /** 转账备注, shown to the user, ≤ 32 characters. */
  remark: string;
  notifyUrl: string;
  /** 转账场景ID, e.g. "1000" 现金营销, "1005" 佣金报酬. */
  sceneId: string;
  sceneReportInfos: Array<{ infoType: string; infoContent: string }>;
  userRecvPerception?: string;
}

export interface CreateTransferBillResult {
  state: TransferBill['state'];
  /** For wx.requestMerchantTransfer({ package }) when state is WAIT_USER_CONFIRM. */
  packageInfo: string | undefined;
  transferBillNo: string;
  outBillNo: string;
  createTime: string | undefined;
  failReason: string | undefined;
}

/** A trade bill downloaded to a temp file and checked against WeChat's hash (see downloadTradeBill). */
export interface TradeBillDownload {
  /** The file as WeChat served it: gzip when `gzip`. */
  file: string;
  gzip: boolean;
  /** Size on disk (compressed when gzip). */
  bytes: number;
  hashType: string;
  hashValue: string;
  /** The bill's CSV bytes (decompressed) in 256 KB pieces; read it as often as needed until `remove`. */
  open(): Readable;
  /** Deletes the temp file. */
  remove(): Promise<void>;
}

export interface DownloadTradeBillOptions {
  /** Ask WeChat for tar_type=GZIP (default true): a 1M-row bill is ~200 MB as CSV, a fraction of that gzipped. */
  gzip?: boolean;
  /** Where the temp file goes (default os.tmpdir()). */
  dir?: string;
  /** Longest wait for the download's answer and between two pieces of it (default: the HTTP timeout). */
  idleTimeoutMs?: number;
}

function isGzipFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const magic = Buffer.alloc(2);
    return fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads a bill file back as CSV bytes in 256 KB pieces, decompressing when it starts with gzip's magic number. */
export function openBillFile(file: string): Readable {
  // 256 KB pieces: big enough for few calls, small enough that few are alive at once (the API's peak RSS)
  const raw = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  if (!isGzipFile(file)) return raw;
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.once('error', (e) => gunzip.destroy(e));
  gunzip.once('close', () => raw.destroy());
  return raw.pipe(gunzip);
}

export interface ProfitSharingReceiverInput {
  type: 'MERCHANT_ID' | 'PERSONAL_OPENID';
  account: string;
  amountFen: number;
  description: string;
}

const LIB_ORIGIN = 'https://api.mch.weixin.qq.com';
/** WeChat's merchant order/refund number alphabet; anything else would also break path signing. */
const OUT_NO = /^[0-9A-Za-z_\-|*@]{6,32}$/;
function assertOutNo(name: string, value: string): void {
  if (!OUT_NO.test(value)) throw new RangeError(`${name} must be 6-32 characters of [0-9A-Za-z_-|*@], got ${JSON.stringify(value)}`);
}

/** Formats a Date as RFC 3339 in Asia/Shanghai (+08:00), which is how WeChat Pay writes times. */
export function toShanghaiRfc3339(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19);
  return `${t}+08:00`;
}

/**
 * WeChat Pay v3 for a direct (普通) merchant. Request signing, paySign and the JSAPI / query / close / refund /
 * bill / profit-sharing calls go through wechatpay-node-v3 with its transport replaced; response verification,
 * platform keys, callbacks, GCM and the 2025 transfer bills are implemented here (see README).
 */
export class WechatPayClient {
  readonly keys: PlatformKeyStore;
  readonly signatures: WechatPaySignatureVerifier;
  readonly notifications: NotificationVerifier;
  private readonly lib: Pay;
  private readonly transport: PayTransport;
  private readonly now: () => number;

  constructor(
    private readonly config: WechatConfig,
    options: WechatPayClientOptions = {},
  ) {
    const pay = config.pay;
    this.now = options.now ?? Date.now;
    // `publicKey` is only used by the library to derive serial_no, which we set explicitly (uppercase: its
    // getSN returns lowercase, WeChat expects uppercase).
    const merchantPublic = Buffer.from(
      pay.merchantCertificatePem ?? createPublicKey(pay.merchantPrivateKeyPem).export({ type: 'spki', format: 'pem' }).toString(),
    );
    this.lib = new Pay({
      appid: pay.appid,
      mchid: pay.mchid,
      serial_no: pay.merchantSerialNo.toUpperCase(),
      publicKey: merchantPublic,
      privateKey: Buffer.from(pay.merchantPrivateKeyPem),
      key: pay.apiV3Key,
      userAgent: 'shareshop-wechat/0.1',
    });

    const pinned = pay.platformCertificatePems;
    this.keys = new PlatformKeyStore({
      apiV3Key: pay.apiV3Key,
      ...(pinned ? { pinnedCertificatePems: pinned } : {}),
      ...(pay.publicKey ? { publicKey: pay.publicKey } : {}),
      ...(pinned ? {} : { fetchCertificates: () => this.fetchCertificatesRaw(options.fetch) }),
      now: this.now,
      ...(options.certificateRefreshIntervalMs ? { refreshIntervalMs: options.certificateRefreshIntervalMs } : {}),
      ...(options.unknownSerialRefreshMinIntervalMs !== undefined ? { unknownSerialRefreshMinIntervalMs: options.unknownSerialRefreshMinIntervalMs } : {}),
    });
    this.signatures = new WechatPaySignatureVerifier(this.keys, { now: this.now });
    this.notifications = new NotificationVerifier(this.signatures, pay.apiV3Key);
    this.transport = new PayTransport({
      baseUrl: pay.baseUrl,
      timeoutMs: config.httpTimeoutMs,
      signatures: this.signatures,
      wechatpaySerial: () => this.keys.preferredSerial(),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.lib.createHttp(this.transport.forLibrary());
  }

  /** `${WECHATPAY_NOTIFY_BASE_URL}${path}` */
  notifyUrl(path: string): string {
    return `${this.config.pay.notifyBaseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  // ---- JSAPI payment -------------------------------------------------------------------------------------

  /** POST /v3/pay/transactions/jsapi → prepay_id. */
  async jsapiPrepay(input: JsapiPrepayInput): Promise<string> {
    assertOutNo('outTradeNo', input.outTradeNo);
    assertFen('amountFen', input.amountFen);
    const res = await this.lib.transactions_jsapi({
      description: input.description,
      out_trade_no: input.outTradeNo,
      notify_url: input.notifyUrl,
      amount: { total: input.amountFen, currency: 'CNY' },
      payer: { openid: input.openid },
      ...(input.attach !== undefined ? { attach: input.attach } : {}),
      ...(input.timeExpire !== undefined ? { time_expire: typeof input.timeExpire === 'string' ? input.timeExpire : toShanghaiRfc3339(input.timeExpire) } : {}),
      ...(input.profitSharing ? { settle_info: { profit_sharing: true } } : {}),
    } as Parameters<Pay['transactions_jsapi']>[0]);
    // The library replaces data with its own paySign bundle; only the prepay id is taken from it.
    const pkg: unknown = res.data?.package;
    if (typeof pkg !== 'string' || !pkg.startsWith('prepay_id=')) {
      throw new WechatPayError(res.status, 'RESPONSE_MALFORMED', 'jsapi prepay answer has no prepay_id', true, 'unknown');
    }
    return pkg.slice('prepay_id='.length);
  }

  /** Parameters for wx.requestPayment, paySign = SHA256withRSA("appId\ntimeStamp\nnonceStr\npackage\n"). */
  requestPaymentParams(prepayId: string): RequestPaymentParams {
    const appId = this.config.pay.appid;
    const timeStamp = String(Math.floor(this.now() / 1000));
    const nonceStr = randomBytes(16).toString('hex');
    const pkg = `prepay_id=${prepayId}`;
    const paySign = this.lib.sha256WithRsa(signingMessage(appId, timeStamp, nonceStr, pkg));
    return { appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  /** GET /v3/pay/transactions/out-trade-no/{no}?mchid=… */
  async queryByOutTradeNo(outTradeNo: string): Promise<PayTransaction> {
    assertOutNo('outTradeNo', outTradeNo);
    const res = await this.lib.query({ out_trade_no: outTradeNo } as { transaction_id: string; out_trade_no: string });
    return res.data as PayTransaction;
  }

  /** POST /v3/pay/transactions/out-trade-no/{no}/close (204). */
  async close(outTradeNo: string): Promise<void> {
    assertOutNo('outTradeNo', outTradeNo);
    await this.lib.close(outTradeNo);
  }

  // ---- refunds ---------------------------------------------------------------------------------------------

  /** POST /v3/refund/domestic/refunds. Results arrive by REFUND.* callback; query as a fallback. */
  async refund(input: RefundInput): Promise<PayRefund> {
    assertOutNo('outTradeNo', input.outTradeNo);
    if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(input.outRefundNo)) throw new RangeError('outRefundNo must be 1-64 characters of [0-9A-Za-z_-|*@]');
    assertFen('refundFen', input.refundFen);
    assertFen('totalFen', input.totalFen);
    if (input.refundFen > input.totalFen) throw new RangeError('refundFen exceeds totalFen');
    const res = await this.lib.refunds({
      out_trade_no: input.outTradeNo,
      out_refund_no: input.outRefundNo,
      ...(input.reason ? { reason: input.reason } : {}),
      notify_url: input.notifyUrl,
      amount: { refund: input.refundFen, total: input.totalFen, currency: 'CNY' },
    } as Parameters<Pay['refunds']>[0]);
    return res.data as PayRefund;
  }

  /** GET /v3/refund/domestic/refunds/{out_refund_no} */
  async queryRefund(outRefundNo: string): Promise<PayRefund> {
    if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(outRefundNo)) throw new RangeError('outRefundNo must be 1-64 characters of [0-9A-Za-z_-|*@]');
    const res = await this.lib.find_refunds(outRefundNo);
    return res.data as PayRefund;
  }

  // ---- bills -----------------------------------------------------------------------------------------------

  /**
   * GET /v3/bill/tradebill for `date` (YYYY-MM-DD, Asia/Shanghai business day), then downloads the file from
   * download_url (re-rooted on the configured base URL), checks its SHA1 hash_value and parses it — all in
   * memory (~1 KB per parsed row): for small bills and tools. Settlement uses {@link downloadTradeBill}.
   */
  async tradeBill(date: string, billType: 'ALL' | 'SUCCESS' | 'REFUND' = 'ALL'): Promise<TradeBill & { raw: Buffer }> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`bill date must be YYYY-MM-DD, got ${date}`);
    const apply = await this.lib.tradebill({ bill_date: date, bill_type: billType } as Parameters<Pay['tradebill']>[0]);
    const info = apply.data as { download_url?: string; hash_type?: string; hash_value?: string };
    if (!info?.download_url) throw new WechatPayError(apply.status, 'RESPONSE_MALFORMED', 'tradebill answer has no download_url', false, 'failed');
    const u = new URL(info.download_url.trim());
    // The library strips https://api.mch.weixin.qq.com before signing, so hand it that origin + path.
    const dl = await this.lib.downloadBill(`${LIB_ORIGIN}${u.pathname}${u.search}`);
    let raw = dl.data as Buffer;
    // hash_value is the digest of the original bill ("gzip需要解压缩"): decompress first
    if (raw.length > 2 && raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
    if (info.hash_value && (info.hash_type ?? 'SHA1').toUpperCase() === 'SHA1' && sha1Hex(raw) !== info.hash_value.toLowerCase()) {
      throw new WechatPayError(dl.status, 'BILL_HASH_MISMATCH', `trade bill ${date}: SHA1 does not match hash_value`, true, 'failed');
    }
    return { ...parseTradeBill(raw), raw };
  }

  /**
   * The trade bill of `date` without ever holding it in memory: GET /v3/bill/tradebill (signed, its answer
   * verified) gives download_url + hash_type + hash_value; the download (a signed GET whose answer WeChat does
   * not sign) is streamed to a temp file, gzip-compressed by default (tar_type=GZIP), and the file's
   * decompressed content is checked against hash_value (SHA1 of the original bill) before this returns. A
   * mismatch or a broken transfer deletes the file and throws (BILL_HASH_MISMATCH / TIMEOUT / NETWORK_ERROR,
   * all retryable: ask for the bill again — download_url is only valid for a few minutes anyway). The caller
   * reads the bill with `open()` and must `remove()` the file.
   */
  async downloadTradeBill(date: string, billType: 'ALL' | 'SUCCESS' | 'REFUND' = 'ALL', options: DownloadTradeBillOptions = {}): Promise<TradeBillDownload> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`bill date must be YYYY-MM-DD, got ${date}`);
    const gzip = options.gzip ?? true;
    const apply = await this.signedCall('GET', `/v3/bill/tradebill?bill_date=${date}&bill_type=${billType}${gzip ? '&tar_type=GZIP' : ''}`);
    const info = apply.data as { download_url?: string; hash_type?: string; hash_value?: string };
    if (!info?.download_url || !info.hash_value) {
      throw new WechatPayError(apply.status, 'RESPONSE_MALFORMED', 'tradebill answer has no download_url or hash_value', false, 'failed');
    }
    const hashType = (info.hash_type ?? 'SHA1').toUpperCase();
    if (hashType !== 'SHA1')
      throw new WechatPayError(apply.status, 'BILL_HASH_UNSUPPORTED', `trade bill ${date}: hash_type ${hashType} is not SHA1`, false, 'failed');
    const u = new URL(info.download_url.trim());
    const pathWithQuery = `${u.pathname}${u.search}`; // re-rooted on the configured base URL, like every call
    const dir = await fs.promises.mkdtemp(path.join(options.dir ?? os.tmpdir(), 'wechat-bill-'));
    const file = path.join(dir, `tradebill-${date}-${billType}${gzip ? '.csv.gz' : '.csv'}`);
    const remove = () => fs.promises.rm(dir, { recursive: true, force: true });
    try {
      const bytes = await this.transport.download(pathWithQuery, { Authorization: this.authorization('GET', pathWithQuery, '') }, file, options.idleTimeoutMs);
      const sha1 = createHash('sha1');
      await pipeline(openBillFile(file), sha1);
      if (sha1.digest('hex') !== info.hash_value.trim().toLowerCase()) {
        throw new WechatPayError(
          200,
          'BILL_HASH_MISMATCH',
          `trade bill ${date}: SHA1 of the downloaded bill does not match hash_value; download it again`,
          true,
          'failed',
        );
      }
      return { file, gzip: isGzipFile(file), bytes, hashType, hashValue: info.hash_value, open: () => openBillFile(file), remove };
    } catch (e) {
      await remove();
      throw e;
    }
  }

  // ---- 商家转账 (2025 transfer bills; not in wechatpay-node-v3) -----------------------------------------------

  /**
   * POST /v3/fund-app/mch-transfer/transfer-bills. On WechatPayError with outcome 'unknown', query with the SAME
   * outBillNo before anything else; never issue a new out_bill_no for the same withdrawal until WeChat says FAIL.
   */
  async createTransferBill(input: CreateTransferBillInput): Promise<CreateTransferBillResult> {
    assertFen('amountFen', input.amountFen);
    if ([...input.remark].length > 32) throw new RangeError('transfer remark must be at most 32 characters');
    if (!/^[0-9A-Za-z]{1,32}$/.test(input.outBillNo)) throw new RangeError('outBillNo must be 1-32 letters/digits');
    const body = {
      appid: this.config.pay.appid,
      out_bill_no: input.outBillNo,
      transfer_scene_id: input.sceneId,
      openid: input.openid,
      transfer_amount: input.amountFen,
      transfer_remark: input.remark,
      notify_url: input.notifyUrl,
      ...(input.userRecvPerception ? { user_recv_perception: input.userRecvPerception } : {}),
      transfer_scene_report_infos: input.sceneReportInfos.map((i) => ({ info_type: i.infoType, info_content: i.infoContent })),
    };
    const res = await this.signedCall('POST', '/v3/fund-app/mch-transfer/transfer-bills', body);
    const d = res.data as TransferBill & { package_info?: string };
    return {
      state: d.state,
      packageInfo: d.package_info,
      transferBillNo: d.transfer_bill_no,
      outBillNo: d.out_bill_no,
      createTime: d.create_time,
      failReason: d.fail_reason,
    };
  }

  /** GET /v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{out_bill_no} */
  async queryTransferBill(outBillNo: string): Promise<TransferBill> {
    const res = await this.signedCall('GET', `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${encodeURIComponent(outBillNo)}`);
    return res.data as TransferBill;
  }

  /** POST …/out-bill-no/{out_bill_no}/cancel (only before the user confirms). */
  async cancelTransferBill(outBillNo: string): Promise<{ out_bill_no: string; transfer_bill_no: string; state: TransferBill['state']; update_time?: string }> {
    const res = await this.signedCall('POST', `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${encodeURIComponent(outBillNo)}/cancel`, undefined);
    return res.data;
  }

  // ---- profit sharing (分账) ----------------------------------------------------------------------------------

  /** POST /v3/profitsharing/receivers/add */
  async addProfitSharingReceiver(input: { type: 'MERCHANT_ID' | 'PERSONAL_OPENID'; account: string; relationType: string }): Promise<void> {
    await this.lib.profitsharing_receivers_add({ type: input.type, account: input.account, relation_type: input.relationType });
  }

  /** POST /v3/profitsharing/orders */
  async createProfitSharing(input: {
    transactionId: string;
    outOrderNo: string;
    receivers: ProfitSharingReceiverInput[];
    unfreezeUnsplit: boolean;
  }): Promise<ProfitSharingOrder> {
    for (const r of input.receivers) assertFen('receiver amountFen', r.amountFen);
    const res = await this.lib.create_profitsharing_orders({
      transaction_id: input.transactionId,
      out_order_no: input.outOrderNo,
      receivers: input.receivers.map((r) => ({ type: r.type, account: r.account, amount: r.amountFen, description: r.description })),
      unfreeze_unsplit: input.unfreezeUnsplit,
    });
    return res.data as ProfitSharingOrder;
  }

  /** GET /v3/profitsharing/orders/{out_order_no}?transaction_id=… */
  async queryProfitSharing(transactionId: string, outOrderNo: string): Promise<ProfitSharingOrder> {
    const res = await this.lib.query_profitsharing_orders(transactionId, outOrderNo);
    return res.data as ProfitSharingOrder;
  }

  /** POST /v3/profitsharing/orders/unfreeze */
  async unfreezeProfitSharing(input: { transactionId: string; outOrderNo: string; description: string }): Promise<ProfitSharingOrder> {
    const res = await this.lib.profitsharing_orders_unfreeze({
      transaction_id: input.transactionId,
      out_order_no: input.outOrderNo,
      description: input.description,
    });
    return res.data as ProfitSharingOrder;
  }

  // ---- internals -----------------------------------------------------------------------------------------------

  /**
   * Signs with the library's primitives (sha256WithRsa + getAuthorization) over a message we build ourselves:
   * its getSignature drops the body line for a body-less POST, which WeChat requires as an empty line.
   */
  private authorization(method: 'GET' | 'POST', pathWithQuery: string, body: string): string {
    const timestamp = String(Math.floor(this.now() / 1000));
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    const signature = this.lib.sha256WithRsa(signingMessage(method, pathWithQuery, timestamp, nonce, body));
    return this.lib.getAuthorization(nonce, timestamp, signature);
  }

  private signedCall(method: 'GET' | 'POST', pathWithQuery: string, body?: unknown) {
    const text = body === undefined ? (method === 'POST' ? '' : undefined) : JSON.stringify(body);
    return this.transport.send(method, pathWithQuery, text, { Authorization: this.authorization(method, pathWithQuery, text ?? '') });
  }

  /** Raw signed GET /v3/certificates; PlatformKeyStore verifies it (see its trust note). */
  private async fetchCertificatesRaw(fetchImpl?: FetchLike) {
    const path = '/v3/certificates';
    const res = await httpRequest(
      {
        method: 'GET',
        url: this.config.pay.baseUrl + path,
        timeoutMs: this.config.httpTimeoutMs,
        headers: { Authorization: this.authorization('GET', path, ''), Accept: 'application/json', 'User-Agent': 'shareshop-wechat/0.1' },
      },
      fetchImpl,
    );
    return { status: res.status, header: (n: string) => res.headers.get(n), bodyText: res.text() };
  }
}
