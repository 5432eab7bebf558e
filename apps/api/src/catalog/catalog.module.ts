import { Module } from '@nestjs/common';
import { ProductCommissionRates } from './product-commission-rates.query.js';
import { MerchantsModule } from '../merchants/merchants.module.js';
import { CategoriesController } from './categories.controller.js';
import { MerchantCatalogController, PublicProductsController } from './catalog.controller.js';
import { EditProductService } from './edit-product.service.js';
import { ProductCommandsService } from './product-commands.service.js';
import { ProductQueriesService } from './product-queries.service.js';
import { HotStockService } from './hot-stock.service.js';
import { StockPageService } from './stock-page.service.js';
import { StockService } from './stock.service.js';
import { AccessModule } from '../access/access.module.js';
import { ShopsModule } from '../shops/shops.module.js';

@Module({
  imports: [MerchantsModule, ShopsModule, AccessModule],
  controllers: [MerchantCatalogController, PublicProductsController, CategoriesController],
  providers: [ProductCommandsService, EditProductService, ProductQueriesService, StockService, StockPageService, HotStockService, ProductCommissionRates],
  exports: [ProductQueriesService, HotStockService, ProductCommissionRates],
})
export class CatalogModule {}
