import { type FreightRule, freightFor } from '@shareshop/common';
import { Invalid } from '../domain/errors.js';

/** WeChat Pay's amount.total is a 32-bit signed integer of fen: an order above it could never be paid. */
export const WECHAT_MAX_TOTAL_FEN = 2_147_483_647;

export interface PricedLine {
  merchantId: number;
  merchantName: string;
  price: number;
  quantity: number;
  freight: FreightRule;
}

export interface MerchantOrderPrice<L extends PricedLine> {
  merchantId: number;
  merchantName: string;
  lines: L[];
  itemsTotal: number;
  discountTotal: number;
  shippingFee: number;
  freeShippingAbove: number | null;
  paidTotal: number;
}

/**
 * The cart split into one order per merchant with its money: items at server prices, the merchant's freight
 * rule on what the items paid (shipping is never a commission base), and the total WeChat will be asked for.
 * Placement (POST /orders) and the checkout quote (POST /orders/quote) both price through here, so the quote
 * is what placement charges.
 */
export function priceMerchantOrders<L extends PricedLine>(lines: L[]): MerchantOrderPrice<L>[] {
  const byMerchant = new Map<number, L[]>();
  for (const line of lines) byMerchant.set(line.merchantId, [...(byMerchant.get(line.merchantId) ?? []), line]);
  return [...byMerchant].map(([merchantId, merchantLines]) => {
    const itemsTotal = merchantLines.reduce((sum, l) => sum + l.price * l.quantity, 0);
    const discountTotal = 0; // no promotions yet: the columns exist so commission bases are right when they come
    const freight = merchantLines[0]!.freight;
    const shippingFee = freightFor(freight, itemsTotal - discountTotal);
    const paidTotal = itemsTotal - discountTotal + shippingFee;
    if (paidTotal > WECHAT_MAX_TOTAL_FEN) {
      // checked before anything is written: WeChat would refuse the prepay, and the stock would sit reserved
      throw new Invalid('items', `订单金额超过微信支付单笔上限（${(WECHAT_MAX_TOTAL_FEN / 100).toFixed(2)} 元），请减少数量或分开下单`);
    }
    return {
      merchantId,
      merchantName: merchantLines[0]!.merchantName,
      lines: merchantLines,
      itemsTotal,
      discountTotal,
      shippingFee,
      freeShippingAbove: freight.freeShippingAbove,
      paidTotal,
    };
  });
}
