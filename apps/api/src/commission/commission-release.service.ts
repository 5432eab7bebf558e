import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OpenRefunds, noOpenRefundSql } from '../orders/open-refunds.query.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { applyCommissionTransition } from './commission.machine.js';
import type { CommissionRow } from './commission.rows.js';
import { lockDistributorWallets, walletAndDebt } from './distributor-debt.js';

/** SQL: the commission row `c` belongs to an order with no refund open (a refund keeps commission frozen). */
const NO_OPEN_REFUND = noOpenRefundSql('c.order_id');

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
    private readonly openRefunds: OpenRefunds,
  ) {}

  /** `afterSaleDays`: the merchant's after-sale window as order.received states it (the window the buyer was given). */
  async onReceived(em: EntityManager, orderId: number, receivedAt: Date, afterSaleDays: number | null): Promise<void> {
    const { afterSaleDaysFallback } = await this.settings.get(em);
    await em.query(
      `UPDATE commission c SET releasable_at = $2::timestamptz + make_interval(days => $3::int), updated_at = now()
       WHERE c.order_id = $1 AND c.status = 'pending'`,
      [orderId, receivedAt, afterSaleDays ?? afterSaleDaysFallback],
    );
  }

  async onCompleted(em: EntityManager, orderId: number): Promise<void> {
    // a refund open at completion (should not happen: completion waits for it) leaves the sweep to release later
    await em.query(
      `UPDATE commission c SET releasable_at = COALESCE(releasable_at, now()) WHERE order_id = $1 AND status = 'pending' AND NOT ${NO_OPEN_REFUND}`,
      [orderId],
    );
    const rows = await em.query<CommissionRow[]>(
      `SELECT * FROM commission c WHERE order_id = $1 AND status = 'pending' AND ${NO_OPEN_REFUND} ORDER BY id FOR UPDATE`,
      [orderId],
    );
    await this.releaseLocked(em, rows);
  }

  /** The scheduled sweep (also called directly by tests with a chosen `now`). Returns how many were released. */
  async releaseDue(now = new Date(), batch = 200): Promise<number> {
    let released = 0;
    for (;;) {
      const { seen, done } = await this.dataSource.transaction(async (em) => {
        // SKIP LOCKED: several instances (or a refund holding a row) never block the sweep
        const rows = await em.query<CommissionRow[]>(
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
  private async releaseLocked(em: EntityManager, rows: CommissionRow[]): Promise<number> {
    if (!rows.length) return 0;
    const open = await this.openRefunds.lockAndFindOpen(
      em,
      rows.map((r) => Number(r.order_id)),
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

  private async release(em: EntityManager, row: CommissionRow): Promise<void> {
    const user = Number(row.beneficiary_user_id);
    const amount = Number(row.amount) - Number(row.reversed_amount);
    await applyCommissionTransition(em, row.id, 'release', { released_at: new Date() });
    const { debt } = await walletAndDebt(em, this.ledger, user);
    const payOff = Math.min(Math.max(debt, 0), amount);
    await this.ledger.post(em, {
      kind: PostingKinds.commissionReleased,
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
