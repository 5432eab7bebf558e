import { rfc3339 } from './clock.js';
import { uuid } from './ids.js';
import type { Scheduler } from './scheduler.js';
import { encryptResource, signWechatpay } from './signing.js';
import type { SandboxCredentials, SigningMode } from './types.js';

/** WeChat's retry delays after a failed notify, in seconds (15s,15s,30s,3m,10m,20m,30m,30m,30m,60m,3h,3h,3h,6h,6h). */
export const RETRY_DELAYS_S = [15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600];
/** WeChat expects an answer within 5 seconds. */
export const NOTIFY_TIMEOUT_MS = 5000;

export type DeliveryKind = 'scheduled' | 'replay' | 'duplicate';

export interface NotificationRecord {
  id: string;
  event_type: string;
  summary: string;
  url: string;
  created_at: string;
  /** Decrypted resource, for the dashboard and tests. */
  resource: unknown;
  /** The exact JSON body POSTed on every attempt. */
  body: string;
  /** Scheduled attempts made so far (replays/duplicates not counted). */
  attempts: number;
  state: 'held' | 'pending' | 'delivered' | 'failed';
  next_attempt_at?: string;
}

export interface DeliveryRecord {
  id: number;
  notification_id: string;
  url: string;
  event: string;
  kind: DeliveryKind;
  attempt: number;
  status: number | null;
  response: string;
  error?: string;
  time: string;
  duration_ms: number;
}

export interface NotifyInput {
  url: string;
  event_type: string;
  summary: string;
  original_type: string;
  associated_data: string;
  resource: unknown;
  createdAtMs: number;
}

export class Notifier {
  readonly notifications = new Map<string, NotificationRecord>();
  readonly deliveries: DeliveryRecord[] = [];
  private held: string[] = [];
  private retryTimers = new Map<string, NodeJS.Timeout>();
  private seq = 0;
  hold = false;

  constructor(
    private readonly creds: SandboxCredentials,
    private readonly signingMode: () => SigningMode,
    private readonly scheduler: Scheduler,
  ) {}

  /** Build, encrypt and queue a notification; the first attempt goes out immediately unless held. */
  send(input: NotifyInput): NotificationRecord {
    const id = uuid();
    const created_at = rfc3339(input.createdAtMs);
    const enc = encryptResource(this.creds.apiV3Key, JSON.stringify(input.resource), input.associated_data);
    const envelope = {
      id,
      create_time: created_at,
      resource_type: 'encrypt-resource',
      event_type: input.event_type,
      summary: input.summary,
      resource: {
        original_type: input.original_type,
        algorithm: enc.algorithm,
        ciphertext: enc.ciphertext,
        associated_data: enc.associated_data,
        nonce: enc.nonce,
      },
    };
    const rec: NotificationRecord = {
      id,
      event_type: input.event_type,
      summary: input.summary,
      url: input.url,
      created_at,
      resource: input.resource,
      body: JSON.stringify(envelope),
      attempts: 0,
      state: this.hold ? 'held' : 'pending',
    };
    this.notifications.set(id, rec);
    if (this.hold) this.held.push(id);
    else void this.scheduledAttempt(rec);
    return rec;
  }

  private async scheduledAttempt(rec: NotificationRecord): Promise<void> {
    rec.attempts += 1;
    rec.next_attempt_at = undefined;
    // close()/reset abort in-flight deliveries; an aborted attempt is not a failure to retry after that
    const signal = this.scheduler.signal;
    const ok = await this.deliver(rec, 'scheduled', rec.attempts);
    if (signal.aborted) return;
    if (rec.state === 'delivered') return; // a replay may have succeeded meanwhile
    if (ok) {
      rec.state = 'delivered';
      return;
    }
    const delay = RETRY_DELAYS_S[rec.attempts - 1];
    if (delay === undefined) {
      rec.state = 'failed';
      return;
    }
    const realMs = delay * 1000 * this.scheduler.timeScale;
    rec.next_attempt_at = new Date(Date.now() + realMs).toISOString();
    const t = this.scheduler.after(realMs, () => {
      this.retryTimers.delete(rec.id);
      void this.scheduledAttempt(rec);
    });
    this.retryTimers.set(rec.id, t);
  }

  /** One POST of the notification; resolves true on HTTP 200/204. Never throws. */
  private async deliver(rec: NotificationRecord, kind: DeliveryKind, attempt: number): Promise<boolean> {
    const started = Date.now();
    const log: DeliveryRecord = {
      id: ++this.seq,
      notification_id: rec.id,
      url: rec.url,
      event: rec.event_type,
      kind,
      attempt,
      status: null,
      response: '',
      time: new Date(started).toISOString(),
      duration_ms: 0,
    };
    this.deliveries.push(log);
    if (this.deliveries.length > 2000) this.deliveries.splice(0, this.deliveries.length - 2000);
    try {
      const res = await fetch(rec.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Mozilla/4.0 (WeChat Pay sandbox notify)',
          ...signWechatpay(this.creds, this.signingMode(), rec.body),
          // WeChat names the signature scheme on every callback (payments, refunds, transfers alike)
          'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
        },
        body: rec.body,
        signal: AbortSignal.any([AbortSignal.timeout(NOTIFY_TIMEOUT_MS), this.scheduler.signal]),
      });
      log.status = res.status;
      log.response = (await res.text()).slice(0, 1000);
      return res.status === 200 || res.status === 204;
    } catch (err) {
      log.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return false;
    } finally {
      log.duration_ms = Date.now() - started;
    }
  }

  /** Send the notification once more, outside the retry schedule. */
  async replay(id: string): Promise<DeliveryRecord | undefined> {
    const rec = this.notifications.get(id);
    if (!rec) return undefined;
    const ok = await this.deliver(rec, 'replay', rec.attempts);
    if (ok && rec.state !== 'held') {
      rec.state = 'delivered';
      this.scheduler.cancel(this.retryTimers.get(id));
      this.retryTimers.delete(id);
      rec.next_attempt_at = undefined;
    }
    return this.deliveries.filter((d) => d.notification_id === id).at(-1);
  }

  /** Send `times` extra identical copies back to back (WeChat may deliver duplicates). */
  async duplicate(id: string, times: number): Promise<DeliveryRecord[] | undefined> {
    const rec = this.notifications.get(id);
    if (!rec) return undefined;
    const out: DeliveryRecord[] = [];
    for (let i = 0; i < times; i++) {
      await this.deliver(rec, 'duplicate', rec.attempts);
      out.push(this.deliveries.at(-1)!);
    }
    return out;
  }

  setHold(enabled: boolean): void {
    this.hold = enabled;
  }

  /** Deliver held notifications one after another (fifo or reverse), then resume normal scheduling. */
  async release(order: 'fifo' | 'reverse'): Promise<string[]> {
    const ids = order === 'reverse' ? [...this.held].reverse() : [...this.held];
    this.held = [];
    this.hold = false;
    for (const id of ids) {
      const rec = this.notifications.get(id);
      if (!rec) continue;
      rec.state = 'pending';
      await this.scheduledAttempt(rec);
    }
    return ids;
  }

  get heldIds(): string[] {
    return [...this.held];
  }

  reset(): void {
    this.notifications.clear();
    this.deliveries.length = 0;
    this.held = [];
    this.retryTimers.clear();
    this.hold = false;
  }
}
