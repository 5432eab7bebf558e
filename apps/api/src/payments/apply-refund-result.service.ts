import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { afterSaleFollowsRefund } from '../after-sales/after-sale-steps.js';
import { EventsService } from '../events/events.service.js';
import { AppError } from '../http/errors.js';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { publishOrderRefunded } from '../orders/order-effects.js';
import { applyOrderTransition, applyRefundTransition } from '../orders/order.machine.js';
import { KeyedMutex } from './keyed-mutex.js';
import { recordNotification, setNotificationResult } from './notification-log.js';

export interface RefundResult {
  out_refund_no: string;
  refund_id?: string;
  /** SUCCESS, CLOSED, ABNORMAL (not final), PROCESSING */
  refund_status?: string;
  status?: string;
  amount?: { refund: number };
}

/**
 * Applies a refund's final result once (notify, duplicate notify, or query), under the refund's row lock:
 * SUCCESS → refund succeeded; order lines and totals updated; stock put back if the order has not shipped
 * (checked now, at completion) and the merchant restocks; `order.refunded` event; ledger `refund:<out_refund_no>`
 * reversing the sale (merchant payable +, clearing −) — or, for an automatic refund of an unaccepted
 * payment, releasing platform:unmatched_payments. CLOSED → refund failed. ABNORMAL → noted, still open.
 */
@Injectable()
export class ApplyRefundResultService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly events: EventsService,
  ) {}

  private readonly mutex = new KeyedMutex();

  apply(result: RefundResult, source: 'notify' | 'query', notification?: { id: string; eventType: string }): Promise<string> {
    return this.mutex.run(`refund:${result.out_refund_no}`, () => this.applyOnce(result, notification));
  }

  private async applyOnce(result: RefundResult, notification?: { id: string; eventType: string }): Promise<string> {
    return this.dataSource.transaction(async (em) => {
      if (notification) {
        const earlier = await recordNotification(em, { ...notification, resource: result, outRefundNo: result.out_refund_no });
        if (earlier) return 'duplicate';
      }
      const outcome = await this.applyLocked(em, result);
      await setNotificationResult(em, notification?.id, outcome);
      return outcome;
    });
  }

  private async applyLocked(em: EntityManager, result: RefundResult): Promise<string> {
    const status = result.refund_status ?? result.status;
    const [refund] = await em.query('SELECT * FROM refund WHERE out_refund_no = $1 FOR UPDATE', [result.out_refund_no]);
    if (!refund) return 'unknown_refund';
    if (result.amount && result.amount.refund !== refund.amount) return 'mismatch';
    if (status === 'ABNORMAL') {
      // not final; a late ABNORMAL (callbacks arrive out of order) must not relabel a refund already settled
      if (refund.status !== 'processing') return 'duplicate';
      await em.query(`UPDATE refund SET wechat_status = 'ABNORMAL' WHERE id = $1`, [refund.id]);
      return 'abnormal';
    }
    if (status === 'CLOSED') {
      if (!(await this.transition(em, refund.id, 'fail', { wechat_status: 'CLOSED' }))) return 'duplicate';
      await afterSaleFollowsRefund(em, refund.id, 'failed');
      return 'failed';
    }
    if (status !== 'SUCCESS') return 'pending';
    const done = await this.transition(em, refund.id, 'succeed', { wechat_status: 'SUCCESS', wechat_refund_id: result.refund_id ?? refund.wechat_refund_id });
    if (!done) return 'duplicate';

    if (refund.kind === 'auto') {
      await this.ledger.post(em, {
        kind: 'refund_unmatched',
        idempotencyKey: `refund:${refund.out_refund_no}`,
        refType: 'refund',
        refId: refund.id,
        lines: [
          { account: Accounts.unmatchedPayments(), amount: refund.amount },
          { account: Accounts.clearing(), amount: -refund.amount },
        ],
      });
      return 'succeeded';
    }

    // Restock is decided now, from the order's real shipping state: goods that never left the warehouse go
    // back on sale if the merchant wants; shipped goods do not (they are with the buyer), unless they came back:
    // a return-and-refund whose parcel the merchant confirmed (after-sales).
    await afterSaleFollowsRefund(em, refund.id, 'succeeded');
    const [[{ restock }]] = await em.query(
      `UPDATE refund r SET restock = ((o.shipped_at IS NULL OR EXISTS (SELECT 1 FROM after_sale a WHERE a.refund_id = r.id AND a.return_received_at IS NOT NULL))
         AND m.restock_on_refund) FROM "order" o, merchant m
       WHERE r.id = $1 AND o.id = r.order_id AND m.id = r.merchant_id RETURNING r.restock`,
      [refund.id],
    );
    const lines = await em.query(
      `SELECT ri.order_item_id, ri.quantity, ri.amount, oi.product_id, oi.sku_id FROM refund_item ri JOIN order_item oi ON oi.id = ri.order_item_id
       WHERE ri.refund_id = $1 ORDER BY ri.order_item_id`,
      [refund.id],
    );
    for (const l of lines) {
      await em.query('UPDATE order_item SET refunded_quantity = refunded_quantity + $2, refunded_amount = refunded_amount + $3 WHERE id = $1', [
        l.order_item_id,
        l.quantity,
        l.amount,
      ]);
      if (restock) await em.query('UPDATE sku SET stock = stock + $2, sold = greatest(sold - $2, 0) WHERE id = $1', [l.sku_id, l.quantity]);
    }
    let [[order]] = await em.query('UPDATE "order" SET refunded_total = refunded_total + $2, updated_at = now() WHERE id = $1 RETURNING *', [
      refund.order_id,
      refund.amount,
    ]);
    const [{ open }] = await em.query('SELECT count(*)::int AS open FROM order_item WHERE order_id = $1 AND refunded_quantity < quantity', [order.id]);
    if (open === 0) order = await applyOrderTransition(em, order.id, 'refundAll');
    await this.ledger.post(em, {
      kind: 'refund',
      idempotencyKey: `refund:${refund.out_refund_no}`,
      refType: 'refund',
      refId: refund.id,
      memo: `订单 ${order.out_trade_no} 退款`,
      lines: [
        { account: Accounts.merchantPayable(order.merchant_id), amount: refund.amount },
        { account: Accounts.clearing(), amount: -refund.amount },
      ],
    });
    const [succeeded] = await em.query('SELECT * FROM refund WHERE id = $1', [refund.id]);
    await publishOrderRefunded(
      em,
      this.events,
      order,
      succeeded,
      lines.map((l: any) => ({ orderItemId: l.order_item_id, productId: l.product_id, skuId: l.sku_id, quantity: l.quantity, refundAmount: l.amount })),
    );
    return 'succeeded';
  }

  private async transition(em: EntityManager, refundId: number, event: 'succeed' | 'fail', set: Record<string, unknown>): Promise<boolean> {
    try {
      await applyRefundTransition(em, refundId, event, { set });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.status === 409) return false; // already final: a duplicate
      throw error;
    }
  }
}
