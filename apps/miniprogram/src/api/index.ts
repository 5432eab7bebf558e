/**
 * Typed API calls, one line per route (routes: apps/api/docs/*.md; shapes: @shareshop/common). Pages call
 * `api.orders.get(id)` etc. and handle ApiError / NetworkError themselves (see hooks/useAsync.ts and
 * utils/errors.ts).
 */
import { API_BASE } from '../config';
import { currentMerchant } from '../store/merchant';
import { session } from '../store/session';
import { createClient } from './client';
import type * as T from './types';

export { ApiError, NetworkError } from './client';
export type * from './types';

export const http = createClient({
  baseUrl: API_BASE,
  getToken: () => session.getToken(),
  getMerchantId: () => currentMerchant.getId(),
  onUnauthorized: () => session.signOut(),
});

const id = (v: T.Id) => encodeURIComponent(String(v));

export const api = {
  auth: {
    wechatLogin: (body: T.WechatLoginBody) => http.post<T.LoginResponse>('/auth/wechat/login', body),
    me: () => http.get<T.Me>('/auth/me'),
  },
  shops: {
    /** Face + owner + one page of products (`?page=&pageSize=`). */
    get: (shopId: T.Id, q: T.PageQuery = {}) => http.get<T.ShopView>(`/shops/${id(shopId)}`, { ...q }),
    /** The featured shop (the 店铺 tab when no shop was entered). */
    featured: (q: T.PageQuery = {}) => http.get<T.ShopView>('/shops/default', { ...q }),
    clone: (body: T.CloneShopBody) => http.post<T.CloneShopResult>('/shops/clone', body),
    mine: () => http.get<T.MyShopView>('/shops/mine'),
    updateMine: (body: T.UpdateShopBody) => http.patch<T.MyShopView>('/shops/mine', body),
    setMyProducts: (body: T.SetShopProductsBody) => http.put<T.MyShopView>('/shops/mine/products', body),
    myOrders: (q: T.PageQuery = {}) => http.get<T.ShopOrdersView>('/shops/mine/orders', { ...q }),
    /** PNG 小程序码 of my shop, downloaded to a local file path. */
    downloadMyCode: () => http.download('/shops/mine/code'),
  },
  referrals: {
    resolve: (body: T.ResolveSceneBody) => http.post<T.ResolveSceneView>('/referrals/resolve', body),
    bind: (body: T.BindReferralBody) => http.post<T.BindingResultView>('/referrals/bind', body),
  },
  products: {
    get: (productId: T.Id) => http.get<T.ProductView>(`/products/${id(productId)}`),
    /** The platform's product categories (the editor's 类目 picker). */
    categories: () => http.get<T.CategoryList>('/categories'),
    /** The cloud product library a distributor selects from (on sale, approved merchants). */
    library: (q: T.PageQuery & { q?: string; category?: string } = {}) => http.get<T.ProductPage>('/products', { ...q }),
  },
  orders: {
    create: (body: T.CreateOrderBody) => http.post<T.CreateOrderResponse>('/orders', body),
    /** what placing these lines would charge per merchant order (运费 and 实付), from the server's prices and freight rules */
    quote: (body: T.QuoteOrderBody) => http.post<T.OrderQuote>('/orders/quote', body),
    list: (q: T.PageQuery & { status?: T.OrderStatus } = {}) => http.get<T.OrderPage>('/orders', { ...q }),
    get: (orderId: T.Id) => http.get<T.OrderView>(`/orders/${id(orderId)}`),
    pay: (orderId: T.Id) => http.post<T.PayOrderResponse>(`/orders/${id(orderId)}/pay`),
    cancel: (orderId: T.Id) => http.post<T.OrderView>(`/orders/${id(orderId)}/cancel`),
    confirmReceipt: (orderId: T.Id) => http.post<T.OrderView>(`/orders/${id(orderId)}/confirm-receipt`),
    refund: (orderId: T.Id, body: T.RequestRefundBody) => http.post<T.RefundView>(`/orders/${id(orderId)}/refunds`, body),
  },
  distributor: {
    earnings: () => http.get<T.EarningsView>('/distributors/me/earnings'),
    commissions: (q: T.PageQuery & { status?: T.CommissionStatus } = {}) => http.get<T.CommissionsView>('/distributors/me/commissions', { ...q }),
    team: (level: 1 | 2 | 3, q: T.PageQuery = {}) => http.get<T.TeamView>('/distributors/me/team', { level, ...q }),
    teamSummary: () => http.get<T.TeamSummaryView>('/distributors/me/team/summary'),
    withdraw: (body: T.CreateWithdrawalBody) => http.post<T.WithdrawalView>('/distributors/me/withdrawals', body),
    withdrawals: (q: T.PageQuery = {}) => http.get<T.WithdrawalsView>('/distributors/me/withdrawals', { ...q }),
    withdrawal: (withdrawalId: T.Id) => http.get<T.WithdrawalView>(`/distributors/me/withdrawals/${id(withdrawalId)}`),
  },
  /** 商家入驻: apply (again after a rejection), the application's status, the licence photo. */
  merchantApplication: {
    apply: (body: T.ApplyMerchantBody) => http.post<T.MerchantView>('/merchants', body),
    mine: () => http.get<T.MyMerchantApplicationView>('/merchants/mine/application'),
    uploadLicence: (filePath: string) => http.upload<T.UploadedImageView>('/merchants/uploads', filePath),
  },
  /** Staff invitations, from the invited user's side (a code the merchant shared). */
  invitations: {
    get: (code: string) => http.get<T.InvitationLookupView>(`/merchant-invitations/${encodeURIComponent(code)}`),
    accept: (code: string) => http.post<T.MerchantMembershipView>(`/merchant-invitations/${encodeURIComponent(code)}/accept`),
  },
  /** Platform operators (pkg-admin). */
  admin: {
    merchants: (status?: T.MerchantStatus) => http.get<T.AdminMerchantList>('/admin/merchants', { status }),
    approveMerchant: (merchantId: T.Id) => http.post<T.MerchantView>(`/admin/merchants/${id(merchantId)}/approve`),
    rejectMerchant: (merchantId: T.Id, reason: string) => http.post<T.MerchantView>(`/admin/merchants/${id(merchantId)}/reject`, { reason }),
    settings: () => http.get<T.PlatformSettingsView>('/admin/settings'),
    /** Any subset; levels 2–3 need acknowledgeMultiLevelRisk: true in the same request. */
    saveSettings: (body: T.UpdatePlatformSettingsBody) => http.put<T.PlatformSettingsView>('/admin/settings', body),
    batches: (q: T.PageQuery = {}) => http.get<T.Paged<T.SettlementBatchView>>('/admin/settlements/batches', { ...q }),
    batch: (day: string) => http.get<T.SettlementBatchView>(`/admin/settlements/batches/${encodeURIComponent(day)}`),
    /** One day's statements per merchant, with payout status and open differences. */
    dayStatements: (businessDate: string, q: T.PageQuery = {}) =>
      http.get<T.Paged<T.MerchantDayStatement>>('/admin/settlements/merchants', { businessDate, ...q }),
    reconciliationItems: (q: T.PageQuery & { status?: 'open' | 'resolved'; businessDate?: string } = {}) =>
      http.get<T.Paged<T.ReconciliationItemView>>('/admin/settlements/reconciliation-items', { ...q }),
    resolveItem: (itemId: T.Id, note: string) => http.post<unknown>(`/admin/settlements/reconciliation-items/${id(itemId)}/resolve`, { note }),
    markPaid: (payoutId: T.Id, reference: string) => http.post<unknown>(`/admin/settlements/payouts/${id(payoutId)}/mark-paid`, { reference }),
    refreshPayouts: () => http.post<{ checked: number }>('/admin/settlements/payouts/refresh'),
    users: (q: T.PageQuery & { q?: string } = {}) => http.get<T.AdminUserList>('/admin/users', { ...q }),
    blockUser: (userId: T.Id) => http.post<T.AdminUserView>(`/admin/users/${id(userId)}/block`),
    unblockUser: (userId: T.Id) => http.post<T.AdminUserView>(`/admin/users/${id(userId)}/unblock`),
  },
  merchant: {
    mine: () => http.get<T.MyMerchantsView>('/merchants/mine'),
    staff: () => http.get<T.StaffView>('/merchant/staff'),
    invite: () => http.post<T.MerchantInvitationView>('/merchant/staff/invitations'),
    revokeInvitation: (code: string) => http.delete<unknown>(`/merchant/staff/invitations/${encodeURIComponent(code)}`),
    removeStaff: (userId: T.Id) => http.delete<unknown>(`/merchant/staff/${id(userId)}`),
    leave: () => http.post<unknown>('/merchant/leave'),
    settings: () => http.get<T.MerchantView>('/merchant/settings'),
    /** The platform's commission limits in force (levels, total cap). */
    platformRules: () => http.get<T.MerchantPlatformRulesView>('/merchant/platform-rules'),
    saveSettings: (body: T.UpdateMerchantSettingsBody) => http.patch<T.MerchantView>('/merchant/settings', body),
    products: (q: T.PageQuery & { status?: T.ProductStatus } = {}) => http.get<T.ProductPage>('/merchant/products', { ...q }),
    product: (productId: T.Id) => http.get<T.ProductView>(`/merchant/products/${id(productId)}`),
    createProduct: (body: T.CreateProductBody) => http.post<T.ProductView>('/merchant/products', body),
    /** The edit page's one save: fields, SKU changes, new SKUs and status, all or nothing. */
    updateProduct: (productId: T.Id, body: T.UpdateProductBody) => http.patch<T.ProductView>(`/merchant/products/${id(productId)}`, body),
    /** Uploads a chosen image (local temp path); resolves to its `/uploads/...` URL. */
    uploadImage: (filePath: string) => http.upload<T.UploadedImageView>('/merchant/uploads', filePath),
    setStatus: (productId: T.Id, status: T.ProductStatus) => http.post<T.ProductView>(`/merchant/products/${id(productId)}/status`, { status }),
    adjustStock: (skuId: T.Id, body: T.StockAdjustmentBody) => http.post<T.StockAdjustmentView>(`/merchant/skus/${id(skuId)}/stock-adjustments`, body),
    stockHistory: (skuId: T.Id) => http.get<T.StockAdjustmentList>(`/merchant/skus/${id(skuId)}/stock-adjustments`),
    lowStock: (threshold?: number) => http.get<T.LowStockList>('/merchant/stock/low', { threshold }),
    /** Stock count (盘点): set a SKU's stock to an absolute value. */
    setStock: (skuId: T.Id, body: T.SetStockBody) => http.post<T.StockAdjustmentView>(`/merchant/skus/${id(skuId)}/stock`, body),
    /** The stock page: every SKU with its stock, low ones first and flagged. */
    stock: (q: T.PageQuery & { q?: string; lowOnly?: 'true' | 'false' } = {}) => http.get<T.MerchantStockPage>('/merchant/stock', { ...q }),
    stockSettings: () => http.get<T.StockSettingsView>('/merchant/stock/settings'),
    saveStockSettings: (body: T.StockSettingsView) => http.put<T.StockSettingsView>('/merchant/stock/settings', body),
    orders: (q: T.PageQuery & { status?: T.OrderStatus; refund?: 'requested' | 'processing'; from?: string; to?: string; q?: string } = {}) =>
      http.get<T.OrderPage>('/merchant/orders', { ...q }),
    /** CSV of the orders the same filters match (UTF-8 with BOM); resolves to a local file path. */
    exportOrders: (q: { status?: T.OrderStatus; q?: string } = {}) => http.download('/merchant/orders/export.csv', { ...q }),
    /** The dashboard: orders paid and sales per Asia/Shanghai day, `days` days ending today. */
    salesSummary: (days = 7) => http.get<T.MerchantSalesSummary>('/merchant/orders/summary', { days }),
    order: (orderId: T.Id) => http.get<T.OrderView>(`/merchant/orders/${id(orderId)}`),
    ship: (orderId: T.Id, body: T.ShipOrderBody) => http.post<T.OrderView>(`/merchant/orders/${id(orderId)}/ship`, body),
    refunds: (status?: T.RefundStatus) => http.get<T.RefundList>('/merchant/refunds', { status }),
    approveRefund: (refundId: T.Id) => http.post<T.RefundView>(`/merchant/refunds/${id(refundId)}/approve`),
    rejectRefund: (refundId: T.Id, reason: string) => http.post<T.RefundView>(`/merchant/refunds/${id(refundId)}/reject`, { reason }),
    settlements: (q: T.PageQuery & { from?: string; to?: string } = {}) => http.get<T.Paged<T.StatementView>>('/merchant/settlements', { ...q }),
    settlement: (day: string) => http.get<T.StatementDetailView>(`/merchant/settlements/${encodeURIComponent(day)}`),
  },
};

/** The API serves demo images as relative `/static/...` paths: prefix the API origin. */
export function assetUrl(src: string | null | undefined): string {
  if (!src) return '';
  if (/^(https?:|data:|blob:|wxfile:)/.test(src) || src.startsWith('//')) return src;
  const origin = /^(https?:\/\/[^/]+)/.exec(API_BASE)?.[1] ?? '';
  return `${origin}${src.startsWith('/') ? '' : '/'}${src}`;
}
