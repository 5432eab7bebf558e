import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AfterSaleListQuery,
  AfterSalePage,
  AfterSaleQuote,
  AfterSaleQuoteBody,
  AfterSaleSettings,
  AfterSaleView,
  ApproveAfterSaleBody,
  CreateAfterSaleBody,
  IdParam,
  MerchantAfterSaleDetail,
  MerchantAfterSaleList,
  RejectAfterSaleBody,
  ReturnShipmentBody,
} from '@shareshop/common';
import { CurrentMerchant, MerchantAccess, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { AfterSalesService } from './after-sales.service.js';

@ApiTags('after-sales')
@Controller()
export class BuyerAfterSalesController {
  constructor(private readonly afterSales: AfterSalesService) {}

  /** What the chosen lines would refund (the apply page shows it before submitting) and which types are allowed. */
  @Post('orders/:id/after-sales/quote')
  @HttpCode(200)
  @ZResponse(AfterSaleQuote)
  quote(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number, @ZBody(AfterSaleQuoteBody) body: AfterSaleQuoteBody) {
    return this.afterSales.quote(user.id, id, body);
  }

  @Post('orders/:id/after-sales')
  @ZResponse(AfterSaleView)
  create(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number, @ZBody(CreateAfterSaleBody) body: CreateAfterSaleBody) {
    return this.afterSales.create(user.id, id, body);
  }

  @Get('after-sales')
  @ZResponse(AfterSalePage)
  list(@CurrentUser() user: AuthUser, @ZQuery(AfterSaleListQuery) q: AfterSaleListQuery) {
    return this.afterSales.buyerList(user.id, q);
  }

  @Get('after-sales/:id')
  @ZResponse(AfterSaleView)
  get(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number) {
    return this.afterSales.buyerGet(user.id, id);
  }

  @Post('after-sales/:id/cancel')
  @HttpCode(200)
  @ZResponse(AfterSaleView)
  cancel(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number) {
    return this.afterSales.cancel(user.id, id);
  }

  @Post('after-sales/:id/return-shipment')
  @HttpCode(200)
  @ZResponse(AfterSaleView)
  shipReturn(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number, @ZBody(ReturnShipmentBody) body: ReturnShipmentBody) {
    return this.afterSales.shipReturn(user.id, id, body);
  }
}

@ApiTags('merchant after-sales')
@Controller('merchant')
@MerchantMember()
export class MerchantAfterSalesController {
  constructor(private readonly afterSales: AfterSalesService) {}

  @Get('after-sales')
  @ZResponse(MerchantAfterSaleList)
  list(@CurrentMerchant() m: MerchantContext, @ZQuery(AfterSaleListQuery) q: AfterSaleListQuery) {
    return this.afterSales.merchantList(m.merchantId, q);
  }

  @Get('after-sales/:id')
  @ZResponse(MerchantAfterSaleDetail)
  get(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number) {
    return this.afterSales.merchantGet(m.merchantId, id);
  }

  @Post('after-sales/:id/approve')
  @HttpCode(200)
  @ZResponse(MerchantAfterSaleDetail)
  approve(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number, @ZBody(ApproveAfterSaleBody) body: ApproveAfterSaleBody) {
    return this.afterSales.approve(m.merchantId, m.userId, id, body);
  }

  @Post('after-sales/:id/reject')
  @HttpCode(200)
  @ZResponse(MerchantAfterSaleDetail)
  reject(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number, @ZBody(RejectAfterSaleBody) body: RejectAfterSaleBody) {
    return this.afterSales.reject(m.merchantId, m.userId, id, body);
  }

  @Post('after-sales/:id/confirm-return')
  @HttpCode(200)
  @ZResponse(MerchantAfterSaleDetail)
  confirmReturn(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number) {
    return this.afterSales.confirmReturn(m.merchantId, m.userId, id);
  }

  @Get('after-sale-settings')
  @ZResponse(AfterSaleSettings)
  settings(@CurrentMerchant() m: MerchantContext) {
    return this.afterSales.getSettings(m.merchantId);
  }

  /** The default return address: owner only, like the other merchant settings (returns would go wherever it says). */
  @Put('after-sale-settings')
  @MerchantAccess({ ownerOnly: true })
  @ZResponse(AfterSaleSettings)
  putSettings(@CurrentMerchant() m: MerchantContext, @ZBody(AfterSaleSettings) body: AfterSaleSettings) {
    return this.afterSales.putSettings(m.merchantId, body);
  }
}
