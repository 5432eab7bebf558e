export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The body as UTF-8 text, exactly as received (what signatures cover). */
  text(): string;
}

/** The request never got a complete answer: it may or may not have been processed. */
export class HttpTransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpTransportError';
  }
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
}

/** One HTTP exchange with a hard timeout covering the whole body, on global fetch (undici). */
export async function httpRequest(req: HttpRequest, fetchImpl: FetchLike = fetch): Promise<HttpResponse> {
  const signal = AbortSignal.timeout(req.timeoutMs);
  try {
    const res = await fetchImpl(req.url, {
      method: req.method,
      headers: req.headers,
      body: typeof req.body === 'string' || req.body === undefined ? req.body : new Uint8Array(req.body),
      signal,
      redirect: 'manual',
    });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body, text: () => body.toString('utf8') };
  } catch (e) {
    const err = e as Error;
    if (signal.aborted || err.name === 'TimeoutError' || err.name === 'AbortError') {
      throw new HttpTransportError('timeout', `${req.method} ${stripQuery(req.url)} timed out after ${req.timeoutMs} ms`, { cause: e });
    }
    throw new HttpTransportError('network', `${req.method} ${stripQuery(req.url)} failed: ${err.message}`, { cause: e });
  }
}

/** Never log access tokens or secrets carried in query strings. */
export function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}
