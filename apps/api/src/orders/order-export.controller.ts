import { Controller, Get, Header } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { MerchantOrdersExportQuery } from '@shareshop/common';
import { CurrentMerchant, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { ZQuery } from '../http/validation.js';
import { OrderExportService } from './order-export.service.js';

/**
 * GET /merchant/orders/export.csv. Its own controller, listed before MerchantOrdersController in the module
 * so the literal path is matched before `merchant/orders/:id`.
 */
@ApiTags('merchant orders')
@Controller('merchant/orders')
@MerchantMember()
export class MerchantOrderExportController {
  constructor(private readonly exporter: OrderExportService) {}

  @Get('export.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="orders.csv"')
  @ApiProduces('text/csv')
  export(@CurrentMerchant() m: MerchantContext, @ZQuery(MerchantOrdersExportQuery) q: MerchantOrdersExportQuery): Promise<string> {
    return this.exporter.csv(m.merchantId, q);
  }
}
