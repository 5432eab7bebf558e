import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '../domain/errors.js';
import { SessionVersions } from './session-versions.js';
import { TokenService } from './token.service.js';

export const IS_PUBLIC = 'shareshop:public';
/** Marks a route callable without a token (login, public shop pages, WeChat callbacks, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export interface AuthUser {
  id: number;
}

export type AuthedRequest = FastifyRequest & { user?: AuthUser };

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(). A token is valid while its
 * version is the user's current `token_version` and the user is not blocked (SessionVersions: at most one
 * primary-key lookup per user per second per instance).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionVersions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]);
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new Unauthenticated('Authorization 头格式应为 Bearer <token>');
      // A bad token is refused even on public routes: the caller believes they are signed in.
      const claims = this.tokens.verify(match[1]!);
      const session = await this.sessions.current(claims.sub);
      if (!session) throw new Unauthenticated('登录凭证无效');
      if (session.blocked) throw new Unauthenticated('账号已被停用');
      if ((claims.ver ?? 0) !== session.version) throw new Unauthenticated('登录已失效，请重新登录');
      req.user = { id: claims.sub };
    }
    if (!req.user && !isPublic) throw new Unauthenticated();
    return true;
  }
}

/** The signed-in user (routes without @Public() always have one). */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
  if (!user) throw new Unauthenticated();
  return user;
});

/** The signed-in user if any (public routes that personalise, e.g. a shop page showing "open my shop"). */
export const OptionalUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser | undefined => ctx.switchToHttp().getRequest<AuthedRequest>().user,
);
