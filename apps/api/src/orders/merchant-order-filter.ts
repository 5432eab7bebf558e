import type { MerchantOrdersExportQuery } from '@shareshop/common';

/**
 * The merchant order list's filters as one SQL condition over `"order"` (list and CSV export share it):
 * status, order number, buyer, time range, open refund state, and a free-text search over the order
 * number, the consignee's name and phone and the buyer's remark (LIKE wildcards in the text are dropped).
 */
export function merchantOrderFilter(merchantId: number, q: MerchantOrdersExportQuery): { where: string; params: unknown[] } {
  const search = q.q?.replace(/[%_\\]/g, '') || null;
  const where = `merchant_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR out_trade_no = $3)
      AND ($4::bigint IS NULL OR buyer_user_id = $4) AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)
      AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM refund r WHERE r.order_id = "order".id AND r.status = $7))
      AND ($8::text IS NULL OR out_trade_no LIKE '%' || $8 || '%' OR address->>'name' ILIKE '%' || $8 || '%'
           OR address->>'phone' LIKE '%' || $8 || '%' OR remark ILIKE '%' || $8 || '%')`;
  return { where, params: [merchantId, q.status ?? null, q.outTradeNo ?? null, q.buyerUserId ?? null, q.from ?? null, q.to ?? null, q.refund ?? null, search] };
}
