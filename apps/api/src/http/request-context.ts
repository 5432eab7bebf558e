import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/** Fastify's `genReqId`: the caller's X-Request-Id if sane, else a fresh UUID; Fastify keeps it as `request.id`. */
export function requestIdOf(raw: IncomingMessage): string {
  const incoming = raw.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

/**
 * `onRequest` hook: echoes the id and runs the rest of the request in its context. Fastify goes on
 * synchronously from `done` into body parsing (whose callbacks keep the async context) and the route, so
 * body errors, guards, handlers and the error filter all see the id.
 */
export function requestContextHook(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  reply.header('X-Request-Id', request.id);
  storage.run({ requestId: request.id }, done);
}
