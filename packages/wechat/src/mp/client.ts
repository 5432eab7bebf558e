import type { WechatConfig } from '../config.js';
import { MiniProgramError } from '../errors.js';
import { HttpTransportError, httpRequest, type FetchLike, type HttpResponse } from '../http.js';
import { AccessTokenCache } from './access-token.js';
import { assertValidScene } from './scene.js';

export interface Code2SessionResult {
  openid: string;
  unionid?: string;
  /** Server-side only: never send it to the client. */
  sessionKey: string;
}

export interface UnlimitedQrCodeInput {
  scene: string;
  page?: string;
  checkPath?: boolean;
  envVersion?: 'release' | 'trial' | 'develop';
  width?: number;
  autoColor?: boolean;
  isHyaline?: boolean;
}

export interface SubscribeMessageInput {
  toOpenid: string;
  templateId: string;
  page?: string;
  /** { thing1: '…', amount2: '¥1.00' } or { thing1: { value: '…' } } */
  data: Record<string, string | { value: string }>;
  miniprogramState?: 'developer' | 'trial' | 'formal';
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW';
}

export interface MiniProgramClientOptions {
  now?: () => number;
  fetch?: FetchLike;
}

const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/** Mini program server APIs on api.weixin.qq.com (or the sandbox): login, access token, 小程序码, 订阅消息. */
export class MiniProgramClient {
  readonly tokens: AccessTokenCache;
  private readonly base: string;

  constructor(
    private readonly config: WechatConfig,
    private readonly options: MiniProgramClientOptions = {},
  ) {
    this.base = config.miniProgram.apiBase;
    this.tokens = new AccessTokenCache({ fetchToken: () => this.fetchStableToken(), ...(options.now ? { now: options.now } : {}) });
  }

  /** GET /sns/jscode2session: exchanges a wx.login code. */
  async code2Session(code: string): Promise<Code2SessionResult> {
    if (!code) throw new MiniProgramError(40029, 'empty code', 'jscode2session', { kind: 'invalid_code' });
    const q = new URLSearchParams({
      appid: this.config.miniProgram.appid,
      secret: this.config.miniProgram.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const json = await this.json('jscode2session', 'GET', `/sns/jscode2session?${q}`);
    if (typeof json.openid !== 'string' || typeof json.session_key !== 'string') {
      throw new MiniProgramError(-2, 'answer lacks openid/session_key', 'jscode2session', { kind: 'unexpected_response' });
    }
    return { openid: json.openid, sessionKey: json.session_key, ...(typeof json.unionid === 'string' ? { unionid: json.unionid } : {}) };
  }

  /** POST /wxa/getwxacodeunlimit → PNG bytes. The scene is checked locally first (≤ 32 allowed characters). */
  async getUnlimitedQrCode(input: UnlimitedQrCodeInput): Promise<Buffer> {
    assertValidScene(input.scene);
    const body = {
      scene: input.scene,
      ...(input.page !== undefined ? { page: input.page } : {}),
      ...(input.checkPath !== undefined ? { check_path: input.checkPath } : {}),
      ...(input.envVersion !== undefined ? { env_version: input.envVersion } : {}),
      ...(input.width !== undefined ? { width: input.width } : {}),
      ...(input.autoColor !== undefined ? { auto_color: input.autoColor } : {}),
      ...(input.isHyaline !== undefined ? { is_hyaline: input.isHyaline } : {}),
    };
    return this.withToken('getwxacodeunlimit', async (token) => {
      const res = await this.send('getwxacodeunlimit', 'POST', `/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, body);
      const type = res.headers.get('content-type') ?? '';
      if (type.includes('json') || res.body[0] === 0x7b /* { */) {
        this.raiseIfError('getwxacodeunlimit', parseJson('getwxacodeunlimit', res));
        throw new MiniProgramError(-2, 'JSON answer without errcode', 'getwxacodeunlimit', { kind: 'unexpected_response' });
      }
      return res.body;
    });
  }

  /** POST /cgi-bin/message/subscribe/send. errcode 43101 (user did not subscribe) → kind 'user_not_subscribed'. */
  async sendSubscribeMessage(input: SubscribeMessageInput): Promise<void> {
    const body = {
      touser: input.toOpenid,
      template_id: input.templateId,
      ...(input.page ? { page: input.page } : {}),
      data: Object.fromEntries(Object.entries(input.data).map(([k, v]) => [k, typeof v === 'string' ? { value: v } : v])),
      ...(input.miniprogramState ? { miniprogram_state: input.miniprogramState } : {}),
      lang: input.lang ?? 'zh_CN',
    };
    await this.withToken('subscribe.send', async (token) =>
      this.json('subscribe.send', 'POST', `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, body),
    );
  }

  /** Runs `call` with a cached token; on 40001/40014/42001 drops that token and retries once with a fresh one. */
  private async withToken<T>(api: string, call: (token: string) => Promise<T>): Promise<T> {
    const token = await this.tokens.get();
    try {
      return await call(token);
    } catch (e) {
      if (e instanceof MiniProgramError && TOKEN_ERRCODES.has(e.errcode)) {
        this.tokens.invalidate(token);
        return call(await this.tokens.get());
      }
      throw e;
    }
  }

  /** POST /cgi-bin/stable_token (not /cgi-bin/token: it does not invalidate other holders' tokens). */
  private async fetchStableToken() {
    const json = await this.json('stable_token', 'POST', '/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: this.config.miniProgram.appid,
      secret: this.config.miniProgram.appSecret,
      force_refresh: false,
    });
    if (typeof json.access_token !== 'string' || typeof json.expires_in !== 'number') {
      throw new MiniProgramError(-2, 'answer lacks access_token/expires_in', 'stable_token', { kind: 'unexpected_response' });
    }
    return { accessToken: json.access_token, expiresIn: json.expires_in };
  }

  private async json(api: string, method: 'GET' | 'POST', pathWithQuery: string, body?: unknown): Promise<Record<string, any>> {
    const json = parseJson(api, await this.send(api, method, pathWithQuery, body));
    this.raiseIfError(api, json);
    return json;
  }

  private raiseIfError(api: string, json: Record<string, any>): void {
    if (typeof json.errcode === 'number' && json.errcode !== 0) throw new MiniProgramError(json.errcode, String(json.errmsg ?? ''), api);
  }

  private async send(api: string, method: 'GET' | 'POST', pathWithQuery: string, body?: unknown): Promise<HttpResponse> {
    let res: HttpResponse;
    try {
      res = await httpRequest(
        {
          method,
          url: this.base + pathWithQuery,
          timeoutMs: this.config.httpTimeoutMs,
          ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
        },
        this.options.fetch,
      );
    } catch (e) {
      if (e instanceof HttpTransportError) throw new MiniProgramError(-3, e.message, api, { kind: 'network', cause: e });
      throw e;
    }
    if (res.status >= 500) throw new MiniProgramError(-1, `HTTP ${res.status}`, api, { kind: 'system_busy' });
    if (res.status !== 200) throw new MiniProgramError(-2, `HTTP ${res.status}`, api, { kind: 'unexpected_response' });
    return res;
  }
}

function parseJson(api: string, res: HttpResponse): Record<string, any> {
  try {
    const v = JSON.parse(res.text());
    if (v && typeof v === 'object') return v as Record<string, any>;
  } catch {
    // fall through
  }
  throw new MiniProgramError(-2, 'answer is not a JSON object', api, { kind: 'unexpected_response' });
}
