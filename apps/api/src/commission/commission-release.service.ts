import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Accounts } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { applyCommissionTransition } from './commission.machine.js';
import { lockDistributorWallets, walletAndDebt } from './distributor-debt.js';

/** SQL: the commission row `c` belongs to an order with no refund open (a refund keeps commission frozen). */
const NO_OPEN_REFUND = `NOT EXISTS (SELECT 1 FROM refund r WHERE r.order_id = c.order_id AND r.status IN ('requested', 'processing'))`;

/**
 * pending → available. The after-sale window starts at receipt (order.received stamps `releasable_at`);
 * the scheduled sweep `releaseDue(now)` releases what is due; order.completed (the window closed on the
 * commerce side) releases at once. Each release moves (amount − reversed) from pending to the wallet.
 *
 * Never while a refund of the order is open (requested or processing): the money may still go back to the
 * buyer, and a wallet that was paid out cannot give it back. Such a commission stays pending with its
 * `releasable_at`, so the first sweep after the refund is decided releases what is left of it. If the
 * distributor owes a debt (a refund that completed after an earlier release), the release pays it first.
 */
@Injectable()
export class CommissionReleaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly settings: PlatformSettingsService,
  ) {}

  async onReceived(em: EntityManager, orderId: number, receivedAt: Date): Promise<void> {
    const { afterSaleDaysFallback } = await this.settings.get(em);
    await em.query(
      `UPDATE commission c SET releasable_at = $2::timestamptz + make_interval(days => COALESCE(m.after_sale_days, $3)), updated_at = now()
       FROM merchant m WHERE m.id = c.merchant_id AND c.order_id = $1 AND c.status = 'pending'`,
      [orderId, receivedAt, afterSaleDaysFallback],
    );
  }

  async onCompleted(em: EntityManager, orderId: number): Promise<void> {
    // a refund open at completion (should not happen: completion waits for it) leaves the sweep to release later
    await em.query(
      `UPDATE commission c SET releasable_at = COALESCE(releasable_at, now()) WHERE order_id = $1 AND status = 'pending' AND NOT ${NO_OPEN_REFUND}`,
      [orderId],
    );
    const rows = await em.query(`SELECT * FROM commission c WHERE order_id = $1 AND status = 'pending' AND ${NO_OPEN_REFUND} ORDER BY id FOR UPDATE`, [
      orderId,
    ]);
    await this.releaseLocked(em, rows);
  }

  /** The scheduled sweep (also called directly by tests with a chosen `now`). Returns how many were released. */
  async releaseDue(now = new Date(), batch = 200): Promise<number> {
    let released = 0;
    for (;;) {
      const { seen, done } = await this.dataSource.transaction(async (em) => {
        // SKIP LOCKED: several instances (or a refund holding a row) never block the sweep
        const rows = await em.query(
          `SELECT * FROM commission c WHERE status = 'pending' AND releasable_at <= $1 AND ${NO_OPEN_REFUND}
           ORDER BY releasable_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, batch],
        );
        return { seen: rows.length, done: await this.releaseLocked(em, rows) };
      });
      released += done;
      if (seen < batch) return released;
    }
  }

  /**
   * `rows` must be locked by the caller. The orders are then locked FOR KEY SHARE, which a refund request's
   * `FOR UPDATE` of its order conflicts with, and their open refunds read again: a request committed since the
   * sweep's first read keeps its commission frozen, one arriving now waits and becomes a late refund (debt).
   * The beneficiaries' wallets are locked too (debt is read under that lock).
   */
  private async releaseLocked(em: EntityManager, rows: any[]): Promise<number> {
    if (!rows.length) return 0;
    const orderIds = [...new Set(rows.map((r) => Number(r.order_id)))].sort((a, b) => a - b);
    await em.query('SELECT id FROM "order" WHERE id = ANY($1) ORDER BY id FOR KEY SHARE', [orderIds]);
    const open = new Set(
      (await em.query(`SELECT DISTINCT order_id FROM refund WHERE order_id = ANY($1) AND status IN ('requested', 'processing')`, [orderIds])).map((r: any) =>
        Number(r.order_id),
      ),
    );
    const due = rows.filter((r) => !open.has(Number(r.order_id)));
    await lockDistributorWallets(
      em,
      this.ledger,
      due.map((r) => Number(r.beneficiary_user_id)),
    );
    for (const row of due) await this.release(em, row);
    return due.length;
  }

  private async release(em: EntityManager, row: any): Promise<void> {
    const user = Number(row.beneficiary_user_id);
    const amount = Number(row.amount) - Number(row.reversed_amount);
    await applyCommissionTransition(em, row.id, 'release', { released_at: new Date() });
    const { debt } = await walletAndDebt(em, this.ledger, user);
    const payOff = Math.min(Math.max(debt, 0), amount);
    await this.ledger.post(em, {
      kind: 'commission.released',
      idempotencyKey: `commission:release:${row.id}`,
      refType: 'commission',
      refId: row.id,
      lines: [
        { account: Accounts.distributorPending(user), amount },
        { account: Accounts.distributorDebt(user), amount: -payOff },
        { account: Accounts.distributorWallet(user), amount: -(amount - payOff) },
      ],
    });
  }
}
