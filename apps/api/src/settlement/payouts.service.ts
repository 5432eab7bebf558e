import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Conflict, NotFound } from '../domain/errors.js';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { moveBatch } from './batch.machine.js';
import { ManualPayoutGateway } from './manual.gateway.js';
import type { CompletePayout, PayoutGateway, PayoutRecord } from './payout.gateway.js';
import { movePayout } from './payout.machine.js';
import { ProfitSharingPayoutGateway } from './profit-sharing.gateway.js';
import { SettlementHooks } from './settlement.hooks.js';
import { UnfreezeService } from './unfreeze.service.js';

const SELECT_PAYOUT = `SELECT id, statement_id AS "statementId", merchant_id AS "merchantId", business_date::text AS "businessDate",
  method, amount, manual_amount AS "manualAmount", status FROM payout`;

/** Step 4 and everything after it: one payout per payable statement, sent through its gateway, completed once. */
@Injectable()
export class PayoutsService {
  private readonly logger = new Logger('settlement');
  private readonly gateways: Record<PayoutRecord['method'], PayoutGateway>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly hooks: SettlementHooks,
    manual: ManualPayoutGateway,
    profitSharing: ProfitSharingPayoutGateway,
    private readonly unfreezes: UnfreezeService,
  ) {
    this.gateways = { manual, profit_sharing: profitSharing };
  }

  /** The unique index on payout(statement_id) makes creating them repeatable; only `created` ones are sent. */
  async runStep(batchId: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO payout (statement_id, merchant_id, business_date, method, amount)
       SELECT s.id, s.merchant_id, s.business_date,
              CASE WHEN m.settlement_mode = 'profit_sharing' AND r.merchant_id IS NOT NULL THEN 'profit_sharing' ELSE 'manual' END, s.net_payable
       FROM settlement_statement s JOIN merchant m ON m.id = s.merchant_id LEFT JOIN settlement_receiver r ON r.merchant_id = s.merchant_id
       WHERE s.batch_id = $1 AND s.status = 'payable'
       ON CONFLICT (statement_id) DO NOTHING`,
      [batchId],
    );
    // manual payouts only wait for an admin: moved in one statement, not one transaction per merchant
    await this.dataSource.query(
      `UPDATE payout SET status = 'awaiting_manual', manual_amount = amount, updated_at = now()
       WHERE method = 'manual' AND status = 'created' AND statement_id IN (SELECT id FROM settlement_statement WHERE batch_id = $1)`,
      [batchId],
    );
    // profit sharing merchants' days that no profit sharing payout follows (nothing due, paid by hand): their
    // frozen payments are released by the sweep (refreshOpen), not here, so the batch makes no call per payment
    await this.unfreezes.planUnfollowed({ batchId });
    const pending: PayoutRecord[] = await this.dataSource.query(
      `${SELECT_PAYOUT} WHERE statement_id IN (SELECT id FROM settlement_statement WHERE batch_id = $1) AND status = 'created' ORDER BY id`,
      [batchId],
    );
    for (const [i, p] of pending.entries()) {
      await this.hooks.beforePayout?.(i, p.id);
      await this.gateways[p.method].send(p, this.complete);
    }
    await this.dataSource.transaction((em) => moveBatch(em, batchId, 'stated', 'finished'));
  }

  /**
   * A statement held for reconciliation differences becomes payable once an admin resolved the last open
   * item of its merchant and day; its payout is then created and sent like the batch would have.
   */
  async releaseHeld(merchantId: number, day: string): Promise<void> {
    const [s] = await this.dataSource
      .query(
        `UPDATE settlement_statement s SET status = 'payable', updated_at = now()
       WHERE s.merchant_id = $1 AND s.business_date = $2 AND s.status = 'held'
         AND NOT EXISTS (SELECT 1 FROM reconciliation_item ri WHERE ri.business_date = $2 AND ri.merchant_id = $1 AND ri.status = 'open')
       RETURNING s.batch_id`,
        [merchantId, day],
      )
      .then((r: [unknown[], number]) => r[0]);
    if (!s) return;
    await this.dataSource.query(
      `INSERT INTO payout (statement_id, merchant_id, business_date, method, amount)
       SELECT s.id, s.merchant_id, s.business_date,
              CASE WHEN m.settlement_mode = 'profit_sharing' AND r.merchant_id IS NOT NULL THEN 'profit_sharing' ELSE 'manual' END, s.net_payable
       FROM settlement_statement s JOIN merchant m ON m.id = s.merchant_id LEFT JOIN settlement_receiver r ON r.merchant_id = s.merchant_id
       WHERE s.merchant_id = $1 AND s.business_date = $2 AND s.status = 'payable'
       ON CONFLICT (statement_id) DO NOTHING`,
      [merchantId, day],
    );
    await this.unfreezes.planUnfollowed({ merchantId, day }); // paid by hand: its frozen payments are released by the sweep
    await this.refreshOpen();
  }

  /**
   * Follows asynchronous payouts: profit sharing results, sends that had an unclear outcome, parts waiting to
   * be sent again (due when `now` has passed their retry time) and the unfreeze of finished parts; then the
   * open unfreezes no payout follows (unfreeze.service.ts `sweep`).
   */
  async refreshOpen(limit = 200, now = new Date()): Promise<number> {
    const open: PayoutRecord[] = await this.dataSource.query(`${SELECT_PAYOUT} WHERE status IN ('created','processing') ORDER BY updated_at LIMIT $1`, [limit]);
    for (const p of open) {
      const gateway = this.gateways[p.method];
      try {
        await (p.status === 'created' ? gateway.send(p, this.complete, now) : gateway.refresh(p, this.complete, now));
      } catch (e) {
        // one payout's trouble (say, its receiver cannot be added right now) must not stall the others
        this.logger.warn({ msg: 'payout refresh failed', payoutId: p.id, error: (e as Error).message });
      }
    }
    try {
      await this.unfreezes.sweep();
    } catch (e) {
      this.logger.warn({ msg: 'unfreeze sweep failed', error: (e as Error).message });
    }
    return open.length;
  }

  /** Admin: a payout made offline (or the part profit sharing could not carry) was paid by hand. */
  async markPaid(adminUserId: number, payoutId: number, reference: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [p]: PayoutRecord[] = await em.query(`${SELECT_PAYOUT} WHERE id = $1 FOR UPDATE`, [payoutId]);
      if (!p) throw new NotFound('打款单');
      if (p.status !== 'awaiting_manual') throw new Conflict('ILLEGAL_TRANSITION', `打款单状态为 ${p.status}，不能标记为已线下打款`);
      await this.complete(em, p, 'awaiting_manual', { paid_by: adminUserId, paid_reference: reference });
    });
  }

  /** The money left: payable → paid_out, posted once (keyed by the payout), and the statement is paid. */
  private readonly complete: CompletePayout = async (em: EntityManager, payout, from, extra = {}) => {
    if (!(await movePayout(em, payout.id, from, 'succeeded', extra))) return false;
    await this.ledger.post(em, {
      kind: PostingKinds.settlementPayout,
      idempotencyKey: `payout:${payout.id}`,
      refType: 'payout',
      refId: payout.id,
      memo: `${payout.businessDate} ${payout.method}`,
      lines: [
        { account: Accounts.merchantPayable(payout.merchantId), amount: payout.amount },
        { account: Accounts.merchantPaidOut(payout.merchantId), amount: -payout.amount },
      ],
    });
    await em.query(`UPDATE settlement_statement SET status = 'paid', updated_at = now() WHERE id = $1`, [payout.statementId]);
    return true;
  };
}
