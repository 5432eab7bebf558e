import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('access');

/**
 * One structured line per request: method, path, status and duration (the request id comes from context).
 * Only registered when LOG_LEVEL lets `log` lines through (bootstrap.ts): at `warn` it would time and
 * describe every request for a line nobody prints.
 */
export function accessLogMiddleware(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.log({ msg: 'request', method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 });
  });
  next();
}
