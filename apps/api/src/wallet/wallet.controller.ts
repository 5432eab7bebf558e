import { Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateWithdrawalBody, EarningsView, IdParam, WithdrawalView, WithdrawalsQuery, WithdrawalsView } from '@shareshop/common';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { EarningsService } from './earnings.service.js';
import { WithdrawalSettlementService } from './withdrawal-settlement.service.js';
import { WithdrawalService } from './withdrawal.service.js';

@ApiTags('distributors')
@ApiBearerAuth()
@Controller('distributors/me')
export class WalletController {
  constructor(
    private readonly earningsService: EarningsService,
    private readonly withdrawals: WithdrawalService,
    private readonly settlement: WithdrawalSettlementService,
  ) {}

  @Get('earnings')
  @ZResponse(EarningsView)
  earnings(@CurrentUser() user: AuthUser): Promise<EarningsView> {
    return this.earningsService.earnings(user.id);
  }

  /**
   * Holds the amount and opens a WeChat transfer bill; confirm in the app with wx.requestMerchantTransfer.
   * With `idempotencyKey`, a retry gets the same withdrawal; the key with another amount is a 422.
   */
  @Post('withdrawals')
  @ZResponse(WithdrawalView)
  create(@CurrentUser() user: AuthUser, @ZBody(CreateWithdrawalBody) body: CreateWithdrawalBody): Promise<WithdrawalView> {
    return this.withdrawals.request(user.id, body.amount, body.idempotencyKey);
  }

  @Get('withdrawals')
  @ZResponse(WithdrawalsView)
  list(@CurrentUser() user: AuthUser, @ZQuery(WithdrawalsQuery) q: WithdrawalsQuery): Promise<WithdrawalsView> {
    return this.withdrawals.list(user.id, q.page, q.pageSize);
  }

  /** One withdrawal; an open one is first refreshed from WeChat (the app polls this after confirming). */
  @Get('withdrawals/:id')
  @ZResponse(WithdrawalView)
  async get(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number): Promise<WithdrawalView> {
    const w = await this.withdrawals.get(user.id, id);
    if (w.status === 'created') await this.withdrawals.submit(id);
    else if (w.status === 'wait_user_confirm' || w.status === 'transferring') await this.settlement.refresh(w.outBillNo).catch(() => null);
    return this.withdrawals.get(user.id, id);
  }
}
