/**
 * Every table of the schema as a TypeORM entity, registered with the data source (database/data-source.ts).
 * The migrations stay the source of the schema (synchronize is off); test/schema-drift.test.ts proves these
 * entities describe the same tables, so neither drifts from the other.
 */
import { AfterSale } from '../after-sales/after-sale.entity.js';
import { WechatSession } from '../auth/wechat-session.entity.js';
import { Category } from '../catalog/category.entity.js';
import { Product, Sku, StockAdjustment, SkuStockSlot } from '../catalog/product.entity.js';
import { Commission, CommissionReversal, DistributionSale } from '../commission/commission.entity.js';
import { DomainEvent, EventDelivery } from '../events/event.entity.js';
import { LedgerAccount, LedgerPosting, LedgerEntry } from '../ledger/ledger.entity.js';
import { Merchant, MerchantMember, MerchantInvitation } from '../merchants/merchant.entity.js';
import { Order, OrderItem } from '../orders/order.entity.js';
import { Payment, WechatPayNotification } from '../payments/payment.entity.js';
import { Refund, RefundItem } from '../payments/refund.entity.js';
import { PlatformSetting } from '../platform/platform-setting.entity.js';
import { ReferralBindingLog, TeamStats, TeamSalesMonth } from '../referral/referral.entity.js';
import { SettlementReceiver, Payout, PayoutPart, SettlementUnfreeze } from '../settlement/payout.entity.js';
import { SettlementBatch, SettlementBillRow, ReconciliationItem, SettlementStatement, SettlementStatementLine } from '../settlement/settlement.entity.js';
import { Shop, ShopProduct } from '../shops/shop.entity.js';
import { User } from '../users/user.entity.js';
import { Withdrawal } from '../wallet/withdrawal.entity.js';

export const entities = [
  User,
  WechatSession,
  Merchant,
  MerchantMember,
  MerchantInvitation,
  Product,
  Sku,
  StockAdjustment,
  SkuStockSlot,
  Category,
  Shop,
  ShopProduct,
  PlatformSetting,
  LedgerAccount,
  LedgerPosting,
  LedgerEntry,
  DomainEvent,
  EventDelivery,
  Order,
  OrderItem,
  Payment,
  WechatPayNotification,
  Refund,
  RefundItem,
  AfterSale,
  ReferralBindingLog,
  TeamStats,
  TeamSalesMonth,
  Commission,
  CommissionReversal,
  DistributionSale,
  Withdrawal,
  SettlementBatch,
  SettlementBillRow,
  ReconciliationItem,
  SettlementStatement,
  SettlementStatementLine,
  SettlementReceiver,
  Payout,
  PayoutPart,
  SettlementUnfreeze,
];
