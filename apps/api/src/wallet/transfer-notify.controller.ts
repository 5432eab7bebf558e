import { Controller, HttpCode, Logger, Post, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type VerifiedNotification, WechatPayClient, notificationReply } from '@shareshop/wechat';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.guard.js';
import { type BillSnapshot, WithdrawalSettlementService } from './withdrawal-settlement.service.js';

/**
 * MCHTRANSFER.BILL.FINISHED callbacks. Verified on the raw body, then applied like a query answer; a
 * duplicate finds the withdrawal already final and changes nothing. Anything that fails asks WeChat to retry.
 */
@ApiExcludeController()
@Controller('wechat/transfers')
export class TransferNotifyController {
  private readonly logger = new Logger('withdrawals');

  constructor(
    private readonly pay: WechatPayClient,
    private readonly settlement: WithdrawalSettlementService,
  ) {}

  @Public()
  @Post('notify')
  @HttpCode(204)
  async notify(@Req() req: RawBodyRequest<FastifyRequest>, @Res() res: FastifyReply): Promise<void> {
    try {
      const n: VerifiedNotification<BillSnapshot & { out_bill_no: string }> = await this.pay.notifications.verify({
        headers: req.headers,
        rawBody: req.rawBody ?? '',
      });
      if (n.eventType.startsWith('MCHTRANSFER.')) await this.settlement.apply(n.resource.out_bill_no, n.resource);
      res.status(204).send();
    } catch (error) {
      this.logger.warn({ msg: 'transfer notify refused', error: (error as Error).message });
      const reply = notificationReply(error);
      res.status(reply.status).send(reply.body);
    }
  }
}
