import { Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

const logger = new Logger('access');

/**
 * One structured line per request: method, path, status and duration (the request id comes from context).
 * An `onResponse` hook, only registered when LOG_LEVEL lets `log` lines through (bootstrap.ts): at `warn` it would time and
 * describe every request for a line nobody prints.
 */
export function accessLogHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  // onResponse runs once the response is sent, outside the request's async context: the id is passed explicitly
  const path = request.url.split('?')[0];
  logger.log({ msg: 'request', requestId: request.id, method: request.method, path, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 });
  done();
}
