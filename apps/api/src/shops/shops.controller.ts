import { Controller, Get, HttpCode, Patch, Post, Put, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  CloneShopBody,
  CloneShopResult,
  MyShopView,
  SetShopProductsBody,
  ShopIdParam,
  ShopOrdersQuery,
  ShopOrdersView,
  ShopProductsQuery,
  ShopView,
  UpdateShopBody,
} from '@shareshop/common';
import { WechatError } from '@shareshop/wechat';
import { type AuthUser, CurrentUser, Public } from '../auth/auth.guard.js';
import { UpstreamFailed } from '../domain/errors.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { MyShopService } from './my-shop.service.js';
import { ShopCloneService } from './shop-clone.service.js';
import { ShopViewService } from './shop-view.service.js';

// Fixed paths (default, mine, clone) are declared before `:id` so they are never parsed as an id.
@ApiTags('shops')
@Controller('shops')
export class ShopsController {
  constructor(
    private readonly shops: ShopViewService,
    private readonly myShop: MyShopService,
    private readonly cloner: ShopCloneService,
  ) {}

  @Public()
  @Get('default')
  @ZResponse(ShopView)
  async featured(@ZQuery(ShopProductsQuery) q: ShopProductsQuery): Promise<ShopView> {
    return this.shops.view(await this.shops.defaultShopId(), q.page, q.pageSize);
  }

  @ApiBearerAuth()
  @Get('mine')
  @ZResponse(MyShopView)
  mine(@CurrentUser() user: AuthUser): Promise<MyShopView> {
    return this.myShop.mine(user.id);
  }

  @ApiBearerAuth()
  @Patch('mine')
  @ZResponse(MyShopView)
  update(@CurrentUser() user: AuthUser, @ZBody(UpdateShopBody) body: UpdateShopBody): Promise<MyShopView> {
    return this.myShop.update(user.id, body);
  }

  @ApiBearerAuth()
  @Put('mine/products')
  @ZResponse(MyShopView)
  setProducts(@CurrentUser() user: AuthUser, @ZBody(SetShopProductsBody) body: SetShopProductsBody): Promise<MyShopView> {
    return this.myShop.setProducts(user.id, body);
  }

  @ApiBearerAuth()
  @Get('mine/orders')
  @ZResponse(ShopOrdersView)
  orders(@CurrentUser() user: AuthUser, @ZQuery(ShopOrdersQuery) q: ShopOrdersQuery): Promise<ShopOrdersView> {
    return this.myShop.orders(user.id, q.page, q.pageSize);
  }

  @ApiBearerAuth()
  @Get('mine/code')
  @ApiProduces('image/png')
  async code(@CurrentUser() user: AuthUser): Promise<StreamableFile> {
    try {
      return new StreamableFile(await this.myShop.code(user.id), { type: 'image/png' });
    } catch (error) {
      if (error instanceof WechatError) throw new UpstreamFailed(`生成小程序码失败：${error.message}`);
      throw error;
    }
  }

  /** 一键开店: idempotent (a second call returns the same shop with created: false); free. */
  @ApiBearerAuth()
  @Post('clone')
  @HttpCode(200)
  @ZResponse(CloneShopResult)
  clone(@CurrentUser() user: AuthUser, @ZBody(CloneShopBody) body: CloneShopBody): Promise<CloneShopResult> {
    return this.cloner.clone(user.id, body.fromShopId);
  }

  @Public()
  @Get(':id')
  @ZResponse(ShopView)
  view(@ZParam('id', ShopIdParam) id: number, @ZQuery(ShopProductsQuery) q: ShopProductsQuery): Promise<ShopView> {
    return this.shops.view(id, q.page, q.pageSize);
  }
}
