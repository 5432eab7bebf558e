import { Injectable, Logger } from '@nestjs/common';
import { type RunSettlementResult, type SettlementBatchStatus, shanghaiDate } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Invalid } from '../domain/errors.js';
import { BillImportStep } from './bill-import.step.js';
import { PayoutsService } from './payouts.service.js';
import { ReconcileStep } from './reconcile.step.js';
import { SettlementHooks } from './settlement.hooks.js';
import { SettlementQueries } from './settlement.queries.js';
import { StatementsStep } from './statements.step.js';

/** Advisory lock class for "settling day D" (the second key is D as days since 1970). */
const DAY_LOCK_CLASS = 7406;

/**
 * Runs (or resumes) the batch of one business day. Two runners for the same day — two API instances, the
 * scheduler and an admin — race for a session advisory lock on a dedicated connection; the loser returns
 * `busy` at once and the lock dies with the winner's connection if its process dies. Each step commits with
 * its status move, so the loop simply continues from the status it finds.
 */
@Injectable()
export class SettlementRunner {
  private readonly logger = new Logger('settlement');

  constructor(
    private readonly dataSource: DataSource,
    private readonly bill: BillImportStep,
    private readonly reconcile: ReconcileStep,
    private readonly statements: StatementsStep,
    private readonly payouts: PayoutsService,
    private readonly hooks: SettlementHooks,
    private readonly queries: SettlementQueries,
  ) {}

  async run(day: string, triggeredBy: string, now = new Date()): Promise<RunSettlementResult> {
    if (day >= shanghaiDate(now)) throw new Invalid('businessDate', `只能结算已结束的营业日（早于 ${shanghaiDate(now)}）`);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lockKey = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [DAY_LOCK_CLASS, lockKey]);
      if (!locked) return { outcome: 'busy', batch: await this.queries.batch(day) };
      try {
        return await this.steps(day, triggeredBy, now);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1, $2)', [DAY_LOCK_CLASS, lockKey]);
      }
    } finally {
      await runner.release();
    }
  }

  private async steps(day: string, triggeredBy: string, now: Date): Promise<RunSettlementResult> {
    await this.dataSource.query(`INSERT INTO settlement_batch (business_date, triggered_by) VALUES ($1, $2) ON CONFLICT (business_date) DO NOTHING`, [
      day,
      triggeredBy,
    ]);
    for (;;) {
      const [batch] = await this.dataSource.query<Array<{ id: number; status: SettlementBatchStatus }>>(
        'SELECT id, status FROM settlement_batch WHERE business_date = $1',
        [day],
      );
      try {
        switch (batch.status) {
          case 'pending':
            if ((await this.bill.run(batch.id, day, now)) === 'waiting_for_bill') {
              await this.note(batch.id, `${day} 的微信交易账单尚未生成，稍后重试`);
              return { outcome: 'waiting_for_bill', batch: await this.queries.batch(day) };
            }
            await this.hooks.afterStep?.('downloaded', day);
            break;
          case 'downloaded':
            if ((await this.reconcile.run(batch.id, day)) === null) break; // staged bill lost: download again
            await this.hooks.afterStep?.('reconciled', day);
            break;
          case 'reconciled':
            await this.statements.run(batch.id, day);
            await this.hooks.afterStep?.('stated', day);
            break;
          case 'stated':
            await this.payouts.runStep(batch.id);
            await this.hooks.afterStep?.('finished', day);
            break;
          default:
            return { outcome: 'ran', batch: await this.queries.batch(day) };
        }
      } catch (e) {
        this.logger.warn({ msg: 'settlement step failed', day, status: batch.status, error: (e as Error).message });
        await this.note(batch.id, (e as Error).message);
        throw e;
      }
    }
  }

  private async note(batchId: number, message: string): Promise<void> {
    await this.dataSource.query('UPDATE settlement_batch SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE id = $1', [
      batchId,
      message.slice(0, 1000),
    ]);
  }
}
