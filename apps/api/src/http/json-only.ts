import type { NextFunction, Request, Response } from 'express';

/**
 * After the JSON body parser: a request that carries a body the parser did not take (a form, text, XML) is
 * refused with 415 naming the body, instead of reaching a handler as "no body" and failing validation
 * with a misleading "body 必填". Multipart bodies pass: the upload route parses them itself.
 */
export function jsonOnlyMiddleware(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  if (req.body !== undefined || !hasBody || !type || type.startsWith('multipart/form-data')) return next();
  // shaped like body-parser's own errors, so the error filter answers it the same way
  next(
    Object.assign(new Error(`请求体须为 JSON（Content-Type: application/json），收到 ${type.split(';')[0]}`), { status: 415, type: 'unsupported.media.type' }),
  );
}
