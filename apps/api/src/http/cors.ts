import type { NextFunction, Request, Response } from 'express';

const ALLOWED_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

/**
 * CORS for the H5 build and the docs page: any origin may call the API (it is authorised by bearer tokens,
 * never cookies, so reflecting the origin grants nothing a script could not do without a browser).
 *
 * Written out instead of `app.enableCors()` because almost every request here has no Origin header at all:
 * the mini program's wx.request and WeChat Pay's callbacks send none. Those only get `Vary: Origin`, where
 * the generic middleware still built its option objects on every one of them.
 *
 * `Vary: Origin` goes on every answer, with or without an Origin: a browser that cached an image fetched
 * without CORS (an <img>) would otherwise reuse that copy, which has no Access-Control-Allow-Origin, for the
 * poster canvas's CORS load of the same URL, and the photo would not be drawn (the browser journey caught it).
 */
export function corsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (!origin) return next();
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id');
  if (req.method !== 'OPTIONS') return next();
  // preflight: answered here, before authentication (browsers send no credentials on it)
  res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
  const requested = req.headers['access-control-request-headers'];
  if (requested) {
    res.setHeader('Access-Control-Allow-Headers', requested);
    res.setHeader('Vary', 'Origin, Access-Control-Request-Headers');
  }
  res.statusCode = 204;
  res.setHeader('Content-Length', '0');
  res.end();
}
