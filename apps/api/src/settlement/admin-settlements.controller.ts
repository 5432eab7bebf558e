import { Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  BatchListQuery,
  BatchPage,
  BusinessDate,
  IdParam,
  MarkPaidBody,
  MerchantStatusPage,
  MerchantStatusQuery,
  ReconciliationPage,
  ReconciliationQuery,
  ResolveItemBody,
  RunSettlementBody,
  RunSettlementResult,
  SettlementBatchView,
  SettlementReceiverBody,
  SettlementSettingsBody,
} from '@shareshop/common';
import { PlatformAdmin } from '../access/access.guards.js';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { NotFound } from '../domain/errors.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { SettlementRunner } from './batch.runner.js';
import { PayoutsService } from './payouts.service.js';
import { ReconciliationService } from './reconciliation.service.js';
import { SettlementQueries } from './settlement.queries.js';
import { SettlementSettingsService } from './settlement-settings.service.js';
import { DataSource } from 'typeorm';

@ApiTags('admin')
@ApiBearerAuth()
@PlatformAdmin()
@Controller('admin/settlements')
export class AdminSettlementsController {
  constructor(
    private readonly runner: SettlementRunner,
    private readonly queries: SettlementQueries,
    private readonly payouts: PayoutsService,
    private readonly reconciliation: ReconciliationService,
    private readonly settings: SettlementSettingsService,
    private readonly dataSource: DataSource,
  ) {}

  /** Runs (or resumes) the batch of a finished business day; `busy` when another runner holds that day. */
  @Post('run')
  @HttpCode(200)
  @ZResponse(RunSettlementResult)
  run(@CurrentUser() user: AuthUser, @ZBody(RunSettlementBody) body: RunSettlementBody): Promise<RunSettlementResult> {
    return this.runner.run(body.businessDate, `admin:${user.id}`);
  }

  @Get('batches')
  @ZResponse(BatchPage)
  batches(@ZQuery(BatchListQuery) q: BatchListQuery) {
    return this.queries.batches(q);
  }

  @Get('batches/:day')
  @ZResponse(SettlementBatchView)
  async batch(@ZParam('day', BusinessDate) day: string) {
    const b = await this.queries.batch(day);
    if (!b) throw new NotFound('结算批次');
    return b;
  }

  /** Per-merchant statements and payout status of one day. */
  @Get('merchants')
  @ZResponse(MerchantStatusPage)
  merchants(@ZQuery(MerchantStatusQuery) q: MerchantStatusQuery) {
    return this.queries.merchantStatus(q);
  }

  @Get('reconciliation-items')
  @ZResponse(ReconciliationPage)
  items(@ZQuery(ReconciliationQuery) q: ReconciliationQuery) {
    return this.queries.items(q);
  }

  /** Closes a difference with a note; when it was the merchant's last open one, a held statement is paid out. */
  @Post('reconciliation-items/:id/resolve')
  @HttpCode(204)
  async resolve(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number, @ZBody(ResolveItemBody) body: ResolveItemBody): Promise<void> {
    await this.reconciliation.resolve(user.id, id, body.note);
  }

  /** A manual payout (or the part profit sharing could not carry) was paid by hand. */
  @Post('payouts/:id/mark-paid')
  @HttpCode(204)
  async markPaid(@CurrentUser() user: AuthUser, @ZParam('id', IdParam) id: number, @ZBody(MarkPaidBody) body: MarkPaidBody): Promise<void> {
    await this.payouts.markPaid(user.id, id, body.reference);
  }

  /** Follows asynchronous payouts now instead of waiting for the scheduler's next tick. */
  @Post('payouts/refresh')
  @HttpCode(200)
  async refresh(): Promise<{ checked: number }> {
    return { checked: await this.payouts.refreshOpen() };
  }

  @Get('settings')
  @ZResponse(SettlementSettingsBody)
  getSettings() {
    return this.settings.get();
  }

  @Put('settings')
  @ZResponse(SettlementSettingsBody)
  putSettings(@CurrentUser() user: AuthUser, @ZBody(SettlementSettingsBody) body: SettlementSettingsBody) {
    return this.settings.update(user.id, body);
  }

  /** Where profit sharing pays a merchant; the merchant's settlement_mode decides whether it is used. */
  @Put('receivers')
  @HttpCode(204)
  async receiver(@ZBody(SettlementReceiverBody) body: SettlementReceiverBody): Promise<void> {
    const [m] = await this.dataSource.query<Array<{ id: number }>>('SELECT id FROM merchant WHERE id = $1', [body.merchantId]);
    if (!m) throw new NotFound('商家');
    await this.dataSource.query(
      `INSERT INTO settlement_receiver (merchant_id, receiver_type, account) VALUES ($1, $2, $3)
       ON CONFLICT (merchant_id) DO UPDATE SET receiver_type = EXCLUDED.receiver_type, account = EXCLUDED.account,
         added_at = CASE WHEN settlement_receiver.account = EXCLUDED.account THEN settlement_receiver.added_at END`,
      [body.merchantId, body.receiverType, body.account],
    );
  }
}
