import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addSold } from '../catalog/sold-counts.js';
import { EventsService } from '../events/events.service.js';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService, type PostingInput } from '../ledger/ledger.service.js';
import { paidItems, publishOrdersPaid } from './order-effects.js';
import { applyOrderTransitionMany } from './order.machine.js';
import type { OrderRow } from './order.rows.js';

/** An order row as `lockForPayment` returns it (the columns paying needs). */
export type PayableOrder = Pick<OrderRow, 'id' | 'out_trade_no' | 'status' | 'paid_total' | 'merchant_id' | 'buyer_user_id'>;

/** A successful payment of a `created` order, as WeChat reported it. */
export interface OrderPayment {
  order: PayableOrder;
  transactionId: string;
  payerOpenid: string | null;
  /** WeChat's success_time (RFC 3339), when it gave one */
  successTime: string | null;
}

/**
 * "Order paid" belongs to orders: the one place that moves orders `created → paid`, for any number of them
 * in the caller's transaction (a callback batch, or one payment from a query: a batch of one). The payments
 * module decides which payments apply and records its own rows; this does the rest, set-based.
 */
@Injectable()
export class OrderPaymentsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly events: EventsService,
  ) {}

  /** Locks the orders with these out_trade_nos in id order (two batches, or a batch and a query, never deadlock on them). */
  async lockForPayment(em: EntityManager, outTradeNos: string[]): Promise<Map<string, PayableOrder>> {
    const rows = await em.query<PayableOrder[]>(
      'SELECT id, out_trade_no, status, paid_total, merchant_id, buyer_user_id FROM "order" WHERE out_trade_no = ANY($1) ORDER BY id FOR UPDATE',
      [outTradeNos],
    );
    return new Map(rows.map((o) => [o.out_trade_no, o]));
  }

  /** The WeChat prepay made for an order still `created` (the payment sheet the buyer may now pay through). */
  async notePrepay(em: EntityManager, orderId: number, prepayId: string): Promise<void> {
    await em.query(`UPDATE "order" SET prepay_id = $2, prepay_at = now() WHERE id = $1 AND status = 'created'`, [orderId, prepayId]);
  }

  /** What each order expects to be paid (no lock): a callback is checked against it before it is recorded. */
  async payableTotals(em: EntityManager, outTradeNos: string[]): Promise<Map<string, number>> {
    const rows = await em.query<Array<{ out_trade_no: string; paid_total: number }>>(
      'SELECT out_trade_no, paid_total FROM "order" WHERE out_trade_no = ANY($1)',
      [outTradeNos],
    );
    return new Map(rows.map((o) => [o.out_trade_no, o.paid_total]));
  }

  /**
   * `created → paid` for orders the caller locked (`lockForPayment`) and found `created`, each with its first
   * successful transaction: the transition, the SKUs' sold counts (catalog), the ledger posting
   * `payment:<transaction_id>` (clearing +, merchant payable −) and `order.paid`.
   */
  async markPaid(em: EntityManager, payments: OrderPayment[]): Promise<void> {
    if (payments.length === 0) return;
    const paid = await applyOrderTransitionMany(
      em,
      payments.map((p) => p.order.id),
      'pay',
      {
        transaction_id: { type: 'text', values: payments.map((p) => p.transactionId) },
        payer_openid: { type: 'text', values: payments.map((p) => p.payerOpenid) },
      },
    );
    // every row is locked by the caller and was `created`, so all of them moved; anything else is a bug: roll back
    if (paid.length !== payments.length) throw new Error(`pay moved ${paid.length} of ${payments.length} orders`);
    const items = await paidItems(
      em,
      paid.map((o) => o.id),
    );
    await addSold(
      em,
      items.map((i) => ({ skuId: i.sku_id, quantity: i.quantity })),
    );
    await this.ledger.postMany(em, payments.map(paymentPosting));
    await publishOrdersPaid(em, this.events, paid, items);
  }
}

/** The payment of an order: the money arrives in clearing and is owed to the merchant. */
function paymentPosting(p: OrderPayment): PostingInput {
  return {
    kind: PostingKinds.payment,
    idempotencyKey: `payment:${p.transactionId}`,
    refType: 'order',
    refId: p.order.id,
    occurredAt: p.successTime ? new Date(p.successTime) : new Date(),
    memo: `订单 ${p.order.out_trade_no} 支付`,
    lines: [
      { account: Accounts.clearing(), amount: p.order.paid_total },
      { account: Accounts.merchantPayable(p.order.merchant_id), amount: -p.order.paid_total },
    ],
  };
}
