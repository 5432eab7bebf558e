import { Injectable, Logger } from '@nestjs/common';
import { type TransferBill, WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { lockDistributorWallets, walletAndDebt } from '../commission/distributor-debt.js';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { OPEN_WITHDRAWAL_STATES, tryWithdrawalTransition } from './withdrawal.machine.js';
import type { WithdrawalRow } from './withdrawal.rows.js';

/** WeChat closes an unconfirmed bill after 24 h; we cancel ourselves a little later if it has not. */
const CONFIRM_WINDOW_MS = 24 * 3600_000 + 10 * 60_000;

export type BillSnapshot = Pick<TransferBill, 'state' | 'transfer_bill_no'> & { package_info?: string; fail_reason?: string };

/**
 * Applies what WeChat says about a transfer bill (create answer, query, or notify) to the withdrawal, once:
 * SUCCESS pays the held amount out; FAIL / CANCELLED return it to the wallet (paying off first any debt a
 * refund left while the money was held: commission-reversal.service.ts). And the sweep that asks
 * WeChat about bills nobody told us about (lost notify, unclear create answer, 24 h expiry).
 */
@Injectable()
export class WithdrawalSettlementService {
  private readonly logger = new Logger('withdrawals');

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly pay: WechatPayClient,
  ) {}

  async apply(outBillNo: string, bill: BillSnapshot): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [w] = await em.query<WithdrawalRow[]>('SELECT * FROM withdrawal WHERE out_bill_no = $1 FOR UPDATE', [outBillNo]);
      if (!w) throw new Error(`no withdrawal with out_bill_no ${outBillNo}`);
      await this.applyLocked(em, w, bill);
    });
  }

  private async applyLocked(em: EntityManager, w: WithdrawalRow, bill: BillSnapshot): Promise<void> {
    const billNo = { transfer_bill_no: bill.transfer_bill_no ?? w.transfer_bill_no };
    switch (bill.state) {
      case 'WAIT_USER_CONFIRM':
        if (w.status === 'wait_user_confirm') {
          // already waiting; a recovered package_info (see WithdrawalService.recoverPackageInfo) is data, not a transition
          if (!w.package_info && bill.package_info) await em.query('UPDATE withdrawal SET package_info = $2 WHERE id = $1', [w.id, bill.package_info]);
          return;
        }
        await tryWithdrawalTransition(em, w.id, 'waitConfirm', { ...billNo, package_info: bill.package_info ?? w.package_info });
        return;
      case 'TRANSFERING':
        await tryWithdrawalTransition(em, w.id, 'transfer', billNo);
        return;
      case 'SUCCESS':
        if (await tryWithdrawalTransition(em, w.id, 'succeed', billNo)) await this.post(em, w, 'paid');
        return;
      case 'FAIL':
      case 'CANCELLED': {
        const event = bill.state === 'FAIL' ? 'fail' : 'cancel';
        const done = await tryWithdrawalTransition(em, w.id, event, { ...billNo, fail_reason: bill.fail_reason ?? bill.state });
        if (done) await this.post(em, w, 'returned');
        return;
      }
      default: // ACCEPTED, PROCESSING, CANCELING: not final, nothing to do yet
        return;
    }
  }

  /** A bill WeChat definitely did not create (4xx): the withdrawal fails and the money goes back. */
  async failUncreated(withdrawalId: number, reason: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [w] = await em.query<WithdrawalRow[]>('SELECT * FROM withdrawal WHERE id = $1 FOR UPDATE', [withdrawalId]);
      if (await tryWithdrawalTransition(em, w.id, 'fail', { fail_reason: reason.slice(0, 200) })) await this.post(em, w, 'returned');
    });
  }

  private async post(em: EntityManager, w: WithdrawalRow, outcome: 'paid' | 'returned') {
    const amount = Number(w.amount);
    const userId = Number(w.user_id);
    let payOff = 0;
    if (outcome === 'returned') {
      await lockDistributorWallets(em, this.ledger, [userId]);
      payOff = Math.min(Math.max((await walletAndDebt(em, this.ledger, userId)).debt, 0), amount);
    }
    return this.ledger.post(em, {
      kind: outcome === 'paid' ? PostingKinds.withdrawalPaid : PostingKinds.withdrawalReturned,
      idempotencyKey: `withdrawal:${outcome}:${w.id}`,
      refType: 'withdrawal',
      refId: w.id,
      lines: [
        { account: Accounts.distributorWithdrawing(userId), amount },
        { account: Accounts.distributorDebt(userId), amount: -payOff },
        { account: outcome === 'paid' ? Accounts.transfersOut() : Accounts.distributorWallet(userId), amount: -(amount - payOff) },
      ],
    });
  }

  /** Queries WeChat about one open withdrawal and applies the answer. Returns the bill state, or null if none exists. */
  async refresh(outBillNo: string): Promise<string | null> {
    try {
      const bill = await this.pay.queryTransferBill(outBillNo);
      await this.apply(outBillNo, bill);
      return bill.state;
    } catch (error) {
      if (error instanceof WechatPayError && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * The scheduled sweep: every open withdrawal not touched for `quietMs` is queried. A bill that does not
   * exist is created again with the SAME out_bill_no (WeChat de-duplicates by it, so this can never make a
   * second transfer); a bill unconfirmed past the 24 h window is cancelled, which returns the money.
   */
  async reconcile(now = new Date(), quietMs = 60_000, resubmit?: (withdrawalId: number) => Promise<unknown>): Promise<number> {
    const open = await this.dataSource.query<Array<Pick<WithdrawalRow, 'id' | 'out_bill_no' | 'status' | 'created_at'>>>(
      `SELECT id, out_bill_no, status, created_at FROM withdrawal WHERE status = ANY($1) AND updated_at <= $2 ORDER BY id LIMIT 200`,
      [OPEN_WITHDRAWAL_STATES, new Date(now.getTime() - quietMs)],
    );
    for (const w of open) {
      try {
        const state = await this.refresh(w.out_bill_no);
        if (state === null && resubmit) await resubmit(w.id);
        if (state === 'WAIT_USER_CONFIRM' && now.getTime() - new Date(w.created_at).getTime() > CONFIRM_WINDOW_MS) {
          await this.pay.cancelTransferBill(w.out_bill_no);
          await this.refresh(w.out_bill_no);
        }
      } catch (error) {
        this.logger.warn({ msg: 'withdrawal reconcile failed', withdrawalId: w.id, error: (error as Error).message });
        await this.dataSource.query('UPDATE withdrawal SET last_error = $2 WHERE id = $1', [w.id, (error as Error).message.slice(0, 500)]);
      }
    }
    return open.length;
  }
}
