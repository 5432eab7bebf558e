import { randomInt } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { type WithdrawalView, fenToYuanString, shanghaiDate } from '@shareshop/common';
import { type WechatConfig, WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { walletAndDebt } from '../commission/distributor-debt.js';
import { Invalid, NotFound, Unavailable } from '../domain/errors.js';
import { assertSameRequest, requestHash } from '../http/idempotency.js';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { WECHAT_CONFIG } from '../wechat/wechat.module.js';
import { WithdrawalSettlementService } from './withdrawal-settlement.service.js';
import type { WithdrawalRow } from './withdrawal.rows.js';

/** WeChat requires the payee's real name from 2,000 yuan; we do not collect names, so a single withdrawal stays below. */
export const MAX_SINGLE_WITHDRAWAL = 199_999;
export const TRANSFER_NOTIFY_PATH = '/api/v1/wechat/transfers/notify';

/**
 * POST /distributors/me/withdrawals. Step 1 (one transaction, the wallet account row locked so concurrent
 * requests queue): check the available balance, the minimum and the daily limit, insert the withdrawal with
 * its out_bill_no, and move the amount from the wallet to "withdrawing". Step 2 (after commit): create the
 * transfer bill. An unclear answer (timeout, 5xx) is resolved by querying the same out_bill_no, and only if
 * WeChat has no such bill is it created again with the same number; a clear refusal returns the money.
 *
 * What can be withdrawn is the wallet minus the distributor's debt (commission reversed after it was paid
 * out, see commission-reversal.service.ts). With an idempotency key (as orders take one), a retry after a
 * timeout gets the withdrawal the first request made; the key with another amount is a 422.
 */
@Injectable()
export class WithdrawalService {
  private readonly logger = new Logger('withdrawals');

  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly settings: PlatformSettingsService,
    private readonly settlement: WithdrawalSettlementService,
    private readonly pay: WechatPayClient,
    @Inject(WECHAT_CONFIG) private readonly wechat: WechatConfig | null,
  ) {}

  async request(userId: number, amount: number, idempotencyKey?: string): Promise<WithdrawalView> {
    const hash = requestHash({ amount });
    if (idempotencyKey) {
      const replayed = await this.byKey(this.dataSource.manager, userId, idempotencyKey, hash);
      if (replayed) return this.replay(userId, replayed);
    }
    const { withdrawalMinFen, withdrawalDailyLimitFen } = await this.settings.get();
    if (amount < withdrawalMinFen) throw new Invalid('amount', `最低提现 ${fenToYuanString(withdrawalMinFen)} 元`);
    if (amount > MAX_SINGLE_WITHDRAWAL) throw new Invalid('amount', '单笔提现须低于 2000 元');
    if (!this.wechat) throw new Unavailable('WECHAT_NOT_CONFIGURED', '微信支付未配置，暂不能提现');

    const created = await this.dataSource.transaction(async (em) => {
      await this.ledger.lockAccount(em, Accounts.distributorWallet(userId));
      // a concurrent duplicate waited for the lock above: the first one's withdrawal is committed now
      if (idempotencyKey) {
        const replayed = await this.byKey(em, userId, idempotencyKey, hash);
        if (replayed) return { id: replayed, replay: true };
      }
      const { wallet, debt } = await walletAndDebt(em, this.ledger, userId);
      const available = wallet - debt;
      if (amount > available) {
        throw new Invalid('amount', `可提现余额不足（可提现 ${fenToYuanString(Math.max(0, available))} 元）`, {
          code: 'INSUFFICIENT_BALANCE',
          issue: '可提现余额不足',
        });
      }
      const day = shanghaiDate(new Date());
      const [{ used }] = await em.query<Array<{ used: number }>>(
        `SELECT COALESCE(SUM(amount), 0)::bigint AS used FROM withdrawal WHERE user_id = $1 AND business_date = $2 AND status NOT IN ('failed', 'cancelled')`,
        [userId, day],
      );
      if (Number(used) + amount > withdrawalDailyLimitFen) {
        throw new Invalid('amount', `超出每日提现上限 ${fenToYuanString(withdrawalDailyLimitFen)} 元（今日已提 ${fenToYuanString(Number(used))} 元）`, {
          code: 'DAILY_LIMIT_EXCEEDED',
          issue: '超出每日提现上限',
        });
      }
      const [user] = await em.query<Array<{ openid: string }>>('SELECT openid FROM app_user WHERE id = $1', [userId]);
      const [w] = await em.query<Array<{ id: number }>>(
        'INSERT INTO withdrawal (user_id, amount, out_bill_no, openid, business_date, idempotency_key, request_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        [userId, amount, newOutBillNo(day), user.openid, day, idempotencyKey ?? null, hash],
      );
      await this.ledger.post(em, {
        kind: PostingKinds.withdrawalHeld,
        idempotencyKey: `withdrawal:held:${w.id}`,
        refType: 'withdrawal',
        refId: w.id,
        lines: [
          { account: Accounts.distributorWallet(userId), amount },
          { account: Accounts.distributorWithdrawing(userId), amount: -amount },
        ],
      });
      return { id: w.id, replay: false };
    });
    if (created.replay) return this.replay(userId, created.id);
    await this.submit(created.id);
    return this.get(userId, created.id);
  }

  /** The withdrawal this key made, if any; 422 if it was made for another request. */
  private async byKey(em: EntityManager, userId: number, key: string, hash: string): Promise<number | null> {
    const [w] = await em.query<Array<Pick<WithdrawalRow, 'id' | 'request_hash'>>>(
      'SELECT id, request_hash FROM withdrawal WHERE user_id = $1 AND idempotency_key = $2',
      [userId, key],
    );
    if (!w) return null;
    assertSameRequest(w.request_hash, hash);
    return w.id;
  }

  /** A retried request gets the same withdrawal (an unclear first submission is retried by the sweep and GET). */
  private replay(userId: number, id: number): Promise<WithdrawalView> {
    return this.get(userId, id);
  }

  /** Creates (or re-creates, same out_bill_no) the transfer bill of a `created` withdrawal. Safe to repeat. */
  async submit(withdrawalId: number): Promise<void> {
    const [w] = await this.dataSource.query<WithdrawalRow[]>(`SELECT * FROM withdrawal WHERE id = $1`, [withdrawalId]);
    if (!w || w.status !== 'created') return;
    await this.dataSource.query('UPDATE withdrawal SET attempts = attempts + 1 WHERE id = $1', [w.id]);
    try {
      await this.createBill(w);
    } catch (error) {
      if (error instanceof WechatPayError && error.outcome === 'failed') {
        // WeChat definitely created nothing: the withdrawal fails and the amount goes back to the wallet.
        await this.settlement.failUncreated(w.id, `${error.code}: ${error.message}`);
        return;
      }
      // Unclear (timeout, 5xx, network): the bill may exist. Ask with the same out_bill_no; if WeChat
      // has none, leave it `created` for the sweep to re-submit, never a new number.
      this.logger.warn({ msg: 'transfer bill outcome unknown', withdrawalId: w.id, error: (error as Error).message });
      await this.dataSource.query('UPDATE withdrawal SET last_error = $2 WHERE id = $1', [w.id, (error as Error).message.slice(0, 500)]);
      await this.settlement.refresh(w.out_bill_no).catch(() => null);
      await this.recoverPackageInfo(w.id).catch(() => undefined);
    }
  }

  /**
   * A bill WeChat created whose answer was lost waits for the user, but the query API does not return its
   * package_info, without which wx.requestMerchantTransfer cannot confirm. Repeating the create with the
   * same out_bill_no returns the existing bill, package_info included, and never makes a second transfer.
   */
  async recoverPackageInfo(withdrawalId: number): Promise<void> {
    const [w] = await this.dataSource.query<WithdrawalRow[]>(`SELECT * FROM withdrawal WHERE id = $1`, [withdrawalId]);
    if (!w || w.status !== 'wait_user_confirm' || w.package_info) return;
    await this.createBill(w);
  }

  private async createBill(w: { out_bill_no: string; openid: string; amount: number | string }): Promise<void> {
    const bill = await this.pay.createTransferBill({
      outBillNo: w.out_bill_no,
      openid: w.openid,
      amountFen: Number(w.amount),
      remark: '分享小店佣金提现',
      notifyUrl: this.pay.notifyUrl(TRANSFER_NOTIFY_PATH),
      sceneId: '1005', // 佣金报酬
      sceneReportInfos: [
        { infoType: '岗位类型', infoContent: '分享小店店主' },
        { infoType: '报酬说明', infoContent: '商品销售佣金' },
      ],
    });
    await this.settlement.apply(w.out_bill_no, {
      state: bill.state,
      transfer_bill_no: bill.transferBillNo,
      package_info: bill.packageInfo,
      fail_reason: bill.failReason,
    });
  }

  async get(userId: number, id: number): Promise<WithdrawalView> {
    let [w] = await this.dataSource.query<WithdrawalRow[]>('SELECT * FROM withdrawal WHERE id = $1 AND user_id = $2', [id, userId]);
    if (!w) throw new NotFound('提现单');
    if (w.status === 'wait_user_confirm' && !w.package_info) {
      // the user is about to confirm: try once more to recover the package_info a lost answer carried
      await this.recoverPackageInfo(w.id).catch((e) =>
        this.logger.warn({ msg: 'package_info recovery failed', withdrawalId: w.id, error: (e as Error).message }),
      );
      [w] = await this.dataSource.query<WithdrawalRow[]>('SELECT * FROM withdrawal WHERE id = $1', [id]);
    }
    return this.view(w);
  }

  async list(userId: number, page: number, pageSize: number) {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<WithdrawalRow[]>('SELECT * FROM withdrawal WHERE user_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3', [
        userId,
        pageSize,
        (page - 1) * pageSize,
      ]),
      this.dataSource.query<Array<{ total: number }>>('SELECT count(*)::int AS total FROM withdrawal WHERE user_id = $1', [userId]),
    ]);
    return { items: rows.map((w) => this.view(w)), total, page, pageSize };
  }

  private view(w: WithdrawalRow): WithdrawalView {
    return {
      id: w.id,
      amount: Number(w.amount),
      status: w.status,
      outBillNo: w.out_bill_no,
      packageInfo: w.status === 'wait_user_confirm' ? w.package_info : null,
      mchId: this.wechat?.pay.mchid ?? null,
      appId: this.wechat?.pay.appid ?? null,
      failReason: w.fail_reason,
      createdAt: new Date(w.created_at).toISOString(),
      settledAt: w.settled_at ? new Date(w.settled_at).toISOString() : null,
    };
  }
}

/** 'WD' + Shanghai day + 14 random digits: 24 letters/digits (WeChat allows 5-32), fixed before the first call. */
function newOutBillNo(day: string): string {
  let digits = '';
  for (let i = 0; i < 14; i++) digits += randomInt(10);
  return `WD${day.replaceAll('-', '')}${digits}`;
}
