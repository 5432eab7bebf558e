import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

export interface ScheduledJob {
  /** Queue name, e.g. `orders.auto-close`. */
  name: string;
  /** Cron (minute resolution), evaluated by pg-boss in the database: one run per tick across all instances. */
  cron: string;
  /** Idempotent sweep: it reads what is due from business tables, so a missed or repeated run is harmless. */
  run(now: Date): Promise<unknown>;
}

export const JOBS_SCHEMA = 'pgboss';

/**
 * Durable scheduled jobs on pg-boss (PostgreSQL-backed: schedules and queued jobs survive restarts, and
 * with several API instances each tick runs once). Domains register sweeps in `onModuleInit`:
 *
 *   jobs.register({ name: 'orders.auto-close', cron: '* * * * *', run: (now) => autoClose.runOnce(now) });
 *
 * The sweep functions stay plain methods, so tests call them directly with a chosen `now` instead of
 * waiting for the clock. `runNow(name)` does the same through the registry.
 */
@Injectable()
export class JobsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('jobs');
  private readonly jobs = new Map<string, ScheduledJob>();
  private boss?: PgBoss;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  register(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
  }

  registered(): string[] {
    return [...this.jobs.keys()];
  }

  async runNow(name: string, now = new Date()): Promise<unknown> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    return job.run(now);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.orders.JOBS_ENABLED || this.jobs.size === 0) return;
    const boss = new PgBoss({
      connectionString: (this.dataSource.options as { url: string }).url,
      schema: JOBS_SCHEMA,
      application_name: 'shareshop-jobs',
      max: 3,
    });
    boss.on('error', (error: Error) => this.logger.warn(`pg-boss: ${error.message}`));
    await boss.start();
    this.boss = boss;
    for (const job of this.jobs.values()) {
      await boss.createQueue(job.name);
      await boss.schedule(job.name, job.cron);
      await boss.work(job.name, { pollingIntervalSeconds: 5 }, async () => {
        try {
          await job.run(new Date());
        } catch (error) {
          this.logger.warn({ msg: 'job failed', job: job.name, error: (error as Error).message });
          throw error; // pg-boss retries/records it
        }
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    const boss = this.boss;
    this.boss = undefined;
    await boss?.stop({ graceful: true, timeout: 5_000 }).catch(() => undefined);
  }

  /** The durable schedules pg-boss holds (for tests and the health page). */
  async schedules(): Promise<Array<{ name: string; cron: string }>> {
    if (!this.boss) return [];
    return (await this.boss.getSchedules()).map((s) => ({ name: s.name, cron: s.cron }));
  }
}
