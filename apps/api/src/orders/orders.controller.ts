import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  BuyerOrdersQuery,
  CreateOrderBody,
  CreateOrderResponse,
  IdParam,
  MerchantOrdersQuery,
  MerchantSalesSummary,
  MerchantSalesSummaryQuery,
  OrderPage,
  OrderQuote,
  OrderView,
  QuoteOrderBody,
  RefundView,
  RequestRefundBody,
  ShipOrderBody,
} from '@shareshop/common';
import { CurrentMerchant, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { RateLimit } from '../http/rate-limit.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { OrderActionsService } from './order-actions.service.js';
import { OrderQueriesService } from './order-queries.service.js';
import { PlaceOrderService } from './place-order.service.js';
import { RequestRefundService } from './request-refund.service.js';

@ApiTags('orders')
@Controller('orders')
export class BuyerOrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderService,
    private readonly queries: OrderQueriesService,
    private readonly actions: OrderActionsService,
    private readonly refunds: RequestRefundService,
  ) {}

  @Post()
  @RateLimit('order')
  @ZResponse(CreateOrderResponse)
  place(@CurrentUser() user: AuthUser, @ZBody(CreateOrderBody) body: CreateOrderBody) {
    return this.placeOrder.place(user.id, body);
  }

  /** What POST /orders would charge for these lines, per merchant order (checkout's 运费 and 实付). */
  @Post('quote')
  @HttpCode(200)
  @ZResponse(OrderQuote)
  quote(@CurrentUser() user: AuthUser, @ZBody(QuoteOrderBody) body: QuoteOrderBody) {
    return this.placeOrder.quote(user.id, body);
  }

  @Get()
  @ZResponse(OrderPage)
  list(@CurrentUser() user: AuthUser, @ZQuery(BuyerOrdersQuery) q: BuyerOrdersQuery) {
    return this.queries.buyerList(user.id, q);
  }

  @Get(':id')
  @ZResponse(OrderView)
  get(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number) {
    return this.queries.buyerGet(user.id, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ZResponse(OrderView)
  cancel(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number) {
    return this.actions.cancel(user.id, id);
  }

  @Post(':id/confirm-receipt')
  @HttpCode(200)
  @ZResponse(OrderView)
  confirm(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number) {
    return this.actions.confirmReceipt(user.id, id);
  }

  @Post(':id/refunds')
  @ZResponse(RefundView)
  requestRefund(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number, @ZBody(RequestRefundBody) body: RequestRefundBody) {
    return this.refunds.request(user.id, id, body);
  }
}

@ApiTags('merchant orders')
@Controller('merchant/orders')
@MerchantMember()
export class MerchantOrdersController {
  constructor(
    private readonly queries: OrderQueriesService,
    private readonly actions: OrderActionsService,
  ) {}

  @Get()
  @ZResponse(OrderPage)
  list(@CurrentMerchant() m: MerchantContext, @ZQuery(MerchantOrdersQuery) q: MerchantOrdersQuery) {
    return this.queries.merchantList(m.merchantId, q);
  }

  /** The dashboard: orders paid and sales per Asia/Shanghai day, `days` days ending today (declared before `:id`). */
  @Get('summary')
  @ZResponse(MerchantSalesSummary)
  summary(@CurrentMerchant() m: MerchantContext, @ZQuery(MerchantSalesSummaryQuery) q: MerchantSalesSummaryQuery) {
    return this.queries.merchantSummary(m.merchantId, q.days);
  }

  @Get(':id')
  @ZResponse(OrderView)
  get(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number) {
    return this.queries.merchantGet(m.merchantId, id);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @ZResponse(OrderView)
  ship(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number, @ZBody(ShipOrderBody) body: ShipOrderBody) {
    return this.actions.ship(m.merchantId, id, body);
  }
}
