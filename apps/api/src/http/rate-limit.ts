import { type CanActivate, type ExecutionContext, HttpStatus, Inject, Injectable, SetMetadata, UseGuards, applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCodes } from '@shareshop/common';
import type { FastifyReply } from 'fastify';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AppError } from './errors.js';

export type RateLimitName = 'login' | 'order';

interface Window {
  start: number;
  count: number;
}

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows per key, in process memory. Behind N API instances the effective limit is
 * N times the configured one: good enough to stop a script hammering login or order creation, without a
 * database write per request on the hottest route. Keys are per user (when signed in) and per client IP.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep = Date.now();

  /** Counts a hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, limit: number, now = Date.now()): number {
    if (now - this.lastSweep > WINDOW_MS) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > limit ? Math.ceil((w.start + WINDOW_MS - now) / 1000) : 0;
  }

  private sweep(now: number) {
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (now - w.start >= WINDOW_MS) this.windows.delete(key);
  }
}

const RATE_LIMIT = 'shareshop:rate-limit';

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const name = this.reflector.get<RateLimitName>(RATE_LIMIT, ctx.getHandler());
    if (!name) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const limits = this.config.rateLimit;
    const perIp = name === 'login' ? limits.RATE_LIMIT_LOGIN_PER_IP : limits.RATE_LIMIT_ORDER_PER_IP;
    const perUser = name === 'login' ? undefined : limits.RATE_LIMIT_ORDER_PER_USER;
    const waits = [this.limiter.hit(`${name}:ip:${req.ip}`, perIp)];
    if (perUser !== undefined && req.user) waits.push(this.limiter.hit(`${name}:user:${req.user.id}`, perUser));
    const wait = Math.max(...waits);
    if (wait > 0) {
      ctx.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(wait));
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, ErrorCodes.RATE_LIMITED, `操作太频繁，请 ${wait} 秒后再试`, { retryAfterSeconds: wait });
    }
    return true;
  }
}

/** Limits a route per client IP (and per signed-in user for `order`); limits come from config. */
export const RateLimit = (name: RateLimitName) => applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(RateLimitGuard));
