import { Injectable } from '@nestjs/common';
import type { PayTransaction } from '@shareshop/wechat';
import { DataSource } from 'typeorm';
import { OrderPaymentsService } from '../orders/order-payments.service.js';
import { ApplyPaymentService } from './apply-payment.service.js';
import { recordNotifications } from './notification-log.js';

/** What a recorded payment callback answers WeChat: recorded (or decided before) → success; the others make it retry. */
export type RecordOutcome = 'recorded' | 'duplicate' | 'unknown_order' | 'mismatch';

interface Pending {
  notifyId: string;
  eventType: string;
  tx: PayTransaction;
  resolve: (outcome: RecordOutcome) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 512;
/** A few inserts in flight keep the disk's flushes busy; each one carries every callback that arrived meanwhile. */
const MAX_IN_FLIGHT = 3;

/**
 * The payment callback inbox (#18): a verified, decrypted TRANSACTION.SUCCESS callback is answered as soon as
 * it is durably recorded, not when it is applied. Callbacks that arrive while an insert is being committed share
 * the next one (group commit: one statement and one WAL flush for the lot, keyed by WeChat's notification id;
 * redeliveries only count). Before recording, each is checked where it is cheap and final: appid/mchid against
 * our keys, the order's existence and amount (no lock); a callback that fails this is recorded with that result
 * and answered 404/400, so WeChat retries, as before. Recorded ones are applied by PaymentNotifyBatcher, which
 * this wakes; a 204 therefore means "recorded, will be applied", and a crash in between loses nothing (the
 * batcher's sweep finds the rows).
 */
@Injectable()
export class PaymentInbox {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly listeners: Array<(notifyIds: string[]) => void> = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderPaymentsService,
    private readonly payments: ApplyPaymentService,
  ) {}

  /** `listener` gets the notification ids just recorded as waiting to be applied, in arrival order. */
  onRecorded(listener: (notifyIds: string[]) => void): void {
    this.listeners.push(listener);
  }

  record(notification: { id: string; eventType: string }, tx: PayTransaction): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ notifyId: notification.id, eventType: notification.eventType, tx, resolve, reject });
      this.schedule();
    });
  }

  /** Flush on the next turn of the event loop, so callbacks parsed in the same turn share an insert. */
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
      const outcomes = await this.write(batch);
      batch.forEach((p) => p.resolve(outcomes.get(p.notifyId)!));
    } catch (error) {
      // nothing recorded: every callback in it answers 5xx and WeChat sends it again
      for (const p of batch) p.reject(error);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }

  private async write(batch: Pending[]): Promise<Map<string, RecordOutcome>> {
    const byId = new Map<string, Pending[]>();
    for (const p of batch) byId.set(p.notifyId, [...(byId.get(p.notifyId) ?? []), p]);
    // the latest delivery of an id carries what WeChat says now
    const latest = [...byId.values()].map((copies) => copies.at(-1)!);
    const totals = await this.orders.payableTotals(this.dataSource.manager, [...new Set(latest.map((p) => p.tx.out_trade_no))]);
    const checked = latest.map((p) => ({
      p,
      result:
        this.payments.merchantRefusal(p.tx) ??
        (p.tx.trade_state === 'SUCCESS' ? this.payments.orderRefusal(totals.get(p.tx.out_trade_no), p.tx) : null) ??
        'received',
    }));
    const recorded = await recordNotifications(
      this.dataSource.manager,
      checked.map(({ p, result }) => ({
        id: p.notifyId,
        eventType: p.eventType,
        resource: p.tx,
        outTradeNo: p.tx.out_trade_no,
        deliveries: byId.get(p.notifyId)!.length,
        result,
      })),
    );
    const outcomes = new Map<string, RecordOutcome>();
    const waiting: string[] = [];
    for (const { p } of checked) {
      const id = p.notifyId;
      const r = recorded.get(id)!;
      if (r.decided) outcomes.set(id, 'duplicate');
      else if (r.result === 'unknown_order' || r.result === 'mismatch') outcomes.set(id, r.result);
      else {
        outcomes.set(id, 'recorded');
        waiting.push(id);
      }
    }
    for (const p of checked) {
      const outcome = outcomes.get(p.p.notifyId);
      if (outcome === 'unknown_order' || outcome === 'mismatch') this.payments.warnUnapplied(p.p.tx, outcome);
    }
    if (waiting.length) for (const listener of this.listeners) listener(waiting);
    return outcomes;
  }
}
