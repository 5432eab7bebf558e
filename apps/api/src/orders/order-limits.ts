import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';
import { Conflict } from '../domain/errors.js';

/**
 * No hoarding of stock (issue 13). Unpaid orders reserve stock for ORDER_AUTO_CLOSE_MINUTES, so without
 * limits one buyer could hold a whole SKU: a buyer has at most `maxUnpaidOrdersPerUser` unpaid orders
 * (platform setting), and a product may limit what one buyer holds (限购 `product.purchase_limit`: unpaid
 * reservations plus paid orders not cancelled, closed or refunded).
 *
 * Checked twice. First from the order-lines query's snapshot (no extra round trip), so a hoarder is
 * refused before anything is written. Then, authoritatively, as the last statement before commit:
 * `order_buyer_holdings` (migration 1763801320000) takes a per-buyer advisory lock held to commit and counts
 * with a fresh snapshot, this order included. Two parallel orders of one buyer therefore count each other.
 * It runs after the orders are written and before the stock is reserved: a hot SKU's row lock, which every
 * buyer queues on, is held exactly as long as before; only one buyer's own parallel orders wait for each
 * other (that is the point), and orders of different buyers never do.
 */

/** Namespace of the two-key advisory locks taken per buyer (the id is hashed to the int4 key); place_order takes the same lock. */
export const ORDER_BUYER_LOCK_SPACE = 7_407;

/** Order statuses whose quantities count against a purchase limit (keep in step with order_buyer_holdings). */
export const HOLDING_ORDER_STATUSES = `('created','paid','shipped','received','completed')`;

export interface LimitedLine {
  index: number;
  productId: number;
  title: string;
  quantity: number;
  /** null: no limit on this product */
  purchaseLimit: number | null;
  /** the buyer's quantity of this product in holding orders, before this request */
  bought: number;
}

/** 409 when this order would be one unpaid order too many, or take a product beyond its per-buyer limit. */
export function checkOrderLimits(unpaidOrders: number, maxUnpaidOrders: number, lines: LimitedLine[], newOrders = 1): void {
  if (unpaidOrders + newOrders > maxUnpaidOrders) {
    throw new Conflict('TOO_MANY_UNPAID_ORDERS', `你有 ${unpaidOrders} 笔未支付订单，上限 ${maxUnpaidOrders} 笔，请先支付或取消后再下单`, {
      unpaidOrders,
      maxUnpaidOrders,
    });
  }
  const wanted = new Map<number, number>(); // several SKUs of one product share its limit
  for (const line of lines) {
    if (line.purchaseLimit === null) continue;
    const total = (wanted.get(line.productId) ?? 0) + line.quantity;
    wanted.set(line.productId, total);
    if (line.bought + total > line.purchaseLimit) {
      const field = `items.${line.index}.quantity`;
      throw new Conflict('PURCHASE_LIMIT_EXCEEDED', `${field}: 「${line.title}」每人限购 ${line.purchaseLimit} 件，你已购买或待支付 ${line.bought} 件`, {
        field,
        productId: line.productId,
        purchaseLimit: line.purchaseLimit,
        bought: line.bought,
      });
    }
  }
}

/**
 * The authoritative check, after this request's orders are written (before its stock is reserved): under the
 * buyer's lock, with everything the buyer committed meanwhile. One round trip (a prepared statement).
 */
export async function checkOrderLimitsUnderLock(
  em: EntityManager,
  buyerUserId: number,
  lines: LimitedLine[],
  newOrders: number,
  maxUnpaidOrders: number,
): Promise<void> {
  const limited = [...new Set(lines.filter((l) => l.purchaseLimit !== null).map((l) => l.productId))];
  const [row] = await preparedQuery<{ unpaid_orders: number; held: Record<string, number> }>(
    em,
    'order_buyer_holdings',
    'SELECT unpaid_orders, held FROM order_buyer_holdings($1, $2::bigint[], $3)',
    [buyerUserId, limited, ORDER_BUYER_LOCK_SPACE],
  );
  // the counts include this request: take it out again to state the limits as the buyer sees them
  const requested = new Map<number, number>();
  for (const l of lines) requested.set(l.productId, (requested.get(l.productId) ?? 0) + l.quantity);
  checkOrderLimits(
    row!.unpaid_orders - newOrders,
    maxUnpaidOrders,
    lines.map((l) => ({ ...l, bought: (row!.held[String(l.productId)] ?? 0) - requested.get(l.productId)! })),
    newOrders,
  );
}
