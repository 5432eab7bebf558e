/**
 * Request/response types of the ShareShop API (/api/v1), as used by the mini program.
 *
 * The single source of truth is `@shareshop/common` (zod schemas + inferred types). Only *types* are
 * imported here (`import type` / `export type`), so zod never ends up in the mini program bundle.
 * Money is always integer fen (`Fen`), rates basis points (`Bps`).
 */
import type { Page } from '@shareshop/common';

export type {
  ApiErrorBody,
  Bps,
  Fen,
  Page,
  // auth
  Me,
  LoginResponse,
  WechatLoginBody,
  UpdateProfileBody,
  // shops & referrals
  ShopView,
  ShopTheme,
  ShopProductCard,
  ShopProductsPage,
  CloneShopBody,
  CloneShopResult,
  UpdateShopBody,
  SetShopProductsBody,
  MyShopView,
  ShopOrdersView,
  ShopOrderCommissionStatus,
  ResolveSceneBody,
  ResolveSceneView,
  BindReferralBody,
  BindingResultView,
  // catalogue
  ProductStatus,
  ProductView,
  ProductPage,
  SkuView,
  CreateProductBody,
  UpdateProductBody,
  UpdateSkuBody,
  SkuPatch,
  UploadedImageView,
  StockAdjustmentBody,
  StockAdjustmentView,
  StockAdjustmentList,
  LowStockList,
  PublicProductsQuery,
  DetailBlock,
  CategoryView,
  CategoryList,
  SetStockBody,
  StockMovementKind,
  StockSettingsView,
  StockRowView,
  MerchantStockPage,
  MerchantStockQuery,
  MerchantProductsQuery,
  // orders
  OrderStatus,
  RefundStatus,
  Address,
  CreateOrderBody,
  CreateOrderResponse,
  QuoteOrderBody,
  OrderQuote,
  MerchantOrderQuote,
  OrderView,
  OrderItemView,
  OrderTimelineEntry,
  OrderTimelineKind,
  OrderPage,
  RefundView,
  RefundList,
  BuyerOrdersQuery,
  MerchantOrdersQuery,
  MerchantSalesSummary,
  MerchantSalesDay,
  ShipOrderBody,
  RequestRefundBody,
  RequestPaymentParams,
  PayOrderResponse,
  // distribution
  TeamView,
  TeamSummaryView,
  CommissionStatus,
  EarningsView,
  CommissionsView,
  CommissionsQuery,
  CreateWithdrawalBody,
  WithdrawalStatus,
  WithdrawalView,
  WithdrawalsView,
  // merchants & settlement
  MerchantView,
  MerchantStatus,
  MerchantPlatformRulesView,
  MyMerchantsView,
  MyMerchantApplicationView,
  ApplyMerchantBody,
  SettlementMode,
  AdminMerchantList,
  StaffView,
  MerchantInvitationView,
  InvitationLookupView,
  MerchantMembershipView,
  UpdateMerchantSettingsBody,
  StatementView,
  StatementDetailView,
  StatementListQuery,
  // platform operators
  PlatformSettingsView,
  UpdatePlatformSettingsBody,
  BindingMode,
  SettlementBatchView,
  ReconciliationItemView,
  AdminUserView,
  AdminUserList,
} from '@shareshop/common';

/** Database ids are positive integers (the API coerces path/query strings). */
export type Id = number;

/** Paged list (`{ items, total, page, pageSize }`). */
export type Paged<T> = Page<T>;

export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** One row of GET /distributors/me/commissions. */
export type CommissionRow = import('@shareshop/common').CommissionsView['items'][number];
/** One row of GET /distributors/me/team. */
export type TeamMember = import('@shareshop/common').TeamView['items'][number];
/** One row of GET /shops/mine/orders. */
export type ShopOrderRow = import('@shareshop/common').ShopOrdersView['items'][number];
/** One row of GET /admin/settlements/merchants: a merchant's statement of the day. */
export type MerchantDayStatement = import('@shareshop/common').StatementView & { merchantName: string; openItems: number };
