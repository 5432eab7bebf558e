import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { shanghaiDate } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { SettlementRunner } from './batch.runner.js';
import { PayoutsService } from './payouts.service.js';

/** The latest business day whose settlement time (RUN_AT on the next day, Asia/Shanghai) has passed. */
export function dueBusinessDate(now: Date, runAt: string): string {
  const [h, m] = runAt.split(':').map(Number) as [number, number];
  // shift so that "runAt on D+1" becomes midnight, then take the Shanghai day before it
  return shanghaiDate(now.getTime() - (h * 60 + m) * 60_000 - 24 * 3600_000);
}

/**
 * A small durable schedule (the commerce jobs module was not there when this was written): every tick
 * settles the due day and resumes any unfinished batch of the last week, in date order. The batch table is
 * the durable state — a process that was down at 02:00 catches up on its next tick — and the per-day
 * advisory lock makes several instances ticking at once harmless. Each tick also follows open payouts.
 */
@Injectable()
export class SettlementScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('settlement');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  /** Days whose bill WeChat is still generating → when to ask again. In memory: a restart only asks sooner. */
  private readonly billRetryAt = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly runner: SettlementRunner,
    private readonly payouts: PayoutsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.settlement.SETTLEMENT_SCHEDULER_ENABLED) return;
    this.timer = setInterval(() => void this.tick(), this.config.settlement.SETTLEMENT_TICK_SECONDS * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  tick(now = new Date()): Promise<void> {
    this.running ??= this.work(now).finally(() => (this.running = null));
    return this.running;
  }

  private async work(now: Date): Promise<void> {
    try {
      const due = dueBusinessDate(now, this.config.settlement.SETTLEMENT_RUN_AT);
      const weekAgo = shanghaiDate(now.getTime() - 7 * 24 * 3600_000);
      const unfinished: { d: string }[] = await this.dataSource.query(
        `SELECT business_date::text AS d FROM settlement_batch WHERE status <> 'finished' AND business_date >= $1 AND business_date < $2 ORDER BY business_date`,
        [weekAgo, due],
      );
      for (const day of [...unfinished.map((u) => u.d), due]) {
        // keep days in order: do not settle D+1 before D (so a day resting until its retry time stops the loop)
        if ((this.billRetryAt.get(day) ?? 0) > now.getTime()) break;
        const r = await this.runner.run(day, 'scheduler', now);
        if (r.outcome === 'waiting_for_bill') this.billRetryAt.set(day, now.getTime() + this.config.settlement.SETTLEMENT_BILL_RETRY_MINUTES * 60_000);
        else this.billRetryAt.delete(day);
        if (r.outcome !== 'ran') break;
      }
    } catch (e) {
      this.logger.warn({ msg: 'settlement tick failed', error: (e as Error).message });
    }
    try {
      await this.payouts.refreshOpen();
    } catch (e) {
      this.logger.warn({ msg: 'payout refresh failed', error: (e as Error).message });
    }
  }
}
