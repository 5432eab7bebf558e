import { Controller, Get, HttpCode, Logger, Post, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam, MerchantRefundsQuery, PayOrderResponse, RefundList, RefundView, RejectRefundBody } from '@shareshop/common';
import { NotificationRejectedError, type PayTransaction, type RefundNotificationResource, WechatPayClient, notificationReply } from '@shareshop/wechat';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentMerchant, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { type AuthUser, CurrentUser, Public } from '../auth/auth.guard.js';
import { DomainError } from '../domain/errors.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { ApplyRefundResultService } from './apply-refund-result.service.js';
import { DecideRefundService } from './decide-refund.service.js';
import { PaymentInbox, type RecordOutcome } from './payment-inbox.js';
import { PayOrderService } from './pay-order.service.js';

@ApiTags('orders')
@Controller('orders')
export class PayController {
  constructor(private readonly payOrder: PayOrderService) {}

  /** Prepay through WeChat Pay JSAPI; returns the wx.requestPayment parameters. */
  @Post(':id/pay')
  @HttpCode(200)
  @ZResponse(PayOrderResponse)
  pay(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number) {
    return this.payOrder.pay(user.id, id);
  }
}

/** The JSON body parser keeps the bytes as received on `rawBody` (http/json-body.ts): the signature covers them. */
type RawRequest = RawBodyRequest<FastifyRequest>;

/** What recording answers WeChat: success (204: recorded, will be applied) or a FAIL body that makes it retry / flags a problem. */
const PAYMENT_REPLY: Record<RecordOutcome, { status: number; message?: string }> = {
  recorded: { status: 204 },
  duplicate: { status: 204 },
  unknown_order: { status: 404, message: 'unknown out_trade_no' },
  mismatch: { status: 400, message: 'appid, mchid or amount does not match the order' },
};

/**
 * WeChat Pay callbacks. Public (WeChat has no token) but verified: signature over the raw body with the
 * key named by Wechatpay-Serial, timestamp within 5 minutes, AES-256-GCM resource. Success is 204 with no
 * body; any failure is 4xx/5xx with {"code":"FAIL","message":...} so WeChat retries.
 */
@ApiTags('payments')
@Controller('payments/wechat')
@Public()
export class WechatPayNotifyController {
  private readonly logger = new Logger('payments');

  constructor(
    private readonly pay: WechatPayClient,
    private readonly payments: PaymentInbox,
    private readonly refunds: ApplyRefundResultService,
  ) {}

  @Post('notify')
  @ApiOperation({ summary: 'WeChat Pay payment callback (TRANSACTION.SUCCESS). Called by WeChat only: signed, encrypted body; 204 or {code:FAIL}.' })
  async notify(@Req() req: RawRequest, @Res() res: FastifyReply): Promise<void> {
    await this.handle(req, res, async (n) => {
      if (n.eventType !== 'TRANSACTION.SUCCESS') return { status: 204 };
      return PAYMENT_REPLY[await this.payments.record(n, n.resource as PayTransaction)];
    });
  }

  @Post('refund-notify')
  @ApiOperation({ summary: 'WeChat Pay refund callback (REFUND.SUCCESS/ABNORMAL/CLOSED). Called by WeChat only; 204 or {code:FAIL}.' })
  async refundNotify(@Req() req: RawRequest, @Res() res: FastifyReply): Promise<void> {
    await this.handle(req, res, async (n) => {
      if (!n.eventType.startsWith('REFUND.')) return { status: 204 };
      const outcome = await this.refunds.apply(n.resource as RefundNotificationResource, 'notify', n);
      if (outcome === 'unknown_refund') return { status: 404, message: 'unknown out_refund_no' };
      if (outcome === 'mismatch') return { status: 400, message: 'refund amount does not match' };
      return { status: 204 };
    });
  }

  private async handle(
    req: RawRequest,
    res: FastifyReply,
    apply: (n: { id: string; eventType: string; resource: unknown }) => Promise<{ status: number; message?: string }>,
  ): Promise<void> {
    let reply: { status: number; message?: string };
    try {
      if (!req.rawBody) throw new NotificationRejectedError('malformed_body', 'no body');
      const n = await this.pay.notifications.verify({ headers: req.headers as Record<string, string>, rawBody: req.rawBody });
      reply = await apply(n);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'WECHAT_NOT_CONFIGURED') reply = { status: 503, message: 'not configured' };
      else {
        const r = notificationReply(error);
        reply = { status: r.status, message: r.body?.message ?? 'internal error' };
        if (!(error instanceof NotificationRejectedError)) this.logger.error(error instanceof Error ? error : String(error));
        else this.logger.warn({ msg: 'callback rejected', reason: error.reason });
      }
    }
    if (reply.status < 300) res.status(204).send();
    else res.status(reply.status).send({ code: 'FAIL', message: reply.message ?? 'failed' });
  }
}

@ApiTags('merchant orders')
@Controller('merchant/refunds')
@MerchantMember()
export class MerchantRefundsController {
  constructor(private readonly decide: DecideRefundService) {}

  @Get()
  @ZResponse(RefundList)
  list(@CurrentMerchant() m: MerchantContext, @ZQuery(MerchantRefundsQuery) q: MerchantRefundsQuery) {
    return this.decide.list(m.merchantId, q.status);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ZResponse(RefundView)
  approve(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number) {
    return this.decide.approve(m.merchantId, m.userId, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ZResponse(RefundView)
  reject(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number, @ZBody(RejectRefundBody) body: RejectRefundBody) {
    return this.decide.reject(m.merchantId, m.userId, id, body.reason);
  }
}
