import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BindReferralBody, BindingResultView, ResolveSceneBody, ResolveSceneView, decodeShopScene } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { type AuthUser, CurrentUser, Public } from '../auth/auth.guard.js';
import { ZBody, ZResponse } from '../http/validation.js';
import { ReferralBindingService } from './referral-binding.service.js';

@ApiTags('referrals')
@Controller('referrals')
export class ReferralController {
  constructor(
    private readonly binding: ReferralBindingService,
    private readonly dataSource: DataSource,
  ) {}

  /** Turns a 小程序码 scene back into shop + referrer (the page then loads the shop, login binds the ref). */
  @Public()
  @Post('resolve')
  @HttpCode(200)
  @ZResponse(ResolveSceneView)
  async resolve(@ZBody(ResolveSceneBody) body: ResolveSceneBody): Promise<ResolveSceneView> {
    const { shopId, ref } = decodeShopScene(body.scene);
    const [shop] = shopId ? await this.dataSource.query<Array<{ id: number }>>('SELECT id FROM shop WHERE id = $1', [shopId]) : [];
    const [referrer] = ref
      ? await this.dataSource.query<Array<{ nickname: string; avatar_url: string | null }>>(
          'SELECT nickname, avatar_url FROM app_user WHERE referral_code = $1',
          [ref.toUpperCase()],
        )
      : [];
    return {
      shopId: shop?.id ?? null,
      referralCode: referrer ? ref!.toUpperCase() : null,
      referrer: referrer ? { nickname: referrer.nickname, avatarUrl: referrer.avatar_url } : null,
    };
  }

  /** Explicit binding ("绑定推荐人"); the same rules and log as binding at login. */
  @Post('bind')
  @HttpCode(200)
  @ZResponse(BindingResultView)
  bind(@CurrentUser() user: AuthUser, @ZBody(BindReferralBody) body: BindReferralBody): Promise<BindingResultView> {
    return this.binding.bind(undefined, user.id, { referralCode: body.referralCode, shopId: body.shopId, via: 'explicit' });
  }
}
