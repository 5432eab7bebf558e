import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService, type PostingLine } from '../ledger/ledger.service.js';
import { reversalTarget } from './commission.calculator.js';
import { applyCommissionTransition } from './commission.machine.js';
import type { CommissionRow } from './commission.rows.js';
import { lockDistributorWallets, walletAndDebt } from './distributor-debt.js';
import type { OrderRefund } from './order-events.js';

/**
 * order.refunded → each affected commission gives back in proportion to the refunded share of its line
 * (see reversalTarget), from where its money is: the pending account while pending, the wallet once
 * available. What the wallet no longer holds (the distributor withdrew it, or is withdrawing it) becomes
 * a debt (`distributor:{id}:debt`): the wallet never goes negative, withdrawals count the debt against
 * the wallet, and the next releases pay it off first. It is never dropped. One posting per refund: the
 * merchant is credited back.
 */
@Injectable()
export class CommissionReversalService {
  constructor(private readonly ledger: LedgerService) {}

  async onRefunded(em: EntityManager, refund: OrderRefund): Promise<number> {
    const lineRefunds = new Map(refund.lines.map((l) => [l.orderItemId, l.amount]));
    // team sales exclude shipping like the commission base: count the lines' part of the refund
    const goods = refund.lines.reduce((s, l) => s + l.amount, 0);
    await em.query('UPDATE distribution_sale SET refunded_amount = LEAST(paid_amount, refunded_amount + $2) WHERE order_id = $1', [refund.orderId, goods]);
    const rows = await em.query<CommissionRow[]>(`SELECT * FROM commission WHERE order_id = $1 ORDER BY id FOR UPDATE`, [refund.orderId]);
    await lockDistributorWallets(
      em,
      this.ledger,
      rows.filter((r) => r.status === 'available').map((r) => Number(r.beneficiary_user_id)),
    );
    const lines: PostingLine[] = [];
    const fromWallets = new Map<number, number>();
    const merchantTotals = new Map<number, number>();
    for (const row of rows) {
      const refunded = lineRefunds.get(Number(row.order_item_id)) ?? 0;
      if (refunded <= 0 || row.status === 'reversed') continue;
      const refundedBase = Math.min(Number(row.base_amount), Number(row.refunded_base) + refunded);
      const target = reversalTarget(Number(row.amount), Number(row.base_amount), refundedBase);
      const delta = target - Number(row.reversed_amount);
      const [applied] = await em.query<Array<{ commission_id: number }>>(
        `INSERT INTO commission_reversal (refund_key, commission_id, refunded_base, amount, from_status) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING commission_id`,
        [refund.refundKey, row.id, refunded, delta, row.status],
      );
      if (!applied) continue; // this refund was already applied to this commission
      await applyCommissionTransition(em, row.id, target === Number(row.amount) ? 'reverseAll' : 'reversePart', {
        refunded_base: refundedBase,
        reversed_amount: target,
      });
      if (delta <= 0) continue;
      const user = Number(row.beneficiary_user_id);
      if (row.status === 'pending') lines.push({ account: Accounts.distributorPending(user), amount: delta });
      else fromWallets.set(user, (fromWallets.get(user) ?? 0) + delta);
      merchantTotals.set(Number(row.merchant_id), (merchantTotals.get(Number(row.merchant_id)) ?? 0) + delta);
    }
    for (const [user, amount] of fromWallets) {
      const { wallet } = await walletAndDebt(em, this.ledger, user);
      const fromWallet = Math.min(Math.max(wallet, 0), amount);
      lines.push({ account: Accounts.distributorWallet(user), amount: fromWallet });
      lines.push({ account: Accounts.distributorDebt(user), amount: amount - fromWallet });
    }
    if (!merchantTotals.size) return 0;
    for (const [merchantId, amount] of merchantTotals) lines.push({ account: Accounts.merchantPayable(merchantId), amount: -amount });
    await this.ledger.post(em, {
      kind: PostingKinds.commissionReversed,
      idempotencyKey: `commission:reverse:${refund.refundKey}`,
      refType: 'order',
      refId: refund.orderId,
      occurredAt: refund.occurredAt,
      lines,
    });
    return [...merchantTotals.values()].reduce((a, b) => a + b, 0);
  }
}
