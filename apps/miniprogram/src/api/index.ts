/**
 * Typed API calls, one line per route (routes: apps/api/docs/*.md; shapes: @shareshop/common). Pages call
 * `api.orders.get(id)` etc. and handle ApiError / NetworkError themselves (see hooks/useAsync.ts and
 * utils/errors.ts).
 */
import { API_BASE } from '../config'
import { session } from '../store/session'
import { createClient } from './client'
import type * as T from './types'

export { ApiError, NetworkError } from './client'
export type * from './types'

export const http = createClient({
  baseUrl: API_BASE,
  getToken: () => session.getToken(),
  onUnauthorized: () => session.signOut(),
})

const id = (v: T.Id) => encodeURIComponent(String(v))

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
    /** The cloud product library a distributor selects from (on sale, approved merchants). */
    library: (q: T.PageQuery & { q?: string; category?: string } = {}) => http.get<T.ProductPage>('/products', { ...q }),
  },
  orders: {
    create: (body: T.CreateOrderBody) => http.post<T.CreateOrderResponse>('/orders', body),
    list: (q: T.PageQuery & { status?: T.OrderStatus } = {}) => http.get<T.OrderPage>('/orders', { ...q }),
    get: (orderId: T.Id) => http.get<T.OrderView>(`/orders/${id(orderId)}`),
    pay: (orderId: T.Id) => http.post<T.PayOrderResponse>(`/orders/${id(orderId)}/pay`),
    cancel: (orderId: T.Id) => http.post<T.OrderView>(`/orders/${id(orderId)}/cancel`),
    confirmReceipt: (orderId: T.Id) => http.post<T.OrderView>(`/orders/${id(orderId)}/confirm-receipt`),
    refund: (orderId: T.Id, body: T.RequestRefundBody) => http.post<T.RefundView>(`/orders/${id(orderId)}/refunds`, body),
  },
  distributor: {
    earnings: () => http.get<T.EarningsView>('/distributors/me/earnings'),
    commissions: (q: T.PageQuery & { status?: T.CommissionStatus } = {}) =>
      http.get<T.CommissionsView>('/distributors/me/commissions', { ...q }),
    team: (level: 1 | 2 | 3, q: T.PageQuery = {}) => http.get<T.TeamView>('/distributors/me/team', { level, ...q }),
    teamSummary: () => http.get<T.TeamSummaryView>('/distributors/me/team/summary'),
    withdraw: (body: T.CreateWithdrawalBody) => http.post<T.WithdrawalView>('/distributors/me/withdrawals', body),
    withdrawals: (q: T.PageQuery = {}) => http.get<T.WithdrawalsView>('/distributors/me/withdrawals', { ...q }),
    withdrawal: (withdrawalId: T.Id) => http.get<T.WithdrawalView>(`/distributors/me/withdrawals/${id(withdrawalId)}`),
  },
  merchant: {
    mine: () => http.get<T.MyMerchantsView>('/merchants/mine'),
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
    setStatus: (productId: T.Id, status: T.ProductStatus) =>
      http.post<T.ProductView>(`/merchant/products/${id(productId)}/status`, { status }),
    adjustStock: (skuId: T.Id, body: T.StockAdjustmentBody) =>
      http.post<T.StockAdjustmentView>(`/merchant/skus/${id(skuId)}/stock-adjustments`, body),
    stockHistory: (skuId: T.Id) => http.get<T.StockAdjustmentList>(`/merchant/skus/${id(skuId)}/stock-adjustments`),
    lowStock: (threshold = 10) => http.get<T.LowStockList>('/merchant/stock/low', { threshold }),
    orders: (q: T.PageQuery & { status?: T.OrderStatus; refund?: 'requested' | 'processing'; from?: string; to?: string } = {}) =>
      http.get<T.OrderPage>('/merchant/orders', { ...q }),
    /** The dashboard: orders paid and sales per Asia/Shanghai day, `days` days ending today. */
    salesSummary: (days = 7) => http.get<T.MerchantSalesSummary>('/merchant/orders/summary', { days }),
    order: (orderId: T.Id) => http.get<T.OrderView>(`/merchant/orders/${id(orderId)}`),
    ship: (orderId: T.Id, body: T.ShipOrderBody) => http.post<T.OrderView>(`/merchant/orders/${id(orderId)}/ship`, body),
    refunds: (status?: T.RefundStatus) => http.get<T.RefundList>('/merchant/refunds', { status }),
    approveRefund: (refundId: T.Id) => http.post<T.RefundView>(`/merchant/refunds/${id(refundId)}/approve`),
    rejectRefund: (refundId: T.Id, reason: string) => http.post<T.RefundView>(`/merchant/refunds/${id(refundId)}/reject`, { reason }),
    settlements: (q: T.PageQuery & { from?: string; to?: string } = {}) =>
      http.get<T.Paged<T.StatementView>>('/merchant/settlements', { ...q }),
    settlement: (day: string) => http.get<T.StatementDetailView>(`/merchant/settlements/${encodeURIComponent(day)}`),
  },
}

/** The API serves demo images as relative `/static/...` paths: prefix the API origin. */
export function assetUrl(src: string | null | undefined): string {
  if (!src) return ''
  if (/^(https?:|data:|blob:|wxfile:)/.test(src) || src.startsWith('//')) return src
  const origin = /^(https?:\/\/[^/]+)/.exec(API_BASE)?.[1] ?? ''
  return `${origin}${src.startsWith('/') ? '' : '/'}${src}`
}
