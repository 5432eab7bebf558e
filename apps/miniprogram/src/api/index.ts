/**
 * Typed API calls, one line per route. Pages call `api.orders.get(id)` etc. and handle ApiError /
 * NetworkError themselves (see hooks/useAsync.ts and utils/errors.ts).
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
    wechatLogin: (body: T.LoginRequest) => http.post<T.LoginResponse>('/auth/wechat/login', body),
  },
  shops: {
    get: (shopId: T.Id) => http.get<T.ShopFace>(`/shops/${id(shopId)}`),
    products: (shopId: T.Id, q: T.PageQuery = {}) =>
      http.get<T.Paged<T.ProductSummary>>(`/shops/${id(shopId)}/products`, { ...q }),
    clone: (body: T.CloneShopRequest) => http.post<T.ShopFace>('/shops/clone', body),
    updateMine: (body: T.UpdateShopRequest) => http.patch<T.ShopFace>('/shops/mine', body),
    setMyProducts: (body: T.SetShopProductsRequest) => http.put<void>('/shops/mine/products', body),
    /** PNG 小程序码 of my shop, downloaded to a local file path. */
    downloadMyCode: () => http.download('/shops/mine/code'),
  },
  referrals: {
    resolve: (body: T.ResolveReferralRequest) => http.post<T.ResolveReferralResponse>('/referrals/resolve', body),
  },
  products: {
    get: (productId: T.Id) => http.get<T.ProductDetail>(`/products/${id(productId)}`),
    /** GUESS: the cloud product library a distributor selects from. */
    library: (q: T.PageQuery = {}) => http.get<T.Paged<T.ProductSummary>>('/products', { ...q }),
  },
  orders: {
    create: (body: T.CreateOrderRequest) => http.post<T.Order>('/orders', body),
    list: (q: T.OrderListQuery = {}) => http.get<T.Paged<T.Order>>('/orders', { ...q }),
    get: (orderId: T.Id) => http.get<T.Order>(`/orders/${id(orderId)}`),
    pay: (orderId: T.Id) => http.post<T.PayParams>(`/orders/${id(orderId)}/pay`),
    cancel: (orderId: T.Id) => http.post<T.Order>(`/orders/${id(orderId)}/cancel`),
    confirmReceipt: (orderId: T.Id) => http.post<T.Order>(`/orders/${id(orderId)}/confirm-receipt`),
    refund: (orderId: T.Id, body: T.RefundRequest) => http.post<T.Order>(`/orders/${id(orderId)}/refund`, body),
  },
  distributor: {
    earnings: () => http.get<T.Earnings>('/distributors/me/earnings'),
    commissions: (q: T.PageQuery & { status?: T.CommissionStatus } = {}) =>
      http.get<T.Paged<T.Commission>>('/distributors/me/commissions', { ...q }),
    team: (level: 1 | 2 | 3, q: T.PageQuery = {}) =>
      http.get<T.Paged<T.TeamMember>>('/distributors/me/team', { level, ...q }),
    withdraw: (body: T.WithdrawRequest) => http.post<T.WithdrawResponse>('/distributors/me/withdrawals', body),
  },
  /** GUESS: every merchant route below; only the /merchant prefix is in the contract. */
  merchant: {
    dashboard: () => http.get<T.MerchantDashboard>('/merchant/dashboard'),
    products: (q: T.PageQuery = {}) => http.get<T.Paged<T.MerchantProduct>>('/merchant/products', { ...q }),
    setOnSale: (productId: T.Id, onSale: boolean) =>
      http.patch<T.MerchantProduct>(`/merchant/products/${id(productId)}`, { onSale }),
    stock: (q: T.PageQuery = {}) => http.get<T.Paged<T.MerchantSkuStock>>('/merchant/stock', { ...q }),
    setStock: (skuId: T.Id, stock: number) => http.put<T.MerchantSkuStock>(`/merchant/skus/${id(skuId)}/stock`, { stock }),
    orders: (q: T.OrderListQuery = {}) => http.get<T.Paged<T.MerchantOrder>>('/merchant/orders', { ...q }),
    ship: (orderId: T.Id, body: { carrier: string; trackingNo: string }) =>
      http.post<T.MerchantOrder>(`/merchant/orders/${id(orderId)}/ship`, body),
    commissionSettings: () => http.get<T.CommissionSettings>('/merchant/commission-settings'),
    saveCommissionSettings: (body: Partial<T.CommissionSettings>) =>
      http.put<T.CommissionSettings>('/merchant/commission-settings', body),
    settlements: (q: T.PageQuery = {}) => http.get<T.Paged<T.Settlement>>('/merchant/settlements', { ...q }),
  },
}
