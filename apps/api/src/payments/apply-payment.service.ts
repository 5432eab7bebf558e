import { Injectable, Logger } from '@nestjs/common';
import type { PayTransaction } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService, type PostingInput } from '../ledger/ledger.service.js';
import { publishOrdersPaid } from '../orders/order-effects.js';
import { applyOrderTransitionMany } from '../orders/order.machine.js';
import { PayOrderService } from './pay-order.service.js';
import { recordNotification, setNotificationResult } from './notification-log.js';
import { KeyedMutex } from './keyed-mutex.js';
import { SubmitRefundService } from './submit-refund.service.js';

export type PaymentOutcome = 'applied' | 'duplicate' | 'refunded' | 'not_paid' | 'unknown_order' | 'mismatch';

/**
 * Applies a successful WeChat payment to its order exactly once, whether it arrives by callback (any
 * number of times, concurrently, late) or by query. Under the order's row lock:
 *  - created → paid, sold counts up, ledger `payment:<transaction_id>` (clearing +, merchant payable −),
 *    `order.paid` event, all in one transaction;
 *  - already recorded transaction → nothing (duplicate);
 *  - order closed/cancelled (or paid by another transaction) → the money is held in
 *    platform:unmatched_payments and refunded automatically; the payment and refund are recorded.
 * appid, mchid and amount are checked against the order first; a mismatch applies nothing.
 */
@Injectable()
export class ApplyPaymentService {
  private readonly logger = new Logger('payments');

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly events: EventsService,
    private readonly payOrder: PayOrderService,
    private readonly refunds: SubmitRefundService,
  ) {}

  private readonly mutex = new KeyedMutex();

  apply(tx: PayTransaction, source: 'notify' | 'query', notification?: { id: string; eventType: string }): Promise<PaymentOutcome> {
    return this.mutex.run(`pay:${tx.out_trade_no}`, () => this.applyOnce(tx, source, notification));
  }

  private async applyOnce(tx: PayTransaction, source: 'notify' | 'query', notification?: { id: string; eventType: string }): Promise<PaymentOutcome> {
    let autoRefundId: number | null = null;
    const outcome = await this.dataSource.transaction(async (em): Promise<PaymentOutcome> => {
      if (notification) {
        const earlier = await recordNotification(em, { ...notification, resource: tx, outTradeNo: tx.out_trade_no });
        if (earlier) return 'duplicate';
      }
      const result = await this.applyLocked(em, tx, source, (id) => (autoRefundId = id));
      await setNotificationResult(em, notification?.id, result);
      return result;
    });
    if (outcome === 'mismatch' || outcome === 'unknown_order')
      this.logger.warn({ msg: 'payment not applied', outcome, outTradeNo: tx.out_trade_no, transactionId: tx.transaction_id });
    if (autoRefundId !== null) await this.refunds.submit(autoRefundId);
    return outcome;
  }

  /** Why a successful payment cannot be applied to this order row at all (no such order, or not ours / not its amount). */
  refusal(order: { paid_total: number } | undefined, tx: PayTransaction): 'unknown_order' | 'mismatch' | null {
    if (!order) return 'unknown_order';
    const expected = this.payOrder.expectedMerchant();
    const total = tx.amount?.total;
    if (!expected || tx.appid !== expected.appid || tx.mchid !== expected.mchid || typeof total !== 'number' || total !== order.paid_total) return 'mismatch';
    return null;
  }

  /**
   * The `created → paid` step for orders locked in `created`, each with its first successful transaction, in
   * set-based statements whatever their number (one order here, a whole batch in PaymentNotifyBatcher): the
   * transition, SKU sold counts, `payment` rows, ledger postings `payment:<transaction_id>` and `order.paid`.
   */
  async payCreated(em: EntityManager, paying: Array<{ order: any; tx: PayTransaction }>, source: 'notify' | 'query'): Promise<void> {
    const paid = await applyOrderTransitionMany(
      em,
      paying.map((p) => p.order.id),
      'pay',
      {
        transaction_id: { type: 'text', values: paying.map((p) => p.tx.transaction_id) },
        payer_openid: { type: 'text', values: paying.map((p) => p.tx.payer?.openid ?? null) },
      },
    );
    // every row is locked by the caller and was `created`, so all of them moved; anything else is a bug: roll back
    if (paid.length !== paying.length) throw new Error(`pay moved ${paid.length} of ${paying.length} orders`);
    await addSold(
      em,
      paid.map((o) => o.id),
    );
    await em.query(
      `INSERT INTO payment (transaction_id, order_id, out_trade_no, amount, payer_openid, success_time, source, outcome)
       SELECT t, o, n, a, op, st, $7, 'applied' FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[]) AS v(t, o, n, a, op, st)`,
      [
        paying.map((p) => p.tx.transaction_id),
        paying.map((p) => p.order.id),
        paying.map((p) => p.order.out_trade_no),
        paying.map((p) => p.order.paid_total),
        paying.map((p) => p.tx.payer?.openid ?? null),
        paying.map((p) => p.tx.success_time ?? null),
        source,
      ],
    );
    await this.ledger.postMany(
      em,
      paying.map((p) => paymentPosting(p.order, p.tx)),
    );
    await publishOrdersPaid(em, this.events, paid);
  }

  /**
   * The rules above, inside the caller's transaction (also used by the batched callback path for the
   * rare payments it does not handle set-based). `onAutoRefund` gets the refund to submit after commit.
   */
  async applyLocked(em: EntityManager, tx: PayTransaction, source: 'notify' | 'query', onAutoRefund: (id: number) => void): Promise<PaymentOutcome> {
    if (tx.trade_state !== 'SUCCESS' || !tx.transaction_id) return 'not_paid';
    const [order] = await em.query('SELECT * FROM "order" WHERE out_trade_no = $1 FOR UPDATE', [tx.out_trade_no]);
    const refused = this.refusal(order, tx);
    if (refused) return refused;
    const total: number = order.paid_total; // equal to the paid amount, checked above

    const [known] = await em.query('SELECT outcome FROM payment WHERE transaction_id = $1', [tx.transaction_id]);
    if (known) return 'duplicate';
    const payment = [tx.transaction_id, order.id, tx.out_trade_no, total, tx.payer?.openid ?? null, tx.success_time ?? null, source];

    if (order.status === 'created') {
      await this.payCreated(em, [{ order, tx }], source);
      return 'applied';
    }

    // The buyer paid an order we had already closed or cancelled (or paid twice): hold and refund it.
    await em.query(
      `INSERT INTO payment (transaction_id, order_id, out_trade_no, amount, payer_openid, success_time, source, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, 'refunded')`,
      payment,
    );
    await this.ledger.post(em, {
      kind: 'payment_unmatched',
      idempotencyKey: `payment:${tx.transaction_id}`,
      refType: 'order',
      refId: order.id,
      memo: `订单 ${order.out_trade_no} 状态 ${order.status} 时收到支付，自动退款`,
      lines: [
        { account: Accounts.clearing(), amount: total },
        { account: Accounts.unmatchedPayments(), amount: -total },
      ],
    });
    const [refund] = await em.query(
      `INSERT INTO refund (order_id, merchant_id, buyer_user_id, kind, out_refund_no, transaction_id, status, amount, reason, decided_at)
       VALUES ($1, $2, $3, 'auto', business_no('R'), $4, 'processing', $5, $6, now()) RETURNING id`,
      [order.id, order.merchant_id, order.buyer_user_id, tx.transaction_id, total, `订单${order.status === 'paid' ? '重复支付' : '已关闭'}，自动退款`],
    );
    onAutoRefund(refund.id);
    return 'refunded';
  }
}

/**
 * Counts the paid orders' quantities into their SKUs' `sold`. The rows are locked in id order first: two
 * transactions paying orders of the same popular SKUs then queue instead of deadlocking.
 */
async function addSold(em: EntityManager, orderIds: number[]): Promise<void> {
  await em.query(
    `WITH t AS (SELECT sku_id, sum(quantity)::int AS q FROM order_item WHERE order_id = ANY($1) GROUP BY sku_id),
          locked AS (SELECT id FROM sku WHERE id IN (SELECT sku_id FROM t) ORDER BY id FOR UPDATE)
     UPDATE sku SET sold = sku.sold + t.q FROM t WHERE sku.id = t.sku_id AND sku.id IN (SELECT id FROM locked)`,
    [orderIds],
  );
}

/** The payment of an order: the money arrives in clearing and is owed to the merchant. */
function paymentPosting(order: { id: number; out_trade_no: string; paid_total: number; merchant_id: number }, tx: PayTransaction): PostingInput {
  return {
    kind: 'payment',
    idempotencyKey: `payment:${tx.transaction_id}`,
    refType: 'order',
    refId: order.id,
    occurredAt: tx.success_time ? new Date(tx.success_time) : new Date(),
    memo: `订单 ${order.out_trade_no} 支付`,
    lines: [
      { account: Accounts.clearing(), amount: order.paid_total },
      { account: Accounts.merchantPayable(order.merchant_id), amount: -order.paid_total },
    ],
  };
}
