/**
 * The one HTTP client: JSON over Taro.request (wx.request in WeChat, fetch in H5), bearer token,
 * typed failures. Pages decide what to show; see utils/errors.ts for the default Chinese messages.
 */
import Taro from '@tarojs/taro';
import type { ApiErrorBody } from '@shareshop/common';

/** The server answered with a non-2xx status. `code` is for programs (ErrorCodes), `message` for people. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** The request never got an HTTP answer (offline, DNS, timeout, domain not in the whitelist...). */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  header?: Record<string, string>;
  timeout?: number;
}

/** The subset of Taro.request this client needs; injectable so tests need no network. */
export type Transport = (opts: {
  url: string;
  method: HttpMethod;
  data?: unknown;
  header: Record<string, string>;
  timeout?: number;
}) => Promise<{ statusCode: number; data: unknown; header?: Record<string, string> }>;

export type Downloader = (opts: { url: string; header: Record<string, string> }) => Promise<{ statusCode: number; tempFilePath: string }>;

/** The subset of Taro.uploadFile this client needs (multipart/form-data, one file part). */
export type Uploader = (opts: {
  url: string;
  filePath: string;
  name: string;
  header: Record<string, string>;
  timeout?: number;
}) => Promise<{ statusCode: number; data: unknown }>;

export interface ClientOptions {
  baseUrl: string;
  getToken: () => string | null | undefined;
  /**
   * The merchant the user works in, sent as X-Merchant-Id on /merchant/* calls (the API needs it for people
   * who belong to several merchants; for one it is optional).
   */
  getMerchantId?: () => number | null | undefined;
  /** Called on any 401, before the ApiError is thrown (e.g. to clear the stored token). */
  onUnauthorized?: () => void;
  transport?: Transport;
  downloader?: Downloader;
  uploader?: Uploader;
}

export function buildQuery(query?: Query): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function isErrorBody(data: unknown): data is ApiErrorBody {
  return !!data && typeof data === 'object' && typeof (data as any).code === 'string' && typeof (data as any).message === 'string';
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  if (data === '') return undefined;
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

export function toApiError(status: number, raw: unknown): ApiError {
  const data = parseBody(raw);
  if (isErrorBody(data)) return new ApiError(status, data.code, data.message, data.details, data.requestId);
  return new ApiError(status, `HTTP_${status}`, status >= 500 ? '服务暂时不可用，请稍后再试' : `请求失败（${status}）`);
}

const taroTransport: Transport = async (opts) => {
  const res = await Taro.request({ ...opts, dataType: 'json', responseType: 'text' } as any);
  return { statusCode: res.statusCode, data: res.data, header: res.header };
};

const taroDownloader: Downloader = async (opts) => {
  // withCredentials: like uploadFile, H5's downloadFile sends cookies by default, which CORS then refuses
  const res = await Taro.downloadFile({ ...opts, withCredentials: false } as any);
  return { statusCode: res.statusCode, tempFilePath: res.tempFilePath };
};

const taroUploader: Uploader = async (opts) => {
  // withCredentials: H5's uploadFile sends cookies by default, which CORS then refuses; we use bearer tokens
  const res = await Taro.uploadFile({ ...opts, withCredentials: false } as any);
  return { statusCode: res.statusCode, data: res.data };
};

export function createClient(options: ClientOptions) {
  const transport = options.transport ?? taroTransport;
  const downloader = options.downloader ?? taroDownloader;
  const uploader = options.uploader ?? taroUploader;

  function headers(path: string, extra?: Record<string, string>): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json', ...extra };
    const token = options.getToken();
    if (token) h.Authorization = `Bearer ${token}`;
    const merchantId = path.startsWith('/merchant/') ? options.getMerchantId?.() : null;
    if (merchantId && !h['X-Merchant-Id']) h['X-Merchant-Id'] = String(merchantId);
    return h;
  }

  async function request<T>(method: HttpMethod, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = `${options.baseUrl}${path}${buildQuery(opts.query)}`;
    const header = headers(path, opts.header);
    if (opts.body !== undefined) header['Content-Type'] = 'application/json';
    let res: Awaited<ReturnType<Transport>>;
    try {
      res = await transport({ url, method, data: opts.body, header, timeout: opts.timeout ?? 15000 });
    } catch (err: any) {
      throw new NetworkError(err?.errMsg || err?.message || 'request:fail', err);
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return parseBody(res.data) as T;
    if (res.statusCode === 401) options.onUnauthorized?.();
    throw toApiError(res.statusCode, res.data);
  }

  return {
    request,
    get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} }),
    put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body: body ?? {} }),
    patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body: body ?? {} }),
    delete: <T>(path: string) => request<T>('DELETE', path),
    /** Downloads a binary (e.g. the shop's PNG code) with the bearer token; resolves to a local file path. */
    async download(path: string, query?: Query): Promise<string> {
      let res: Awaited<ReturnType<Downloader>>;
      try {
        res = await downloader({ url: `${options.baseUrl}${path}${buildQuery(query)}`, header: headers(path) });
      } catch (err: any) {
        throw new NetworkError(err?.errMsg || err?.message || 'downloadFile:fail', err);
      }
      if (res.statusCode >= 200 && res.statusCode < 300) return res.tempFilePath;
      if (res.statusCode === 401) options.onUnauthorized?.();
      throw toApiError(res.statusCode, undefined);
    },
    /**
     * Uploads a local file (a chooseMedia temp path: wxfile:// in WeChat, blob: in H5) as the multipart
     * part `name`; resolves to the JSON answer, rejects like `request` (ApiError / NetworkError).
     */
    async upload<T>(path: string, filePath: string, name = 'file'): Promise<T> {
      let res: Awaited<ReturnType<Uploader>>;
      try {
        res = await uploader({ url: `${options.baseUrl}${path}`, filePath, name, header: headers(path), timeout: 60000 });
      } catch (err: any) {
        throw new NetworkError(err?.errMsg || err?.message || 'uploadFile:fail', err);
      }
      if (res.statusCode >= 200 && res.statusCode < 300) return parseBody(res.data) as T;
      if (res.statusCode === 401) options.onUnauthorized?.();
      throw toApiError(res.statusCode, res.data);
    },
  };
}

export type ApiClient = ReturnType<typeof createClient>;
