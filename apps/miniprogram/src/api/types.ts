/**
 * Request/response types of the ShareShop API (/api/v1), as used by the mini program.
 *
 * TODO(lead): to move to @shareshop/common when the API's DTOs land. Until then these mirror the
 * contract in the "The mini program" issue; names marked GUESS are routes/fields the issue did not spell
 * out. Money is always integer fen (`Fen`), rates basis points (`Bps`).
 */
import type { ApiErrorBody, Bps, Fen } from '@shareshop/common'

export type { ApiErrorBody, Bps, Fen }

/** Database ids are positive integers (the API coerces path/query strings). */
export type Id = number

/** Paged list. GUESS: field names. */
export interface Paged<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export interface PageQuery {
  page?: number
  pageSize?: number
}

// ---------------------------------------------------------------- auth
export type Role = 'consumer' | 'distributor' | 'merchant' | 'admin'

export interface User {
  id: Id
  nickname: string
  avatarUrl?: string | null
  roles?: Role[]
  /** The user's own shop, once they opened one. */
  shopId?: Id | null
  referralCode?: string | null
  /** Set for merchant staff. */
  merchantId?: Id | null
}

export interface LoginRequest {
  code: string
  /** Launch attribution: share link shopId/ref or a 小程序码 scene (the server binds the upline). */
  shopId?: Id
  ref?: string
  scene?: string
}
export interface LoginResponse {
  token: string
  user: User
}

// ---------------------------------------------------------------- shops
export interface ShopTheme {
  /** e.g. '#fa2c19' */
  primaryColor?: string
  name?: string
}

/** GET /shops/:id */
export interface ShopFace {
  id: Id
  name: string
  bannerUrl?: string | null
  avatarUrl?: string | null
  theme?: ShopTheme | null
  owner: { id?: Id; nickname: string; avatarUrl?: string | null }
  /** The owner's referral code, carried as `ref` in share links. GUESS */
  ref?: string | null
  productCount?: number
}

/** An item of GET /shops/:id/products (paged). */
export interface ProductSummary {
  id: Id
  title: string
  coverUrl?: string | null
  /** Lowest SKU price. */
  priceFen: Fen
  listPriceFen?: Fen | null
  sales?: number
  /** Sum of SKU stock. */
  stock?: number
}

export interface CloneShopRequest {
  fromShopId: Id
}
export interface UpdateShopRequest {
  name?: string
  bannerUrl?: string | null
  avatarUrl?: string | null
  theme?: ShopTheme
}
export interface SetShopProductsRequest {
  productIds: Id[]
}

export interface ResolveReferralRequest {
  scene: string
}
export interface ResolveReferralResponse {
  shopId: Id | null
  ref: string | null
}

// ---------------------------------------------------------------- products
export interface SpecDimension {
  name: string
  values: string[]
}

export interface Sku {
  id: Id
  /** Spec name -> value, e.g. { 颜色: '红', 尺码: 'M' }. Empty for a single-SKU product. */
  specs: Record<string, string>
  priceFen: Fen
  listPriceFen?: Fen | null
  stock: number
  imageUrl?: string | null
}

/** GET /products/:id */
export interface ProductDetail {
  id: Id
  merchantId?: Id
  title: string
  subtitle?: string | null
  description?: string | null
  images: string[]
  /** Spec dimensions in display order; derived from the SKUs when missing. */
  specs?: SpecDimension[]
  skus: Sku[]
}

// ---------------------------------------------------------------- orders
export type OrderStatus =
  | 'pending_payment'
  | 'paid'
  | 'shipped'
  | 'received'
  | 'completed'
  | 'cancelled'
  | 'closed'
  | 'refunding'
  | 'refunded'

export interface Address {
  name: string
  phone: string
  province: string
  city: string
  district: string
  detail: string
}

export interface CreateOrderRequest {
  shopId: Id
  items: { skuId: Id; quantity: number }[]
  address: Address
  remark: string
  idempotencyKey: string
}

export interface OrderItem {
  skuId: Id
  productId: Id
  title: string
  specText?: string
  imageUrl?: string | null
  priceFen: Fen
  quantity: number
}

export interface Order {
  id: Id
  orderNo: string
  shopId: Id
  status: OrderStatus
  items: OrderItem[]
  itemsFen: Fen
  shippingFen: Fen
  discountFen?: Fen
  payableFen: Fen
  address: Address
  remark?: string
  createdAt: string
  paidAt?: string | null
  /** Unpaid orders auto-close at this time. */
  expiresAt?: string | null
  shipment?: { carrier: string; trackingNo: string } | null
}

export interface OrderListQuery extends PageQuery {
  status?: OrderStatus
}

/** POST /orders/:id/pay -> parameters for wx.requestPayment (WeChat Pay v3 JSAPI). */
export interface PayParams {
  timeStamp: string
  nonceStr: string
  /** 'prepay_id=...' */
  package: string
  signType: 'RSA'
  paySign: string
}

export interface RefundRequest {
  reason: string
  /** Omit for a full refund. */
  amountFen?: Fen
}

// ---------------------------------------------------------------- distributors
export interface Earnings {
  pendingFen: Fen
  availableFen: Fen
  withdrawnFen: Fen
  /** Negative balance carried after refunds. */
  carriedFen?: Fen
  totalFen: Fen
}

export type CommissionStatus = 'pending' | 'available' | 'withdrawn' | 'reversed'

export interface Commission {
  id: Id
  orderId: Id
  orderNo?: string
  level: 1 | 2 | 3
  baseFen: Fen
  amountFen: Fen
  status: CommissionStatus
  createdAt: string
  availableAt?: string | null
}

export interface TeamMember {
  userId: Id
  nickname: string
  avatarUrl?: string | null
  level: 1 | 2 | 3
  joinedAt: string
  shopId?: Id | null
}

export interface WithdrawRequest {
  amount: Fen
}

/** POST /distributors/me/withdrawals: a 商家转账 bill in WAIT_USER_CONFIRM. */
export interface WithdrawResponse {
  id?: Id
  outBillNo: string
  state: string
  packageInfo: string
  mchId: string
  appId: string
}

// ---------------------------------------------------------------- merchant (all GUESS: routes under /merchant)
export interface MerchantDashboard {
  todaySalesFen: Fen
  todayOrders: number
  toShip: number
  afterSales: number
  lowStockSkus: number
}

export interface MerchantProduct {
  id: Id
  title: string
  coverUrl?: string | null
  priceFen: Fen
  stock: number
  onSale: boolean
}

export interface MerchantSkuStock {
  skuId: Id
  productId: Id
  title: string
  specText: string
  stock: number
  reserved?: number
}

export interface MerchantOrder extends Order {
  buyerNickname?: string
}

export interface CommissionSettings {
  /** Levels enabled by the platform (0..3, default 1). */
  levels: number
  /** Platform cap on the total rate. */
  capBps: Bps
  level1Bps: Bps
  level2Bps: Bps
  level3Bps: Bps
}

export interface Settlement {
  id: Id
  /** Asia/Shanghai business day, YYYY-MM-DD. */
  businessDay: string
  salesFen: Fen
  refundsFen: Fen
  commissionFen: Fen
  feeFen: Fen
  adjustmentsFen: Fen
  netFen: Fen
  status: 'pending' | 'paid' | 'failed'
}
