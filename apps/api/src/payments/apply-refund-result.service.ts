import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { afterSaleFollowsRefund } from '../after-sales/after-sale-steps.js';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OrderRefundsService } from '../orders/order-refunds.service.js';
import { KeyedMutex } from './keyed-mutex.js';
import { recordNotification, setNotificationResult } from './notification-log.js';

export interface RefundResult {
  out_refund_no: string;
  refund_id?: string;
  /** SUCCESS, CLOSED, ABNORMAL (not final), PROCESSING */
  refund_status?: string;
  status?: string;
  amount?: { refund: number };
}

/**
 * Applies a refund's final result once (notify, duplicate notify, or query), under the refund's row lock:
 * SUCCESS → refund succeeded, and orders' OrderRefundsService.settleSucceeded does what that means for the
 * order (lines and totals, restock through catalog, ledger `refund:<out_refund_no>`, `order.refunded`) — or,
 * for an automatic refund of an unaccepted payment, the ledger releases platform:unmatched_payments here.
 * CLOSED → refund failed. ABNORMAL → noted, still open. Payments writes only its notification log; the
 * refund rows are orders' and the after-sale step is after-sales'.
 */
@Injectable()
export class ApplyRefundResultService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly refunds: OrderRefundsService,
  ) {}

  private readonly mutex = new KeyedMutex();

  apply(result: RefundResult, source: 'notify' | 'query', notification?: { id: string; eventType: string }): Promise<string> {
    return this.mutex.run(`refund:${result.out_refund_no}`, () => this.applyOnce(result, notification));
  }

  private async applyOnce(result: RefundResult, notification?: { id: string; eventType: string }): Promise<string> {
    return this.dataSource.transaction(async (em) => {
      if (notification) {
        const earlier = await recordNotification(em, { ...notification, resource: result, outRefundNo: result.out_refund_no });
        if (earlier) return 'duplicate';
      }
      const outcome = await this.applyLocked(em, result);
      await setNotificationResult(em, notification?.id, outcome);
      return outcome;
    });
  }

  private async applyLocked(em: EntityManager, result: RefundResult): Promise<string> {
    const status = result.refund_status ?? result.status;
    const refund = await this.refunds.lockByOutRefundNo(em, result.out_refund_no);
    if (!refund) return 'unknown_refund';
    if (result.amount && result.amount.refund !== refund.amount) return 'mismatch';
    if (status === 'ABNORMAL') {
      // not final; a late ABNORMAL (callbacks arrive out of order) must not relabel a refund already settled
      if (refund.status !== 'processing') return 'duplicate';
      await this.refunds.noteAbnormal(em, refund.id);
      return 'abnormal';
    }
    if (status === 'CLOSED') {
      if (!(await this.refunds.fail(em, refund.id, 'CLOSED'))) return 'duplicate';
      await afterSaleFollowsRefund(em, refund.id, 'failed');
      return 'failed';
    }
    if (status !== 'SUCCESS') return 'pending';
    if (!(await this.refunds.succeed(em, refund, result.refund_id))) return 'duplicate';

    if (refund.kind === 'auto') {
      // the refund of a payment no order accepted releases what payments held for it (apply-payment.service.ts)
      await this.ledger.post(em, {
        kind: PostingKinds.refundUnmatched,
        idempotencyKey: `refund:${refund.out_refund_no}`,
        refType: 'refund',
        refId: refund.id,
        lines: [
          { account: Accounts.unmatchedPayments(), amount: refund.amount },
          { account: Accounts.clearing(), amount: -refund.amount },
        ],
      });
      return 'succeeded';
    }
    // the after-sale completes first: orders reads its parcel state to decide the restock
    await afterSaleFollowsRefund(em, refund.id, 'succeeded');
    await this.refunds.settleSucceeded(em, refund);
    return 'succeeded';
  }
}
