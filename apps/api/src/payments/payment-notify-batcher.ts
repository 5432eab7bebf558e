import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { PayTransaction } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ApplyPaymentService, type PaymentOutcome } from './apply-payment.service.js';
import { setNotificationResults } from './notification-log.js';
import { PaymentInbox } from './payment-inbox.js';

interface InboxRow {
  notify_id: string;
  resource: PayTransaction;
}
interface Waiter {
  resolve: (outcome: PaymentOutcome) => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 256;
/** A row nobody has touched for this long is swept by any instance (its own may have crashed before applying it). */
const SWEEP_GRACE_SECONDS = 5;
/** Applying a row PostgreSQL refuses as data (SQLSTATE classes 22, 23) is given up after this many tries: `failed`. */
const MAX_ATTEMPTS = 5;

/**
 * Rows are claimed with a transaction-level advisory lock per notification (keyspace 18), not a row lock: a
 * redelivery's upsert of the same row must never wait for an apply that lags (its answer, and that of every
 * callback in its group commit, must stay well under WeChat's 5 s). Two appliers still never take one row; the
 * result is stored with `WHERE result = 'received'` at the end of the apply, a moment before its commit.
 */
const CLAIM = 'pg_try_advisory_xact_lock(18, hashtext(notify_id))';
const LOCAL_ROWS = `SELECT notify_id, resource FROM wechat_pay_notification WHERE notify_id = ANY($1) AND result = 'received' AND ${CLAIM} ORDER BY seq`;
const SWEPT_ROWS = `SELECT notify_id, resource FROM wechat_pay_notification
  WHERE result = 'received' AND event_type = 'TRANSACTION.SUCCESS' AND last_seen_at < now() - make_interval(secs => $1) AND ${CLAIM}
  ORDER BY seq LIMIT $2`;

/**
 * Applies the payment callbacks PaymentInbox recorded, in batches, exactly once, in arrival order (`seq`):
 *  - woken by each insert, it applies the rows this process recorded (in-process affinity: the instance whose
 *    keys verified a callback also sends any automatic refund it leads to);
 *  - every PAYMENT_INBOX_SWEEP_MS it sweeps rows any instance left `received` for a while (a crash between the
 *    answer and the apply, a batch that failed while PostgreSQL was down);
 *  - a batch is one transaction: rows claimed (advisory locks, see CLAIM: two appliers never take one row), applied
 *    through ApplyPaymentService.applyMany (set-based; the orders module pays the orders), each row's result
 *    stored. A crash rolls it all back and the rows stay `received`.
 * If a batch fails, its rows are applied again one by one, which isolates the culprit; a row PostgreSQL keeps
 * refusing ends `failed` after MAX_ATTEMPTS (WeChat's redelivery or the query fallback still pay its order).
 */
@Injectable()
export class PaymentNotifyBatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('payments');
  /** ids recorded by this process and not applied yet, in arrival order */
  private local: string[] = [];
  private sweepDue = false;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  private timer?: NodeJS.Timeout;
  private pause?: { timer: NodeJS.Timeout; done: () => void };
  private readonly waiters = new Map<string, Waiter[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly payments: ApplyPaymentService,
    private readonly inbox: PaymentInbox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    inbox.onRecorded((ids) => {
      this.local.push(...ids);
      this.wake();
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweepDue = true;
      this.wake();
    }, this.config.orders.PAYMENT_INBOX_SWEEP_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    if (this.pause) {
      clearTimeout(this.pause.timer);
      this.pause.done();
    }
    await this.running;
  }

  /**
   * Records a callback and waits until it is applied: its outcome as the one-by-one path gives it (a copy of a
   * notification applied in the same batch is a duplicate). For callers that need the outcome; WeChat's
   * callback is answered on recording (PaymentInbox.record).
   */
  apply(notification: { id: string; eventType: string }, tx: PayTransaction): Promise<PaymentOutcome> {
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      this.waiters.set(notification.id, [...(this.waiters.get(notification.id) ?? []), waiter]);
      const drop = () => {
        const rest = (this.waiters.get(notification.id) ?? []).filter((w) => w !== waiter);
        if (rest.length) this.waiters.set(notification.id, rest);
        else this.waiters.delete(notification.id);
      };
      this.inbox.record(notification, tx).then(
        (recorded) => {
          if (recorded === 'recorded') return void this.watch(notification.id);
          drop();
          resolve(recorded);
        },
        (error: unknown) => {
          drop();
          reject(error);
        },
      );
    });
  }

  /** A waited-for row may be applied by another instance's sweep: read its result now and then until it is settled. */
  private async watch(notifyId: string): Promise<void> {
    while (this.waiters.has(notifyId) && !this.closed) {
      await new Promise((r) => setTimeout(r, 500));
      const [row] = await this.dataSource
        .query<Array<{ result: string }>>('SELECT result FROM wechat_pay_notification WHERE notify_id = $1', [notifyId])
        .catch(() => [] as Array<{ result: string }>);
      if (row && row.result !== 'received')
        this.settle(notifyId, row.result === 'failed' ? new Error('payment notification failed') : (row.result as PaymentOutcome));
    }
  }

  private settle(notifyId: string, outcome: PaymentOutcome | Error): void {
    const waiters = this.waiters.get(notifyId);
    if (!waiters) return;
    this.waiters.delete(notifyId);
    waiters.forEach((w, i) => (outcome instanceof Error ? w.reject(outcome) : w.resolve(i > 0 && outcome === 'applied' ? 'duplicate' : outcome)));
  }

  private wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.logger.error({ msg: 'payment inbox drain failed', error: (error as Error).message }))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.closed && (this.local.length || this.sweepDue)) {
      await this.testDelay();
      if (this.closed) return;
      if (this.local.length) await this.run(this.local.splice(0, MAX_BATCH));
      else {
        this.sweepDue = false;
        if ((await this.run(null)) === MAX_BATCH) this.sweepDue = true;
      }
    }
  }

  /** PAYMENT_APPLY_DELAY_MS (test-only): the fault tests kill the API while recorded callbacks wait here. */
  private testDelay(): Promise<void> {
    const ms = this.config.orders.PAYMENT_APPLY_DELAY_MS;
    if (!ms) return Promise.resolve();
    return new Promise((done) => {
      this.pause = { timer: setTimeout(done, ms), done };
    });
  }

  /** One batch: the given ids (this process's), or a sweep when null. Returns how many rows it took. */
  private async run(ids: string[] | null): Promise<number> {
    let rows: InboxRow[] = [];
    let outcomes: PaymentOutcome[] = [];
    const autoRefunds: number[] = [];
    try {
      await this.dataSource.transaction(async (em) => {
        rows = await em.query<InboxRow[]>(ids ? LOCAL_ROWS : SWEPT_ROWS, ids ? [ids] : [SWEEP_GRACE_SECONDS, MAX_BATCH]);
        outcomes = await this.applyRows(em, rows, (id) => autoRefunds.push(id));
      });
    } catch (error) {
      if (rows.length === 0) {
        // nothing was taken (PostgreSQL away?): the sweep finds these rows later
        this.logger.warn({ msg: 'payment inbox batch not taken; the sweep retries it', error: (error as Error).message });
        return 0;
      }
      this.logger.warn({ msg: 'payment batch rolled back; applying its callbacks one by one', size: rows.length, error: (error as Error).message });
      for (const row of rows) await this.runOne(row.notify_id);
      return rows.length;
    }
    rows.forEach((row, i) => this.done(row, outcomes[i]!));
    await this.payments.submitAutoRefunds(autoRefunds);
    return rows.length;
  }

  private async runOne(notifyId: string): Promise<void> {
    const autoRefunds: number[] = [];
    try {
      let row: InboxRow | undefined;
      let outcome: PaymentOutcome | undefined;
      await this.dataSource.transaction(async (em) => {
        [row] = await em.query<InboxRow[]>(LOCAL_ROWS, [[notifyId]]);
        if (row) [outcome] = await this.applyRows(em, [row], (id) => autoRefunds.push(id));
      });
      if (row && outcome) this.done(row, outcome);
      await this.payments.submitAutoRefunds(autoRefunds);
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? '');
      this.logger.error({ msg: 'payment notification not applied', notifyId, error: (error as Error).message, code });
      if (/^2[23]/.test(code))
        await this.dataSource
          .query(
            `UPDATE wechat_pay_notification SET attempts = attempts + 1, result = CASE WHEN attempts + 1 >= $2 THEN 'failed' ELSE result END
             WHERE notify_id = $1 AND result = 'received'`,
            [notifyId, MAX_ATTEMPTS],
          )
          .catch(() => undefined);
      this.settle(notifyId, error as Error);
    }
  }

  private async applyRows(em: EntityManager, rows: InboxRow[], onAutoRefund: (refundId: number) => void): Promise<PaymentOutcome[]> {
    if (rows.length === 0) return [];
    const outcomes = await this.payments.applyMany(
      em,
      rows.map((r) => r.resource),
      'notify',
      { checkMerchant: false, onAutoRefund },
    );
    await setNotificationResults(
      em,
      rows.map((r, i) => ({ id: r.notify_id, result: outcomes[i]! })),
    );
    return outcomes;
  }

  private done(row: InboxRow, outcome: PaymentOutcome): void {
    this.payments.warnUnapplied(row.resource, outcome);
    this.settle(row.notify_id, outcome);
  }
}
