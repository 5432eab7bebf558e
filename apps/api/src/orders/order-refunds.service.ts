import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { restockRefunded } from '../catalog/stock-return.js';
import { Conflict } from '../domain/errors.js';
import { EventsService } from '../events/events.service.js';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { publishOrderRefunded } from './order-effects.js';
import { applyOrderTransition, applyRefundTransition } from './order.machine.js';
import type { OrderRow, RefundRow } from './order.rows.js';
import type { PayableOrder } from './order-payments.service.js';

/** A refund ready to send to WeChat Pay: the refund row with its order's trade number and paid total. */
export type SubmittableRefund = RefundRow & { out_trade_no: string; paid_total: number };

/**
 * Refunds belong to orders (`refund`, `refund_item`, and what a refund does to `order` and `order_item`): the
 * payments module talks to WeChat Pay and calls these, in its transaction, to record what WeChat said. Each
 * is one guarded change; `succeed`/`fail` answer false when the refund was already final (a duplicate result).
 */
@Injectable()
export class OrderRefundsService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly events: EventsService,
  ) {}

  /** The merchant approves a buyer's request (→ `processing`, to be sent to WeChat). */
  async approve(em: EntityManager, merchantId: number, userId: number, refundId: number): Promise<void> {
    await applyRefundTransition(em, refundId, 'approve', {
      set: { decided_by: userId },
      where: `merchant_id = $1 AND kind = 'buyer'`,
      whereValues: [merchantId],
    });
  }

  async reject(em: EntityManager, merchantId: number, userId: number, refundId: number, reason: string): Promise<void> {
    await applyRefundTransition(em, refundId, 'reject', {
      set: { decided_by: userId, reject_reason: reason },
      where: `merchant_id = $1 AND kind = 'buyer'`,
      whereValues: [merchantId],
    });
  }

  /**
   * The buyer paid an order we could not accept (closed, cancelled, or paid twice): an automatic refund of the
   * whole payment, `processing` at once (nobody decides it). Returns its id, to submit after the commit.
   */
  async openAutoRefund(em: EntityManager, order: PayableOrder, transactionId: string): Promise<number> {
    const [refund] = await em.query<Array<{ id: number }>>(
      `INSERT INTO refund (order_id, merchant_id, buyer_user_id, kind, out_refund_no, transaction_id, status, amount, reason, decided_at)
       VALUES ($1, $2, $3, 'auto', business_no('R'), $4, 'processing', $5, $6, now()) RETURNING id`,
      [order.id, order.merchant_id, order.buyer_user_id, transactionId, order.paid_total, `订单${order.status === 'paid' ? '重复支付' : '已关闭'}，自动退款`],
    );
    return refund!.id;
  }

  /** A `processing` refund with what WeChat needs to refund it, or undefined once it left `processing`. */
  async submittable(em: EntityManager, refundId: number): Promise<SubmittableRefund | undefined> {
    const [refund] = await em.query<SubmittableRefund[]>(
      `SELECT r.*, o.out_trade_no, o.paid_total FROM refund r JOIN "order" o ON o.id = r.order_id WHERE r.id = $1 AND r.status = 'processing'`,
      [refundId],
    );
    return refund;
  }

  /** WeChat answered the submission (`wechatRefundId` given) or the answer was lost (omitted: the id stays as it was). */
  async noteSubmitted(em: EntityManager, refundId: number, wechatStatus: string, wechatRefundId?: string | null): Promise<void> {
    if (wechatRefundId === undefined) {
      await em.query('UPDATE refund SET submitted_at = now(), wechat_status = $2 WHERE id = $1', [refundId, wechatStatus]);
    } else {
      await em.query('UPDATE refund SET submitted_at = now(), wechat_refund_id = $2, wechat_status = $3 WHERE id = $1', [
        refundId,
        wechatRefundId,
        wechatStatus,
      ]);
    }
  }

  /** Locks the refund a WeChat result names, so one result at a time applies to it. */
  async lockByOutRefundNo(em: EntityManager, outRefundNo: string): Promise<RefundRow | undefined> {
    const [refund] = await em.query<RefundRow[]>('SELECT * FROM refund WHERE out_refund_no = $1 FOR UPDATE', [outRefundNo]);
    return refund;
  }

  /** WeChat reports a problem it may still resolve (ABNORMAL): noted, the refund stays `processing`. */
  async noteAbnormal(em: EntityManager, refundId: number): Promise<void> {
    await em.query(`UPDATE refund SET wechat_status = 'ABNORMAL' WHERE id = $1`, [refundId]);
  }

  /** The refund failed (WeChat closed or refused it); false if it was already final. */
  fail(em: EntityManager, refundId: number, wechatStatus: string): Promise<boolean> {
    return this.finish(em, refundId, 'fail', { wechat_status: wechatStatus });
  }

  /** The refund succeeded (the refund row only; `settleSucceeded` does the rest for a buyer's); false if it was already final. */
  succeed(em: EntityManager, refund: Pick<RefundRow, 'id' | 'wechat_refund_id'>, wechatRefundId: string | undefined): Promise<boolean> {
    return this.finish(em, refund.id, 'succeed', { wechat_status: 'SUCCESS', wechat_refund_id: wechatRefundId ?? refund.wechat_refund_id });
  }

  /**
   * What a buyer's succeeded refund does to the order, after `succeed` and its after-sale step: the refunded
   * quantities and amounts on the lines, stock back on sale (catalog) if the goods never left or came back and
   * the merchant restocks, the order's refunded total (and `refundAll` once no line is left), the ledger
   * posting `refund:<out_refund_no>` (merchant payable +, clearing −) and `order.refunded`.
   */
  async settleSucceeded(em: EntityManager, refund: Pick<RefundRow, 'id' | 'order_id' | 'amount' | 'out_refund_no'>): Promise<void> {
    // Restock is decided now, from the order's real shipping state: goods that never left the warehouse go
    // back on sale if the merchant wants; shipped goods do not (they are with the buyer), unless they came back:
    // a return-and-refund whose parcel the merchant confirmed (after-sales).
    const [[succeeded]] = await em.query<[RefundRow[], number]>(
      `UPDATE refund r SET restock = ((o.shipped_at IS NULL OR EXISTS (SELECT 1 FROM after_sale a WHERE a.refund_id = r.id AND a.return_received_at IS NOT NULL))
         AND m.restock_on_refund) FROM "order" o, merchant m
       WHERE r.id = $1 AND o.id = r.order_id AND m.id = r.merchant_id RETURNING r.*`,
      [refund.id],
    );
    // each line of the refund once (refund_item's key is refund_id, order_item_id)
    const [lines] = await em.query<[Array<{ order_item_id: number; quantity: number; amount: number; product_id: number; sku_id: number }>, number]>(
      `UPDATE order_item oi SET refunded_quantity = oi.refunded_quantity + ri.quantity, refunded_amount = oi.refunded_amount + ri.amount
       FROM refund_item ri WHERE ri.refund_id = $1 AND oi.id = ri.order_item_id
       RETURNING ri.order_item_id, ri.quantity, ri.amount, oi.product_id, oi.sku_id`,
      [refund.id],
    );
    lines.sort((a, b) => a.order_item_id - b.order_item_id);
    if (succeeded!.restock)
      await restockRefunded(
        em,
        lines.map((l) => ({ skuId: l.sku_id, quantity: l.quantity })),
      );
    let [[order]] = await em.query<[OrderRow[], number]>(
      'UPDATE "order" SET refunded_total = refunded_total + $2, updated_at = now() WHERE id = $1 RETURNING *',
      [refund.order_id, refund.amount],
    );
    const [{ open }] = await em.query<Array<{ open: number }>>(
      'SELECT count(*)::int AS open FROM order_item WHERE order_id = $1 AND refunded_quantity < quantity',
      [order!.id],
    );
    if (open === 0) order = await applyOrderTransition(em, order!.id, 'refundAll');
    await this.ledger.post(em, {
      kind: PostingKinds.refund,
      idempotencyKey: `refund:${refund.out_refund_no}`,
      refType: 'refund',
      refId: refund.id,
      memo: `订单 ${order!.out_trade_no} 退款`,
      lines: [
        { account: Accounts.merchantPayable(order!.merchant_id), amount: refund.amount },
        { account: Accounts.clearing(), amount: -refund.amount },
      ],
    });
    await publishOrderRefunded(
      em,
      this.events,
      order!,
      succeeded!,
      lines.map((l) => ({ orderItemId: l.order_item_id, productId: l.product_id, skuId: l.sku_id, quantity: l.quantity, refundAmount: l.amount })),
    );
  }

  private async finish(em: EntityManager, refundId: number, event: 'succeed' | 'fail', set: Record<string, unknown>): Promise<boolean> {
    try {
      await applyRefundTransition(em, refundId, event, { set });
      return true;
    } catch (error) {
      if (error instanceof Conflict) return false; // already final: a duplicate
      throw error;
    }
  }
}
