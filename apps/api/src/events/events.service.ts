import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';

/**
 * An event as delivered. `P` is the payload type the publishing module exports for the event type (e.g.
 * orders/order-events.ts): publishers build it, subscribers import it; the outbox only stores it as JSON.
 */
export interface DomainEvent<P = unknown> {
  id: number;
  type: string;
  aggregateType: string;
  aggregateId: number;
  payload: P;
  occurredAt: Date;
}

/** Runs inside the delivery's own transaction: its writes and the "done" mark commit together. */
export type EventHandler<P = unknown> = (em: EntityManager, event: DomainEvent<P>) => Promise<void>;

interface Subscription {
  name: string;
  types: string[];
  handler: EventHandler;
  /** Narrows the subscription below the event type; no delivery row (and no transaction) for events it refuses. */
  when?: (type: string, payload: unknown) => boolean;
}

const MAX_ATTEMPTS = 20;

/**
 * After-commit side effects (commission, settlement feeds, notifications) through a transactional outbox.
 *
 * `publish(em, ...)` is called inside the business transaction: the event and one delivery row per
 * subscriber are written with it, so an event exists if and only if its cause committed. When that
 * transaction commits (TypeORM's afterTransactionCommit) this process delivers at once and a NOTIFY, sent
 * on its own (debounced, outside the business transaction), wakes the other instances; a periodic sweep
 * picks up anything missed (a crash, a lost connection). The NOTIFY is not sent inside the business
 * transaction because PostgreSQL serializes the commits of all transactions that NOTIFY (a global lock
 * held through the commit's WAL flush): measured here, it halved commit throughput (docs/benchmarks.md).
 * Deliveries are claimed with FOR UPDATE SKIP LOCKED, so several API instances share the work and each delivery runs once.
 * A failing handler is retried with backoff and parked as 'dead' after MAX_ATTEMPTS, never dropped.
 */
@Injectable()
export class EventsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('events');
  private readonly subscriptions = new Map<string, Subscription>();
  private listener?: pg.Client;
  private sweepTimer?: NodeJS.Timeout;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Query runners whose open transaction published events: woken up after their commit. */
  private readonly awaitingCommit = new WeakSet<QueryRunner>();
  private notifyTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => {
        if (queryRunner.isTransactionActive || !this.awaitingCommit.has(queryRunner)) return; // a savepoint, or nothing published
        this.awaitingCommit.delete(queryRunner);
        this.wake();
      },
      afterTransactionRollback: ({ queryRunner }) => {
        if (!queryRunner.isTransactionActive) this.awaitingCommit.delete(queryRunner);
      },
    };
    dataSource.subscribers.push(subscriber);
  }

  /** Register at module init (onModuleInit), before the application bootstraps. */
  subscribe<P = unknown>(name: string, types: string[], handler: EventHandler<P>, options: { when?: (type: string, payload: P) => boolean } = {}): void {
    if (this.subscriptions.has(name)) throw new Error(`event subscriber ${name} registered twice`);
    // stored untyped: the outbox delivers the payload as published for these types, which is what P names
    this.subscriptions.set(name, { name, types, handler: handler as EventHandler, when: options.when as Subscription['when'] });
  }

  private subscribersOf(type: string, payload: object): string[] {
    return [...this.subscriptions.values()].filter((s) => s.types.includes(type) && (!s.when || s.when(type, payload))).map((s) => s.name);
  }

  async publish<P extends object>(em: EntityManager, type: string, aggregate: { type: string; id: number }, payload: P = {} as P): Promise<number> {
    const subscribers = this.subscribersOf(type, payload);
    const [id] = await this.insert(em, type, [{ aggregate, payload }], subscribers);
    if (subscribers.length) this.afterCommit(em);
    return id!;
  }

  /** `publish` for many events of one type: one statement per distinct set of subscribers (usually one). */
  async publishMany<P extends object>(em: EntityManager, type: string, events: Array<{ aggregate: { type: string; id: number }; payload: P }>): Promise<void> {
    const groups = new Map<string, typeof events>();
    for (const e of events) {
      const key = this.subscribersOf(type, e.payload).join('\n');
      groups.set(key, [...(groups.get(key) ?? []), e]);
    }
    for (const [key, group] of groups) await this.insert(em, type, group, key ? key.split('\n') : []);
    if ([...groups.keys()].some((key) => key !== '')) this.afterCommit(em);
  }

  /** The events and one delivery row per (event, subscriber), in one statement; returns the events' ids in order. */
  private async insert(
    em: EntityManager,
    type: string,
    events: Array<{ aggregate: { type: string; id: number }; payload: object }>,
    subscribers: string[],
  ): Promise<number[]> {
    const rows: { id: number }[] = await em.query(
      `WITH e AS (
         INSERT INTO domain_event (type, aggregate_type, aggregate_id, payload)
         SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::jsonb[]) RETURNING id),
       d AS (INSERT INTO event_delivery (event_id, subscriber) SELECT e.id, s FROM e CROSS JOIN unnest($5::text[]) s)
       SELECT id FROM e ORDER BY id`,
      [type, events.map((e) => e.aggregate.type), events.map((e) => e.aggregate.id), events.map((e) => JSON.stringify(e.payload)), subscribers],
    );
    return rows.map((r) => r.id);
  }

  /** Deliveries were written: deliver once the caller's transaction commits (now, if it was autocommit). */
  private afterCommit(em: EntityManager): void {
    const runner = em.queryRunner;
    if (runner?.isTransactionActive) this.awaitingCommit.add(runner);
    else this.wake();
  }

  /** Deliver here now, and tell other instances (one NOTIFY per 20 ms at most, in its own tiny transaction). */
  private wake(): void {
    void this.kick();
    if (this.notifyTimer || this.stopped) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      if (!this.stopped) this.dataSource.query(`SELECT pg_notify('domain_event', '')`).catch(() => undefined);
    }, 20);
    this.notifyTimer.unref();
  }

  async onApplicationBootstrap(): Promise<void> {
    this.sweepTimer = setInterval(() => this.kick(), 2_000);
    this.sweepTimer.unref();
    await this.listen();
    this.kick();
  }

  /**
   * A dedicated connection (not one borrowed from the pool) LISTENs for commits. If it drops (database
   * restart) it reconnects; the sweep covers whatever was committed meanwhile.
   */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: (this.dataSource.options as { url: string }).url, application_name: 'shareshop-events' });
    const retry = () => {
      if (this.listener !== client || this.stopped) return;
      this.listener = undefined;
      client.end().catch(() => undefined);
      setTimeout(() => void this.listen().catch(() => undefined), 1_000).unref();
    };
    client.on('notification', () => void this.kick());
    client.on('error', (e: Error) => {
      this.logger.warn(`event listener connection lost: ${e.message}`);
      retry();
    });
    client.on('end', retry);
    this.listener = client;
    try {
      await client.connect();
      await client.query('LISTEN domain_event');
    } catch (e) {
      this.logger.warn(`event listener cannot connect: ${(e as Error).message}`);
      retry();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.notifyTimer);
    await this.draining?.catch(() => undefined);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  /** Delivers everything due now; resolves when the queue is empty (tests await it). */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    this.draining = (async () => {
      try {
        do {
          this.again = false;
          while (!this.stopped && (await this.deliverBatch()) > 0) {
            /* keep draining */
          }
        } while (this.again && !this.stopped);
      } catch (e) {
        if (!this.stopped) this.logger.warn(`event dispatch paused: ${(e as Error).message}`);
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async deliverBatch(): Promise<number> {
    const due: { event_id: number; subscriber: string }[] = await this.dataSource.query(
      `SELECT event_id, subscriber FROM event_delivery WHERE status = 'pending' AND next_at <= now() ORDER BY event_id LIMIT 50`,
    );
    let delivered = 0;
    for (const d of due) {
      if (this.stopped) break;
      if (await this.deliverOne(d.event_id, d.subscriber)) delivered++;
    }
    return delivered;
  }

  private async deliverOne(eventId: number, subscriber: string): Promise<boolean> {
    const sub = this.subscriptions.get(subscriber);
    try {
      return await this.dataSource.transaction(async (em) => {
        // a domain_event row with its delivery's attempts
        const [claimed] = await em.query<
          Array<{ attempts: number; id: number; type: string; aggregate_type: string; aggregate_id: number; payload: unknown; occurred_at: Date }>
        >(
          `SELECT d.attempts, e.* FROM event_delivery d JOIN domain_event e ON e.id = d.event_id
           WHERE d.event_id = $1 AND d.subscriber = $2 AND d.status = 'pending' FOR UPDATE OF d SKIP LOCKED`,
          [eventId, subscriber],
        );
        if (!claimed) return false; // another instance has it, or it is done
        if (!sub) throw new Error(`no subscriber named ${subscriber} in this process`);
        await sub.handler(em, {
          id: claimed.id,
          type: claimed.type,
          aggregateType: claimed.aggregate_type,
          aggregateId: claimed.aggregate_id,
          payload: claimed.payload,
          occurredAt: claimed.occurred_at,
        });
        await em.query(`UPDATE event_delivery SET status = 'done', attempts = attempts + 1, done_at = now() WHERE event_id = $1 AND subscriber = $2`, [
          eventId,
          subscriber,
        ]);
        return true;
      });
    } catch (error) {
      const message = (error as Error).message;
      this.logger.warn({ msg: 'event handler failed', eventId, subscriber, error: message });
      await this.dataSource
        .query(
          `UPDATE event_delivery SET attempts = attempts + 1, last_error = $3,
             status = CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN 'dead' ELSE 'pending' END,
             next_at = now() + least(interval '1 second' * power(2, attempts), interval '10 minutes')
           WHERE event_id = $1 AND subscriber = $2 AND status = 'pending'`,
          [eventId, subscriber, message.slice(0, 1000)],
        )
        .catch(() => undefined);
      return false;
    }
  }
}
