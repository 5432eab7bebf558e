/**
 * After-sales (售后) routes, both sides (apps/api/docs/orders.md "After-sales"). Kept beside `api` in its own
 * file; types come straight from @shareshop/common (types only: no zod in the bundle).
 */
import type {
  AfterSaleListQuery,
  AfterSalePage,
  AfterSaleQuote,
  AfterSaleQuoteBody,
  AfterSaleSettings,
  AfterSaleStatus,
  AfterSaleView,
  ApproveAfterSaleBody,
  CreateAfterSaleBody,
  MerchantAfterSaleDetail,
  MerchantAfterSaleList,
  ReturnShipmentBody,
} from '@shareshop/common';
import type { Id, UploadedImageView } from './types';
import { http } from './index';

export type { AfterSaleStatus, AfterSaleView, AfterSaleQuote, MerchantAfterSaleDetail, MerchantAfterSaleList, AfterSaleSettings };

const id = (v: Id) => encodeURIComponent(String(v));
type ListQuery = Partial<Pick<AfterSaleListQuery, 'status' | 'orderId' | 'page' | 'pageSize'>>;

export const afterSalesApi = {
  quote: (orderId: Id, body: AfterSaleQuoteBody) => http.post<AfterSaleQuote>(`/orders/${id(orderId)}/after-sales/quote`, body),
  create: (orderId: Id, body: CreateAfterSaleBody) => http.post<AfterSaleView>(`/orders/${id(orderId)}/after-sales`, body),
  mine: (q: ListQuery = {}) => http.get<AfterSalePage>('/after-sales', { ...q }),
  get: (afterSaleId: Id) => http.get<AfterSaleView>(`/after-sales/${id(afterSaleId)}`),
  cancel: (afterSaleId: Id) => http.post<AfterSaleView>(`/after-sales/${id(afterSaleId)}/cancel`),
  shipReturn: (afterSaleId: Id, body: ReturnShipmentBody) => http.post<AfterSaleView>(`/after-sales/${id(afterSaleId)}/return-shipment`, body),
  /** A photo (local temp path) for a request; resolves to its `/uploads/...` URL. */
  uploadPhoto: (filePath: string) => http.upload<UploadedImageView>('/after-sales/uploads', filePath),
  merchant: {
    list: (q: ListQuery = {}) => http.get<MerchantAfterSaleList>('/merchant/after-sales', { ...q }),
    get: (afterSaleId: Id) => http.get<MerchantAfterSaleDetail>(`/merchant/after-sales/${id(afterSaleId)}`),
    approve: (afterSaleId: Id, body: ApproveAfterSaleBody = {}) => http.post<MerchantAfterSaleDetail>(`/merchant/after-sales/${id(afterSaleId)}/approve`, body),
    reject: (afterSaleId: Id, reason: string) => http.post<MerchantAfterSaleDetail>(`/merchant/after-sales/${id(afterSaleId)}/reject`, { reason }),
    confirmReturn: (afterSaleId: Id) => http.post<MerchantAfterSaleDetail>(`/merchant/after-sales/${id(afterSaleId)}/confirm-return`),
    settings: () => http.get<AfterSaleSettings>('/merchant/after-sale-settings'),
    saveSettings: (body: AfterSaleSettings) => http.put<AfterSaleSettings>('/merchant/after-sale-settings', body),
  },
};
