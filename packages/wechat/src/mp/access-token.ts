export interface FetchedToken {
  accessToken: string;
  /** Lifetime in seconds, as WeChat reports it (usually 7200). */
  expiresIn: number;
}

export interface AccessTokenCacheOptions {
  fetchToken: () => Promise<FetchedToken>;
  now?: () => number;
  /** Refresh this long before expiry (default 5 minutes). */
  refreshMarginMs?: number;
}

/**
 * Caches the mini program access_token (from /cgi-bin/stable_token). Refreshes ~5 minutes before expiry;
 * concurrent callers share ONE in-flight fetch; a failed fetch is not cached. One instance per process/appid.
 */
export class AccessTokenCache {
  private token?: { value: string; expiresAt: number };
  private inFlight?: Promise<string>;
  private readonly now: () => number;
  private readonly margin: number;
  /** Number of token fetches started (observability and tests). */
  fetchCount = 0;

  constructor(private readonly opts: AccessTokenCacheOptions) {
    this.now = opts.now ?? Date.now;
    this.margin = opts.refreshMarginMs ?? 5 * 60_000;
  }

  async get(): Promise<string> {
    if (this.token && this.now() < this.token.expiresAt - this.margin) return this.token.value;
    return this.fetch();
  }

  /**
   * Drops `rejected` (a token WeChat answered 40001/42001 to) so the next get() fetches. Only that exact token is
   * dropped: when many requests fail with the same stale token, the first refresh serves them all.
   */
  invalidate(rejected?: string): void {
    if (!rejected || this.token?.value === rejected) this.token = undefined;
  }

  private fetch(): Promise<string> {
    this.inFlight ??= (async () => {
      this.fetchCount += 1;
      try {
        const t = await this.opts.fetchToken();
        this.token = { value: t.accessToken, expiresAt: this.now() + t.expiresIn * 1000 };
        return t.accessToken;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }
}
