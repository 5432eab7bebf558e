/**
 * Every page path in one place. app.config.ts is generated from nothing: keep it in sync (the build
 * test checks app.json). Navigate with `go(routes.orderDetail, { id })`, never with string literals.
 */
import Taro from '@tarojs/taro';

export const tabRoutes = {
  shop: '/pages/shop/index',
  cart: '/pages/cart/index',
  mine: '/pages/mine/index',
} as const;

export const routes = {
  ...tabRoutes,
  productDetail: '/pkg-product/detail/index',
  checkout: '/pkg-order/checkout/index',
  orderList: '/pkg-order/list/index',
  orderDetail: '/pkg-order/detail/index',
  afterSaleApply: '/pkg-order/after-sales/apply/index',
  afterSaleDetail: '/pkg-order/after-sales/detail/index',
  afterSales: '/pkg-order/after-sales/list/index',
  openShop: '/pkg-distributor/open/index',
  shopSettings: '/pkg-distributor/settings/index',
  shopProducts: '/pkg-distributor/products/index',
  poster: '/pkg-distributor/poster/index',
  distributorCenter: '/pkg-distributor/center/index',
  earnings: '/pkg-distributor/earnings/index',
  commissions: '/pkg-distributor/commissions/index',
  team: '/pkg-distributor/team/index',
  withdraw: '/pkg-distributor/withdraw/index',
  shopOrders: '/pkg-distributor/shop-orders/index',
  merchantDashboard: '/pkg-merchant/dashboard/index',
  merchantProducts: '/pkg-merchant/products/index',
  merchantProductEdit: '/pkg-merchant/edit/index',
  merchantStock: '/pkg-merchant/stock/index',
  merchantOrders: '/pkg-merchant/orders/index',
  merchantAfterSales: '/pkg-merchant/aftersales/index',
  merchantAfterSaleDetail: '/pkg-merchant/aftersales/detail/index',
  merchantCommission: '/pkg-merchant/commission/index',
  merchantSettlements: '/pkg-merchant/settlements/index',
  merchantSettlementDetail: '/pkg-merchant/settlements/detail/index',
  merchantApply: '/pkg-merchant/apply/index',
  merchantApplication: '/pkg-merchant/application/index',
  merchantStaff: '/pkg-merchant/staff/index',
  merchantJoin: '/pkg-merchant/join/index',
  adminMerchants: '/pkg-admin/merchants/index',
  adminHome: '/pkg-admin/index/index',
  adminRules: '/pkg-admin/rules/index',
  adminSettlements: '/pkg-admin/settlements/index',
  adminSettlementDetail: '/pkg-admin/settlements/detail/index',
  adminReconciliation: '/pkg-admin/reconciliation/index',
  adminPayouts: '/pkg-admin/payouts/index',
  adminUsers: '/pkg-admin/users/index',
} as const;

export type Route = (typeof routes)[keyof typeof routes];
export type Params = Record<string, string | number | boolean | null | undefined>;

export { idParam } from './utils/scene';

export function withQuery(path: string, params?: Params): string {
  const qs = Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

const isTab = (path: string) => (Object.values(tabRoutes) as string[]).includes(path);

/** Navigates to a page; tab pages are switched to (they cannot take a query). */
export function go(route: Route, params?: Params, opts: { replace?: boolean } = {}) {
  if (isTab(route)) return Taro.switchTab({ url: route });
  const url = withQuery(route, params);
  return opts.replace ? Taro.redirectTo({ url }) : Taro.navigateTo({ url });
}
