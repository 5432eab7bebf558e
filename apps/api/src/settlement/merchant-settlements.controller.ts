import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { BusinessDate, StatementDetailView, StatementListQuery, StatementPage } from '@shareshop/common';
import type { Page, StatementView } from '@shareshop/common';
import { CurrentMerchant, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { SettlementQueries } from './settlement.queries.js';

@ApiTags('merchant')
@ApiBearerAuth()
@MerchantMember()
@Controller('merchant/settlements')
export class MerchantSettlementsController {
  constructor(private readonly queries: SettlementQueries) {}

  /** Statements by business day, newest first. */
  @Get()
  @ZResponse(StatementPage)
  list(@CurrentMerchant() m: MerchantContext, @ZQuery(StatementListQuery) q: StatementListQuery): Promise<Page<StatementView>> {
    return this.queries.statements(m.merchantId, q);
  }

  /** CSV (UTF-8 with BOM, opens in Excel): one row per statement line. Declared before :day so it is not taken for a day. */
  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="settlements.csv"')
  @ApiProduces('text/csv')
  export(@CurrentMerchant() m: MerchantContext, @ZQuery(StatementListQuery) q: StatementListQuery): Promise<string> {
    return this.queries.csv(m.merchantId, q.from, q.to);
  }

  @Get(':day')
  @ZResponse(StatementDetailView)
  one(@CurrentMerchant() m: MerchantContext, @ZParam('day', BusinessDate) day: string): Promise<StatementDetailView> {
    return this.queries.statement(m.merchantId, day);
  }
}
