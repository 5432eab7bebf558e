import { type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards, applyDecorators, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { AuthedRequest } from '../auth/auth.guard.js';
import { Forbidden, Invalid, Unauthenticated } from '../domain/errors.js';
import { AccessService, type Membership } from './access.service.js';

/** The merchant a `/merchant/...` request acts for, resolved and checked by MerchantMemberGuard. */
export interface MerchantContext {
  merchantId: number;
  role: 'owner' | 'staff';
  userId: number;
}

type MerchantRequest = AuthedRequest & { merchant?: MerchantContext };

interface MerchantAccessOptions {
  /** Only the owner (settings, staff). */
  ownerOnly?: boolean;
  /** Allow a merchant that is not approved yet (reading its own settings while pending). */
  allowUnapproved?: boolean;
}

const MERCHANT_ACCESS = 'shareshop:merchant-access';

@Injectable()
export class PlatformAdminGuard implements CanActivate {
  constructor(private readonly access: AccessService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const user = ctx.switchToHttp().getRequest<AuthedRequest>().user;
    if (!user) throw new Unauthenticated();
    if (!(await this.access.isPlatformAdmin(user.id))) throw new Forbidden('仅平台管理员可操作');
    return true;
  }
}

/**
 * Resolves which merchant the caller acts for: the `X-Merchant-Id` header, or their only membership.
 * Not a member of that merchant → 403. Resources of other merchants are then simply not found (404) by
 * services, which always filter by `merchantId` from this context: existence never leaks across tenants.
 */
@Injectable()
export class MerchantMemberGuard implements CanActivate {
  constructor(
    private readonly access: AccessService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<MerchantRequest>();
    if (!req.user) throw new Unauthenticated();
    const options = this.reflector.getAllAndOverride<MerchantAccessOptions>(MERCHANT_ACCESS, [ctx.getHandler(), ctx.getClass()]) ?? {};
    const memberships = await this.access.memberships(req.user.id);
    const chosen = pick(memberships, req.headers['x-merchant-id'] as string | undefined);
    if (!options.allowUnapproved && chosen.status !== 'approved') throw new Forbidden('商家尚未通过审核');
    if (options.ownerOnly && chosen.role !== 'owner') throw new Forbidden('仅商家主账号可操作');
    req.merchant = { merchantId: chosen.merchantId, role: chosen.role, userId: req.user.id };
    return true;
  }
}

function pick(memberships: Membership[], header: string | undefined): Membership {
  if (header !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(header)) throw new Invalid('X-Merchant-Id', '必须是正整数 id');
    const found = memberships.find((m) => m.merchantId === Number(header));
    if (!found) throw new Forbidden('不是该商家的成员');
    return found;
  }
  if (memberships.length === 0) throw new Forbidden('不是商家成员');
  if (memberships.length > 1) throw new Invalid('X-Merchant-Id', '属于多个商家，请用 X-Merchant-Id 头选择');
  return memberships[0]!;
}

/** `@PlatformAdmin()` on a controller or route: platform admins only (PLATFORM_ADMIN_OPENIDS). */
export const PlatformAdmin = () => applyDecorators(UseGuards(PlatformAdminGuard));

/** `@MerchantMember()` on a controller or route: members of the chosen merchant only; see MerchantMemberGuard. */
export const MerchantMember = (options: MerchantAccessOptions = {}) =>
  applyDecorators(
    SetMetadata(MERCHANT_ACCESS, options),
    UseGuards(MerchantMemberGuard),
    ApiHeader({ name: 'X-Merchant-Id', required: false, description: '选择商家（属于多个商家时必填）' }),
  );

/** The merchant context set by `@MerchantMember()`. */
export const CurrentMerchant = createParamDecorator((_data: unknown, ctx: ExecutionContext): MerchantContext => {
  const merchant = ctx.switchToHttp().getRequest<MerchantRequest>().merchant;
  if (!merchant) throw new Error('CurrentMerchant used on a route without @MerchantMember()');
  return merchant;
});

/** Per-route override of the options given to a controller-level `@MerchantMember()`. */
export const MerchantAccess = (options: MerchantAccessOptions) => SetMetadata(MERCHANT_ACCESS, options);
