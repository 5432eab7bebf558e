import { fenToYuanString, missingForFreeShipping, type MerchantOrderQuote } from '@shareshop/common';

/** One 运费 row of the checkout: the fee of one merchant order, and how far it is from 满 X 包邮. */
export interface FreightRow {
  merchantId: number;
  title: string;
  fee: string;
  hint: string | null;
}

/**
 * The quote's merchant orders as the checkout shows them. The numbers are the server's (POST /orders/quote,
 * the same pricing as placement); only the "再买" difference is derived, with the shared freight rule.
 */
export function freightRows(orders: MerchantOrderQuote[]): FreightRow[] {
  const many = orders.length > 1;
  return orders.map((o) => {
    const missing = missingForFreeShipping({ freightFee: o.shippingFee, freeShippingAbove: o.freeShippingAbove }, o.itemsTotal);
    return {
      merchantId: o.merchantId,
      title: many ? `运费（${o.merchantName}）` : '运费',
      fee: o.shippingFee === 0 ? '包邮' : `¥${fenToYuanString(o.shippingFee)}`,
      hint: missing === null ? null : `满 ¥${fenToYuanString(o.freeShippingAbove!)} 包邮，再买 ¥${fenToYuanString(missing)} 包邮`,
    };
  });
}
