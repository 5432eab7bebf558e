import { Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreateProductBody,
  IdParam,
  LowStockList,
  LowStockQuery,
  MerchantProductsQuery,
  MerchantStockPage,
  MerchantStockQuery,
  ProductPage,
  ProductView,
  PublicProductsQuery,
  SetProductStatusBody,
  SetStockBody,
  SkuInput,
  SkuView,
  StockAdjustmentBody,
  StockAdjustmentList,
  StockAdjustmentView,
  StockSettingsBody,
  StockSettingsView,
  UpdateProductBody,
  UpdateSkuBody,
} from '@shareshop/common';
import { CurrentMerchant, MerchantMember, type MerchantContext } from '../access/access.guards.js';
import { Public } from '../auth/auth.guard.js';
import { ZBody, ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { EditProductService } from './edit-product.service.js';
import { ProductCommandsService } from './product-commands.service.js';
import { ProductQueriesService } from './product-queries.service.js';
import { StockPageService } from './stock-page.service.js';
import { StockService } from './stock.service.js';

@ApiTags('merchant catalogue')
@Controller('merchant')
@MerchantMember()
export class MerchantCatalogController {
  constructor(
    private readonly commands: ProductCommandsService,
    private readonly editor: EditProductService,
    private readonly queries: ProductQueriesService,
    private readonly stock: StockService,
    private readonly stockPage: StockPageService,
  ) {}

  @Get('products')
  @ZResponse(ProductPage)
  list(@CurrentMerchant() m: MerchantContext, @ZQuery(MerchantProductsQuery) q: MerchantProductsQuery) {
    return this.queries.merchantList(m.merchantId, q);
  }

  @Post('products')
  @ZResponse(ProductView)
  create(@CurrentMerchant() m: MerchantContext, @ZBody(CreateProductBody) body: CreateProductBody) {
    return this.commands.create(m.merchantId, m.userId, body);
  }

  @Get('products/:id')
  @ZResponse(ProductView)
  get(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number) {
    return this.queries.merchantGet(m.merchantId, id);
  }

  @Patch('products/:id')
  @ZResponse(ProductView)
  update(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number, @ZBody(UpdateProductBody) body: UpdateProductBody) {
    return this.editor.edit(m.merchantId, m.userId, id, body);
  }

  @Post('products/:id/status')
  @HttpCode(200)
  @ZResponse(ProductView)
  setStatus(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number, @ZBody(SetProductStatusBody) body: SetProductStatusBody) {
    return this.commands.setStatus(m.merchantId, id, body.status);
  }

  @Post('products/:id/skus')
  @ZResponse(SkuView)
  addSku(@CurrentMerchant() m: MerchantContext, @ZParam('id', IdParam) id: number, @ZBody(SkuInput) body: SkuInput) {
    return this.commands.addSku(m.merchantId, m.userId, id, body);
  }

  @Patch('skus/:skuId')
  @ZResponse(SkuView)
  updateSku(@CurrentMerchant() m: MerchantContext, @ZParam('skuId', IdParam) skuId: number, @ZBody(UpdateSkuBody) body: UpdateSkuBody) {
    return this.commands.updateSku(m.merchantId, skuId, body);
  }

  @Post('skus/:skuId/stock-adjustments')
  @ZResponse(StockAdjustmentView)
  adjust(@CurrentMerchant() m: MerchantContext, @ZParam('skuId', IdParam) skuId: number, @ZBody(StockAdjustmentBody) body: StockAdjustmentBody) {
    return this.stock.adjust(m.merchantId, m.userId, skuId, body.delta, body.reason);
  }

  @Get('skus/:skuId/stock-adjustments')
  @ZResponse(StockAdjustmentList)
  history(@CurrentMerchant() m: MerchantContext, @ZParam('skuId', IdParam) skuId: number) {
    return this.stock.history(m.merchantId, skuId);
  }

  /** Stock count (盘点): set the SKU's stock to an absolute value, with history. */
  @Post('skus/:skuId/stock')
  @HttpCode(200)
  @ZResponse(StockAdjustmentView)
  setStock(@CurrentMerchant() m: MerchantContext, @ZParam('skuId', IdParam) skuId: number, @ZBody(SetStockBody) body: SetStockBody) {
    const { stock, reason } = SetStockBody.parse(body);
    return this.stockPage.set(m.merchantId, m.userId, skuId, stock, reason);
  }

  @Get('stock/low')
  @ZResponse(LowStockList)
  async low(@CurrentMerchant() m: MerchantContext, @ZQuery(LowStockQuery) q: LowStockQuery) {
    return this.stock.low(m.merchantId, q.threshold ?? (await this.stockPage.settings(m.merchantId)).lowStockThreshold);
  }

  @Get('stock/settings')
  @ZResponse(StockSettingsView)
  stockSettings(@CurrentMerchant() m: MerchantContext) {
    return this.stockPage.settings(m.merchantId);
  }

  @Put('stock/settings')
  @ZResponse(StockSettingsView)
  saveStockSettings(@CurrentMerchant() m: MerchantContext, @ZBody(StockSettingsBody) body: StockSettingsBody) {
    return this.stockPage.saveSettings(m.merchantId, body.lowStockThreshold);
  }

  /** The stock page: every SKU with its stock, low ones (at or below the merchant's threshold) first and flagged. */
  @Get('stock')
  @ZResponse(MerchantStockPage)
  stockList(@CurrentMerchant() m: MerchantContext, @ZQuery(MerchantStockQuery) q: MerchantStockQuery) {
    return this.stockPage.list(m.merchantId, q);
  }
}

@ApiTags('products')
@Controller('products')
@Public()
export class PublicProductsController {
  constructor(private readonly queries: ProductQueriesService) {}

  @Get()
  @ZResponse(ProductPage)
  list(@ZQuery(PublicProductsQuery) q: PublicProductsQuery) {
    return this.queries.publicList(q);
  }

  @Get(':id')
  @ZResponse(ProductView)
  get(@ZParam('id', IdParam) id: number) {
    return this.queries.publicGet(id);
  }
}
