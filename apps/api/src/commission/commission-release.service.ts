import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { applyCommissionTransition } from './commission.machine.js';

/**
 * pending → available. The after-sale window starts at receipt (order.received stamps `releasable_at`);
 * the scheduled sweep `releaseDue(now)` releases what is due; order.completed (the window closed on the
 * commerce side) releases at once. Each release moves (amount − reversed) from pending to the wallet.
 */
@Injectable()
export class CommissionReleaseService {
  constructor(private readonly dataSource: DataSource, private readonly ledger: LedgerService, private readonly settings: PlatformSettingsService) {}

  async onReceived(em: EntityManager, orderId: number, receivedAt: Date): Promise<void> {
    const { afterSaleDaysFallback } = await this.settings.get(em);
    await em.query(
      `UPDATE commission c SET releasable_at = $2::timestamptz + make_interval(days => COALESCE(m.after_sale_days, $3)), updated_at = now()
       FROM merchant m WHERE m.id = c.merchant_id AND c.order_id = $1 AND c.status = 'pending'`,
      [orderId, receivedAt, afterSaleDaysFallback],
    );
  }

  async onCompleted(em: EntityManager, orderId: number): Promise<void> {
    const rows = await em.query(`SELECT * FROM commission WHERE order_id = $1 AND status = 'pending' ORDER BY id FOR UPDATE`, [orderId]);
    for (const row of rows) await this.release(em, row);
  }

  /** The scheduled sweep (also called directly by tests with a chosen `now`). Returns how many were released. */
  async releaseDue(now = new Date(), batch = 200): Promise<number> {
    let released = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (em) => {
        // SKIP LOCKED: several instances (or a refund holding a row) never block the sweep
        const rows = await em.query(
          `SELECT * FROM commission WHERE status = 'pending' AND releasable_at <= $1 ORDER BY releasable_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, batch],
        );
        for (const row of rows) await this.release(em, row);
        return rows.length;
      });
      released += n;
      if (n < batch) return released;
    }
  }

  /** `row` must be locked by the caller. */
  private async release(em: EntityManager, row: any): Promise<void> {
    const amount = Number(row.amount) - Number(row.reversed_amount);
    await applyCommissionTransition(em, row.id, 'release', { released_at: new Date() });
    await this.ledger.post(em, {
      kind: 'commission.released',
      idempotencyKey: `commission:release:${row.id}`,
      refType: 'commission',
      refId: row.id,
      lines: [
        { account: Accounts.distributorPending(row.beneficiary_user_id), amount },
        { account: Accounts.distributorWallet(row.beneficiary_user_id), amount: -amount },
      ],
    });
  }
}
