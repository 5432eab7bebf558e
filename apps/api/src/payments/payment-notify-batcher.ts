import { Injectable, Logger } from '@nestjs/common';
import type { PayTransaction } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { ApplyPaymentService, type PaymentOutcome } from './apply-payment.service.js';
import { RETRYABLE } from './notification-log.js';
import { SubmitRefundService } from './submit-refund.service.js';

/** A verified, decrypted TRANSACTION.SUCCESS callback waiting for its batch. */
interface Pending {
  notifyId: string;
  eventType: string;
  tx: PayTransaction;
  resolve: (outcome: PaymentOutcome) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;
/** Two: one batch commits while the next is written; more only adds lock waits on the shared SKU rows. */
const MAX_IN_FLIGHT = 2;

/**
 * Group commit for payment callbacks. A notify storm (a viral product: thousands of payments a minute, each
 * callback redelivered by WeChat until answered) costs one transaction and ~10 statements per callback when
 * applied one by one; here the callbacks that arrive while a batch is being written wait for the next one,
 * and a batch of any size is ~10 set-based statements in one transaction. Each HTTP request still answers
 * only after its payment is committed, with the same outcome the one-by-one path gives (WeChat's contract:
 * success means "recorded, do not resend"), so nothing changes for callers or for the rules:
 *  - each notification id is recorded (deliveries counted); a redelivery of a decided one is a duplicate;
 *  - orders are locked in id order; unknown orders and appid/mchid/amount mismatches apply nothing;
 *  - `created` orders become paid, with payment rows, SKU sold counts, ledger postings and `order.paid`
 *    events written for the whole batch at once;
 *  - anything unusual (order already closed or paid by another transaction) goes through
 *    `ApplyPaymentService.applyLocked` inside the same transaction, one by one.
 * If a batch fails (a deadlock with another instance, a bad row) its transaction rolls back as a whole and
 * every callback in it is applied again one by one through `ApplyPaymentService.apply`, which isolates the
 * culprit; so one bad callback costs its batch some latency, never a lost or doubled payment.
 */
@Injectable()
export class PaymentNotifyBatcher {
  private readonly logger = new Logger('payments');
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly single: ApplyPaymentService,
    private readonly refunds: SubmitRefundService,
  ) {}

  apply(notification: { id: string; eventType: string }, tx: PayTransaction): Promise<PaymentOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ notifyId: notification.id, eventType: notification.eventType, tx, resolve, reject });
      this.schedule();
    });
  }

  /** Flush on the next turn of the event loop, so callbacks parsed in the same turn share a batch. */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.inFlight++;
    try {
      await this.run(batch);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async run(batch: Pending[]): Promise<void> {
    let outcomes: Map<Pending, PaymentOutcome>;
    const autoRefunds: number[] = [];
    try {
      outcomes = await this.dataSource.transaction((em) => this.applyBatch(em, batch, (id) => autoRefunds.push(id)));
    } catch (error) {
      this.logger.warn({ msg: 'payment batch rolled back; applying its callbacks one by one', size: batch.length, error: (error as Error).message });
      await Promise.all(batch.map((p) => this.single.apply(p.tx, 'notify', { id: p.notifyId, eventType: p.eventType }).then(p.resolve, p.reject)));
      return;
    }
    for (const p of batch) {
      const outcome = outcomes.get(p)!;
      if (outcome === 'mismatch' || outcome === 'unknown_order')
        this.logger.warn({ msg: 'payment not applied', outcome, outTradeNo: p.tx.out_trade_no, transactionId: p.tx.transaction_id });
      p.resolve(outcome);
    }
    // the refund of a payment for a closed order is sent to WeChat after the commit, as in the single path
    for (const id of autoRefunds)
      await this.refunds
        .submit(id)
        .catch((error) =>
          this.logger.error({ msg: 'auto refund submit failed (the refund sync job retries it)', refundId: id, error: (error as Error).message }),
        );
  }

  private async applyBatch(em: EntityManager, batch: Pending[], onAutoRefund: (id: number) => void): Promise<Map<Pending, PaymentOutcome>> {
    const outcomes = new Map<Pending, PaymentOutcome>();
    const byId = new Map<string, Pending[]>();
    for (const p of batch) byId.set(p.notifyId, [...(byId.get(p.notifyId) ?? []), p]);
    const firsts = [...byId.values()].map((copies) => copies[0]);

    // 1. one statement: record every notification id (`inserted` is false for a redelivery of a stored one),
    //    lock the orders in id order (two batches, or a batch and a query, never deadlock on them) and look up
    //    which transactions are recorded already
    const rows: Array<{ notify_id: string; result: string; inserted: boolean; known: boolean; order: any }> = await em.query(
      `WITH input AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::int[], $6::text[]) AS t(id, type, trade_no, resource, n, transaction_id)),
       rec AS ( -- in id order, so two batches in flight take these rows' locks in one order
         INSERT INTO wechat_pay_notification (notify_id, event_type, out_trade_no, resource, result, deliveries)
         SELECT id, type, trade_no, resource, 'received', n FROM input ORDER BY id
         ON CONFLICT (notify_id) DO UPDATE SET deliveries = wechat_pay_notification.deliveries + EXCLUDED.deliveries, last_seen_at = now()
         RETURNING notify_id, result, (xmax = 0) AS inserted),
       locked AS MATERIALIZED (
         SELECT * FROM "order" WHERE out_trade_no IN (SELECT trade_no FROM input) ORDER BY id FOR UPDATE)
       SELECT r.notify_id, r.result, r.inserted,
              EXISTS (SELECT 1 FROM payment p WHERE p.transaction_id = i.transaction_id) AS known,
              to_jsonb(o) AS order
       FROM input i JOIN rec r ON r.notify_id = i.id LEFT JOIN locked o ON o.out_trade_no = i.trade_no`,
      [
        firsts.map((p) => p.notifyId),
        firsts.map((p) => p.eventType),
        firsts.map((p) => p.tx.out_trade_no ?? null),
        firsts.map((p) => JSON.stringify(p.tx)),
        firsts.map((p) => byId.get(p.notifyId)!.length),
        firsts.map((p) => p.tx.transaction_id ?? null),
      ],
    );
    const seen = new Map(rows.map((r) => [r.notify_id, r]));
    const toApply = firsts.filter((p) => {
      const r = seen.get(p.notifyId)!;
      if (r.inserted || RETRYABLE.has(r.result)) return true;
      outcomes.set(p, 'duplicate');
      return false;
    });
    const known = new Set(toApply.filter((p) => seen.get(p.notifyId)!.known).map((p) => p.tx.transaction_id));

    // 3. sort: the common case (an unpaid order, its first payment) is written set-based below
    const fast: Array<{ p: Pending; order: any }> = [];
    const unusual: Pending[] = [];
    const claimedOrders = new Set<number>();
    for (const p of toApply) {
      const { tx } = p;
      if (tx.trade_state !== 'SUCCESS' || !tx.transaction_id) {
        outcomes.set(p, 'not_paid');
        continue;
      }
      const order = seen.get(p.notifyId)!.order ?? undefined;
      const refused = this.single.refusal(order, tx);
      if (refused) outcomes.set(p, refused);
      else if (known.has(tx.transaction_id)) outcomes.set(p, 'duplicate');
      else if (order.status === 'created' && !claimedOrders.has(order.id)) {
        claimedOrders.add(order.id);
        known.add(tx.transaction_id);
        fast.push({ p, order });
      } else unusual.push(p); // closed/cancelled, or a second transaction for one order: hold and refund
    }

    if (fast.length) {
      await this.single.payCreated(
        em,
        fast.map((f) => ({ order: f.order, tx: f.p.tx })),
        'notify',
      );
      for (const f of fast) outcomes.set(f.p, 'applied');
    }
    for (const p of unusual) outcomes.set(p, await this.single.applyLocked(em, p.tx, 'notify', onAutoRefund));

    // 4. remember each decision, so a redelivery of a decided notification is answered without work
    if (toApply.length) {
      await em.query('UPDATE wechat_pay_notification n SET result = v.r FROM unnest($1::text[], $2::text[]) AS v(id, r) WHERE n.notify_id = v.id', [
        toApply.map((p) => p.notifyId),
        toApply.map((p) => outcomes.get(p)!),
      ]);
    }
    // copies of one notification id in the same batch answer like their first delivery
    for (const copies of byId.values()) {
      const first = outcomes.get(copies[0])!;
      for (const c of copies.slice(1)) outcomes.set(c, first === 'applied' ? 'duplicate' : first);
    }
    return outcomes;
  }
}
