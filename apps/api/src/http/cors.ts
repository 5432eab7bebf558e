import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

const ALLOWED_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

/**
 * CORS for the H5 build and the docs page: any origin may call the API (it is authorised by bearer tokens,
 * never cookies, so reflecting the origin grants nothing a script could not do without a browser).
 *
 * An `onRequest` hook, written out instead of `app.enableCors()` (@fastify/cors) because almost every request here has no Origin header at all:
 * the mini program's wx.request and WeChat Pay's callbacks send none. Those only get `Vary: Origin`, where
 * the generic middleware still built its option objects on every one of them.
 *
 * `Vary: Origin` goes on every answer, with or without an Origin: a browser that cached an image fetched
 * without CORS (an <img>) would otherwise reuse that copy, which has no Access-Control-Allow-Origin, for the
 * poster canvas's CORS load of the same URL, and the photo would not be drawn (the browser journey caught it).
 */
export function corsHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const origin = request.headers.origin;
  reply.header('Vary', 'Origin');
  if (!origin) return done();
  reply.header('Access-Control-Allow-Origin', origin);
  reply.header('Access-Control-Expose-Headers', 'X-Request-Id');
  if (request.method !== 'OPTIONS') return done();
  // preflight: answered here (an onRequest hook), before routing and authentication (browsers send no credentials on it)
  reply.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
  const requested = request.headers['access-control-request-headers'];
  if (requested) {
    reply.header('Access-Control-Allow-Headers', requested);
    reply.header('Vary', 'Origin, Access-Control-Request-Headers');
  }
  reply.code(204).header('Content-Length', '0').send();
}
