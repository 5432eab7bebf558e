import { Injectable, Logger } from '@nestjs/common';
import type { PayTransaction } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrderPaymentsService, type PayableOrder } from '../orders/order-payments.service.js';
import { OrderRefundsService } from '../orders/order-refunds.service.js';
import { KeyedMutex } from './keyed-mutex.js';
import { recordNotification, setNotificationResult } from './notification-log.js';
import { PayOrderService } from './pay-order.service.js';
import { SubmitRefundService } from './submit-refund.service.js';

export type PaymentOutcome = 'applied' | 'duplicate' | 'refunded' | 'not_paid' | 'unknown_order' | 'mismatch';

/**
 * Applies successful WeChat payments to their orders exactly once, whether they arrive by callback (any number
 * of times, concurrently, late; through the inbox, PaymentNotifyBatcher) or by query. One path for any number
 * of payments (a query is a batch of one), under the orders' row locks, in the caller's transaction:
 *  - order `created`, its first transaction → paid through OrderPaymentsService.markPaid (transition, sold
 *    counts, ledger `payment:<transaction_id>`, `order.paid`), plus our `payment` row;
 *  - transaction already recorded → nothing (duplicate);
 *  - order closed/cancelled (or paid by another transaction) → the money is held in
 *    platform:unmatched_payments and refunded automatically; the payment and refund are recorded.
 * The amount is checked against the order first (and appid/mchid, for payments this process fetched); a
 * mismatch applies nothing.
 */
@Injectable()
export class ApplyPaymentService {
  private readonly logger = new Logger('payments');
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly orders: OrderPaymentsService,
    private readonly payOrder: PayOrderService,
    private readonly refunds: SubmitRefundService,
    private readonly orderRefunds: OrderRefundsService,
  ) {}

  /** One payment in its own transaction (the query fallback; `notification`: record it in the same transaction). */
  apply(tx: PayTransaction, source: 'notify' | 'query', notification?: { id: string; eventType: string }): Promise<PaymentOutcome> {
    return this.mutex.run(`pay:${tx.out_trade_no}`, () => this.applyOnce(tx, source, notification));
  }

  private async applyOnce(tx: PayTransaction, source: 'notify' | 'query', notification?: { id: string; eventType: string }): Promise<PaymentOutcome> {
    const autoRefunds: number[] = [];
    const outcome = await this.dataSource.transaction(async (em): Promise<PaymentOutcome> => {
      if (notification && (await recordNotification(em, { ...notification, resource: tx, outTradeNo: tx.out_trade_no }))) return 'duplicate';
      const [result] = await this.applyMany(em, [tx], source, { checkMerchant: true, onAutoRefund: (id) => autoRefunds.push(id) });
      await setNotificationResult(em, notification?.id, result!);
      return result!;
    });
    this.warnUnapplied(tx, outcome);
    await this.submitAutoRefunds(autoRefunds);
    return outcome;
  }

  /** appid and mchid are ours (the process that verified the callback, or fetched the transaction, checks this). */
  merchantRefusal(tx: PayTransaction): 'mismatch' | null {
    const expected = this.payOrder.expectedMerchant();
    return !expected || tx.appid !== expected.appid || tx.mchid !== expected.mchid ? 'mismatch' : null;
  }

  /** Why a successful payment cannot be applied to this order at all (no such order, or not its amount). */
  orderRefusal(paidTotal: number | undefined, tx: PayTransaction): 'unknown_order' | 'mismatch' | null {
    if (paidTotal === undefined) return 'unknown_order';
    const total = tx.amount?.total;
    return typeof total !== 'number' || total !== paidTotal ? 'mismatch' : null;
  }

  /**
   * The rules above for a batch of payments (outcomes aligned with `txs`), set-based whatever their number. Two
   * entries for one transaction: the first applies, the others are duplicates. `checkMerchant`: also check
   * appid/mchid (callbacks are checked when recorded, by the instance whose keys verified them).
   */
  async applyMany(
    em: EntityManager,
    txs: PayTransaction[],
    source: 'notify' | 'query',
    options: { checkMerchant: boolean; onAutoRefund: (refundId: number) => void },
  ): Promise<PaymentOutcome[]> {
    const outcomes: PaymentOutcome[] = txs.map((tx) => (tx.trade_state !== 'SUCCESS' || !tx.transaction_id ? 'not_paid' : 'applied'));
    const live = txs.filter((_, i) => outcomes[i] === 'applied');
    if (live.length === 0) return outcomes;
    const locked = await this.orders.lockForPayment(em, [...new Set(live.map((tx) => tx.out_trade_no))]);
    const knownRows = await em.query<Array<{ transaction_id: string }>>('SELECT transaction_id FROM payment WHERE transaction_id = ANY($1)', [
      live.map((tx) => tx.transaction_id),
    ]);
    const known = new Set(knownRows.map((r) => r.transaction_id));

    const paying: Array<{ order: PayableOrder; tx: PayTransaction }> = [];
    const unmatched: Array<{ order: PayableOrder; tx: PayTransaction }> = [];
    const claimed = new Set<number>();
    txs.forEach((tx, i) => {
      if (outcomes[i] !== 'applied') return;
      const order = locked.get(tx.out_trade_no);
      const refused = (options.checkMerchant ? this.merchantRefusal(tx) : null) ?? this.orderRefusal(order?.paid_total, tx);
      if (refused) outcomes[i] = refused;
      else if (known.has(tx.transaction_id!)) outcomes[i] = 'duplicate';
      else {
        known.add(tx.transaction_id!);
        if (order!.status === 'created' && !claimed.has(order!.id)) {
          claimed.add(order!.id);
          paying.push({ order: order!, tx });
        } else {
          outcomes[i] = 'refunded'; // closed/cancelled, or a second transaction for one order: hold and refund
          unmatched.push({ order: order!, tx });
        }
      }
    });

    await this.orders.markPaid(
      em,
      paying.map(({ order, tx }) => ({
        order,
        transactionId: tx.transaction_id!,
        payerOpenid: tx.payer?.openid ?? null,
        successTime: tx.success_time ?? null,
      })),
    );
    await this.insertPayments(em, [...paying.map((p) => ({ ...p, outcome: 'applied' })), ...unmatched.map((p) => ({ ...p, outcome: 'refunded' }))], source);
    for (const u of unmatched) options.onAutoRefund(await this.holdAndRefund(em, u.order, u.tx));
    return outcomes;
  }

  /** Our record of each payment WeChat reported (the `payment` table is the payments module's). */
  private async insertPayments(em: EntityManager, rows: Array<{ order: PayableOrder; tx: PayTransaction; outcome: string }>, source: string): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO payment (transaction_id, order_id, out_trade_no, amount, payer_openid, success_time, source, outcome)
       SELECT t, o, n, a, op, st, $7, oc FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[], $8::text[]) AS v(t, o, n, a, op, st, oc)`,
      [
        rows.map((r) => r.tx.transaction_id),
        rows.map((r) => r.order.id),
        rows.map((r) => r.order.out_trade_no),
        rows.map((r) => r.order.paid_total),
        rows.map((r) => r.tx.payer?.openid ?? null),
        rows.map((r) => r.tx.success_time ?? null),
        source,
        rows.map((r) => r.outcome),
      ],
    );
  }

  /**
   * The buyer paid an order we had already closed or cancelled (or paid twice): hold the money (payments'
   * posting: no order took it) and open the automatic refund (orders' `refund` row).
   */
  private async holdAndRefund(em: EntityManager, order: PayableOrder, tx: PayTransaction): Promise<number> {
    await this.ledger.post(em, {
      kind: PostingKinds.paymentUnmatched,
      idempotencyKey: `payment:${tx.transaction_id}`,
      refType: 'order',
      refId: order.id,
      memo: `订单 ${order.out_trade_no} 状态 ${order.status} 时收到支付，自动退款`,
      lines: [
        { account: Accounts.clearing(), amount: order.paid_total },
        { account: Accounts.unmatchedPayments(), amount: -order.paid_total },
      ],
    });
    return this.orderRefunds.openAutoRefund(em, order, tx.transaction_id!);
  }

  warnUnapplied(tx: PayTransaction, outcome: PaymentOutcome): void {
    if (outcome === 'mismatch' || outcome === 'unknown_order')
      this.logger.warn({ msg: 'payment not applied', outcome, outTradeNo: tx.out_trade_no, transactionId: tx.transaction_id });
  }

  /** The refunds of payments for closed orders are sent to WeChat after the commit; the refund sync job retries a failed send. */
  async submitAutoRefunds(ids: number[]): Promise<void> {
    for (const id of ids)
      await this.refunds
        .submit(id)
        .catch((error) =>
          this.logger.error({ msg: 'auto refund submit failed (the refund sync job retries it)', refundId: id, error: (error as Error).message }),
        );
  }
}
