import { Foundation1763800000000 } from './1763800000000-Foundation.js';
import { DomainEvents1763800001000 } from './1763800001000-DomainEvents.js';
import { Commerce1763800110000 } from './1763800110000-Commerce.js';
import { Distribution1763800200000 } from './1763800200000-Distribution.js';
import { Settlement1763800300000 } from './1763800300000-Settlement.js';
import { HotStock1763800400000 } from './1763800400000-HotStock.js';
import { SettlementStreaming1763800500000 } from './1763800500000-SettlementStreaming.js';
import { TeamCounters1763800700000 } from './1763800700000-TeamCounters.js';
import { SettlementUnfreeze1763800800000 } from './1763800800000-SettlementUnfreeze.js';
import { OrderPaidIndex1763800900000 } from './1763800900000-OrderPaidIndex.js';
import { BusinessNumbers1763801000000 } from './1763801000000-BusinessNumbers.js';
import { LedgerStatementCheck1763801100000 } from './1763801100000-LedgerStatementCheck.js';
import { MoneyRules1763801200000 } from './1763801200000-MoneyRules.js';
import { StaffInvitations1763801300000 } from './1763801300000-StaffInvitations.js';
import { SessionVersions1763801310000 } from './1763801310000-SessionVersions.js';
import { PurchaseLimits1763801320000 } from './1763801320000-PurchaseLimits.js';
import { MerchantOnboarding1763801500000 } from './1763801500000-MerchantOnboarding.js';
import { CatalogueEditor1763801600000 } from './1763801600000-CatalogueEditor.js';
import { StockMovements1763801610000 } from './1763801610000-StockMovements.js';
import { AfterSales1763801800000 } from './1763801800000-AfterSales.js';
import { ReturnRefusal1763801810000 } from './1763801810000-ReturnRefusal.js';
import { FreightRule1763801900000 } from './1763801900000-FreightRule.js';
import { PaymentInbox1763802000000 } from './1763802000000-PaymentInbox.js';
import { PlaceOrderInOneCall1763802200000 } from './1763802200000-PlaceOrderInOneCall.js';

/** Every migration, in order. Listed explicitly (no globs) so ESM builds and tests load the same set. */
export const migrations = [
  Foundation1763800000000,
  DomainEvents1763800001000,
  Commerce1763800110000,
  Distribution1763800200000,
  Settlement1763800300000,
  HotStock1763800400000,
  SettlementStreaming1763800500000,
  TeamCounters1763800700000,
  SettlementUnfreeze1763800800000,
  OrderPaidIndex1763800900000,
  BusinessNumbers1763801000000,
  LedgerStatementCheck1763801100000,
  MoneyRules1763801200000,
  StaffInvitations1763801300000,
  SessionVersions1763801310000,
  PurchaseLimits1763801320000,
  MerchantOnboarding1763801500000,
  CatalogueEditor1763801600000,
  StockMovements1763801610000,
  AfterSales1763801800000,
  ReturnRefusal1763801810000,
  FreightRule1763801900000,
  PaymentInbox1763802000000,
  PlaceOrderInOneCall1763802200000,
];
