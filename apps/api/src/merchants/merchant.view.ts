import type { MerchantStatus, MerchantView, SettlementMode } from '@shareshop/common';

export const MERCHANT_COLUMNS = `m.id, m.name, m.logo_url, m.status, m.owner_user_id, m.after_sale_days, m.commission_l1_bps,
  m.commission_l2_bps, m.commission_l3_bps, m.restock_on_refund, m.freight_fee, m.free_shipping_above, m.created_at, m.approved_at,
  m.contact_name, m.contact_phone, m.business_category, m.licence_image_url, m.settlement_mode, m.reject_reason, m.rejected_at,
  (SELECT s.id FROM shop s WHERE s.kind = 'merchant' AND s.merchant_id = m.id) AS shop_id`;

/** A row of `SELECT ${MERCHANT_COLUMNS} FROM merchant m`. */
export interface MerchantViewRow {
  id: number;
  name: string;
  logo_url: string | null;
  status: MerchantStatus;
  owner_user_id: number;
  after_sale_days: number;
  commission_l1_bps: number;
  commission_l2_bps: number;
  commission_l3_bps: number;
  restock_on_refund: boolean;
  freight_fee: number;
  free_shipping_above: number | null;
  created_at: Date;
  approved_at: Date | null;
  contact_name: string | null;
  contact_phone: string | null;
  business_category: string | null;
  licence_image_url: string | null;
  settlement_mode: SettlementMode;
  reject_reason: string | null;
  rejected_at: Date | null;
  shop_id: number | null;
}

export function merchantView(r: MerchantViewRow): MerchantView {
  return {
    id: r.id,
    name: r.name,
    logoUrl: r.logo_url,
    status: r.status,
    ownerUserId: r.owner_user_id,
    afterSaleDays: r.after_sale_days,
    commissionL1Bps: r.commission_l1_bps,
    commissionL2Bps: r.commission_l2_bps,
    commissionL3Bps: r.commission_l3_bps,
    restockOnRefund: r.restock_on_refund,
    freightFee: Number(r.freight_fee ?? 0),
    freeShippingAbove: r.free_shipping_above == null ? null : Number(r.free_shipping_above),
    shopId: r.shop_id ?? null,
    createdAt: new Date(r.created_at).toISOString(),
    approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
    contactName: r.contact_name ?? null,
    contactPhone: r.contact_phone ?? null,
    category: r.business_category ?? null,
    licenceImageUrl: r.licence_image_url ?? null,
    settlementMode: r.settlement_mode,
    rejectReason: r.reject_reason ?? null,
    rejectedAt: r.rejected_at ? new Date(r.rejected_at).toISOString() : null,
  };
}
