import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ProfitSharingOrder, WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { PostingKinds } from '../ledger/accounts.js';
import type { CompletePayout, PayoutGateway, PayoutRecord } from './payout.gateway.js';
import { movePayout } from './payout.machine.js';
import { failurePolicy, isFinalPart, movePart, type PartStatus, partOutOrderNo, partUnfreezeNo } from './payout-part.machine.js';
import { UnfreezeService } from './unfreeze.service.js';

/** WeChat's default cap: at most 30% of a transaction can be shared out. */
export const PROFIT_SHARING_MAX_BPS = 3000;
/** Parts per payout: one profit sharing order per transaction, the largest transactions first. */
const MAX_PARTS = 50;

interface Part {
  seq: number;
  transaction_id: string;
  out_order_no: string;
  amount: number;
  status: PartStatus;
  attempt: number;
  retry_at: Date | null;
  /** set before the first unfreeze try: from then on WeChat is asked about it before it is sent again */
  unfreeze_out_order_no: string | null;
  unfreeze_status: 'accepted' | 'refused' | null;
}

interface Receiver {
  receiver_type: 'MERCHANT_ID' | 'PERSONAL_OPENID';
  account: string;
}

/** A WeChat answer that settles nothing: the same out_order_no is asked about (or sent) again later. */
const unclear = (e: unknown): boolean => !(e instanceof WechatPayError && e.outcome === 'failed' && !e.retryable);

/**
 * Pays a merchant through WeChat profit sharing (分账) from the day's own payments. Each transaction can carry
 * at most 30% of its amount, so the payout is split over the merchant's largest transactions of D, one part
 * (one profit sharing order at a time) per transaction, fixed before the first send. Whatever the cap leaves
 * becomes the payout's manual_amount: the platform pays it by hand and an admin marks the payout paid.
 *
 * Orders are created with unfreeze_unsplit=false, so a transaction stays frozen (and shareable) until its part
 * is final. A part WeChat closes (receiver result CLOSED, e.g. ACCOUNT_ABNORMAL) or refuses is sent again
 * after a backoff as a new attempt with its own out_order_no (`…R<n>`), at most SETTLEMENT_PS_MAX_ATTEMPTS
 * attempts; reasons WeChat says not to retry go to manual at once (payout-part.machine.ts). A new attempt is
 * only made after WeChat said the previous one failed, and every send queries its out_order_no first, so an
 * attempt whose answer was lost is found, never repeated: a part is paid at most once. Once a part is final
 * (finished, or failed for good) its transaction's unshared remainder is released with an explicit unfreeze
 * (/v3/profitsharing/orders/unfreeze, out_order_no `…U`, idempotent). The merchant-day's other payments (no
 * part uses them) are fixed with the parts and released once every part is final (unfreeze.service.ts,
 * `ST…F<n>`). The payout completes when every part is final and unfrozen and no other unfreeze is open:
 * succeeded, or awaiting_manual for the cap's remainder plus any failed parts (paid from the released money).
 */
@Injectable()
export class ProfitSharingPayoutGateway implements PayoutGateway {
  readonly method = 'profit_sharing' as const;
  private readonly logger = new Logger('settlement');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pay: WechatPayClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unfreezes: UnfreezeService,
  ) {}

  async send(payout: PayoutRecord, complete: CompletePayout, now = new Date()): Promise<void> {
    if (payout.status === 'created') await this.plan(payout);
    await this.refresh(payout, complete, now);
  }

  async refresh(payout: PayoutRecord, complete: CompletePayout, now = new Date()): Promise<void> {
    if (payout.status !== 'processing') return;
    const receiver = await this.receiver(payout.merchantId);
    const parts: Part[] = await this.dataSource.query('SELECT * FROM payout_part WHERE payout_id = $1 ORDER BY seq', [payout.id]);
    for (const part of parts) {
      if (part.status === 'retry_wait' && part.retry_at && part.retry_at.getTime() <= now.getTime()) await this.nextAttempt(payout, part);
      if (part.status === 'created' || part.status === 'processing') await this.sync(payout, part, receiver, now);
      if (isFinalPart(part.status) && part.unfreeze_status === null) await this.unfreeze(payout, part);
    }
    if (parts.some((p) => !isFinalPart(p.status))) return;
    // no part can use anything more: release the day's other payments (bounded per refresh) before completing
    const openUnfreezes = await this.unfreezes.syncStatement(payout.statementId);
    if (openUnfreezes > 0 || parts.some((p) => p.unfreeze_status === null)) return;
    const failed = parts.filter((p) => p.status === 'failed').reduce((s, p) => s + p.amount, 0);
    await this.dataSource.transaction(async (em) => {
      const [cur] = await em.query<Array<{ status: PayoutRecord['status']; manual_amount: number }>>(
        'SELECT status, manual_amount FROM payout WHERE id = $1 FOR UPDATE',
        [payout.id],
      );
      if (cur.status !== 'processing') return;
      const manual = cur.manual_amount + failed;
      if (manual > 0) await movePayout(em, payout.id, 'processing', 'awaiting_manual', { manual_amount: manual });
      else await complete(em, payout, 'processing');
    });
  }

  /** Fixes the parts (and so every first out_order_no) once, in the transaction that moves the payout to processing. */
  private async plan(payout: PayoutRecord): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [cur] = await em.query<Array<{ status: PayoutRecord['status'] }>>('SELECT status FROM payout WHERE id = $1 FOR UPDATE', [payout.id]);
      payout.status = cur.status;
      if (cur.status !== 'created') return;
      const txs: { transaction_id: string; amount: number }[] = await em.query(
        `SELECT substr(p.idempotency_key, 9) AS transaction_id, -e.amount AS amount
         FROM ledger_posting p JOIN ledger_entry e ON e.posting_id = p.id JOIN ledger_account a ON a.id = e.account_id
         WHERE p.business_date = $1 AND p.kind = '${PostingKinds.payment}' AND a.code = $2 AND e.amount < 0
         ORDER BY e.amount ASC, p.id LIMIT ${MAX_PARTS}`,
        [payout.businessDate, `merchant:${payout.merchantId}:payable`],
      );
      let remaining = payout.amount;
      const parts: Array<[number, string, string, number]> = [];
      for (const tx of txs) {
        if (remaining <= 0) break;
        const take = Math.min(remaining, Math.floor((tx.amount * PROFIT_SHARING_MAX_BPS) / 10_000));
        if (take <= 0) continue;
        const seq = parts.length + 1;
        parts.push([seq, tx.transaction_id, partOutOrderNo(payout.statementId, seq, 1), take]);
        remaining -= take;
      }
      if (parts.length) {
        await em.query(
          `INSERT INTO payout_part (payout_id, seq, transaction_id, out_order_no, amount)
           SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::bigint[])`,
          [payout.id, parts.map((p) => p[0]), parts.map((p) => p[1]), parts.map((p) => p[2]), parts.map((p) => p[3])],
        );
        await movePayout(em, payout.id, 'created', 'processing', { manual_amount: remaining });
        payout.status = 'processing';
      } else {
        // nothing to share from (the scheduler's sweep releases the day's payments: the payout is not followed)
        await movePayout(em, payout.id, 'created', 'awaiting_manual', { manual_amount: payout.amount });
        payout.status = 'awaiting_manual';
      }
      // the day's payments no part uses, fixed with the parts (sent once the parts are final)
      await this.unfreezes.plan(em, [payout.statementId]);
    });
  }

  /**
   * Query first (an earlier send may have reached WeChat without us knowing), create only if WeChat has no
   * such order. Moves the part by what WeChat says; an unclear answer leaves it as it is for the next refresh.
   */
  private async sync(payout: PayoutRecord, part: Part, receiver: Receiver, now: Date): Promise<void> {
    let order: ProfitSharingOrder;
    try {
      try {
        order = await this.pay.queryProfitSharing(part.transaction_id, part.out_order_no);
      } catch (e) {
        if (!(e instanceof WechatPayError && (e.status === 404 || e.code === 'RESOURCE_NOT_EXISTS'))) throw e;
        order = await this.pay.createProfitSharing({
          transactionId: part.transaction_id,
          outOrderNo: part.out_order_no,
          receivers: [{ type: receiver.receiver_type, account: receiver.account, amountFen: part.amount, description: `${payout.businessDate} 结算` }],
          // keep the rest frozen: a closed part can only be sent again while the transaction is not unfrozen
          unfreezeUnsplit: false,
        });
      }
    } catch (e) {
      await this.note(payout.id, part, e);
      if (unclear(e)) return; // the next refresh queries the same out_order_no
      await this.failed(payout, part, (e as WechatPayError).code, now);
      return;
    }
    const result = order.receivers?.find((r) => r.account === receiver.account);
    if (order.state !== 'FINISHED') {
      if (
        part.status === 'created' &&
        (await movePart(this.dataSource.manager, payout.id, part.seq, 'created', 'processing', { wechat_order_id: order.order_id }))
      )
        part.status = 'processing';
      return;
    }
    if (result?.result === 'SUCCESS') {
      if (await movePart(this.dataSource.manager, payout.id, part.seq, part.status, 'finished', { wechat_order_id: order.order_id, fail_reason: null }))
        part.status = 'finished';
      return;
    }
    await this.failed(payout, part, result?.fail_reason ?? 'CLOSED', now);
  }

  /** WeChat said this attempt failed: wait for the next attempt, or give the part to a person. */
  private async failed(payout: PayoutRecord, part: Part, reason: string, now: Date): Promise<void> {
    const policy = failurePolicy(reason);
    const { SETTLEMENT_PS_MAX_ATTEMPTS: maxAttempts, SETTLEMENT_PS_RETRY_SECONDS: base } = this.config.settlement;
    if (policy === 'manual' || part.attempt >= maxAttempts) {
      this.logger.warn({
        msg: 'profit sharing part failed; its amount is left to pay by hand',
        payoutId: payout.id,
        outOrderNo: part.out_order_no,
        reason,
        attempt: part.attempt,
      });
      if (await movePart(this.dataSource.manager, payout.id, part.seq, part.status, 'failed', { fail_reason: reason })) part.status = 'failed';
      return;
    }
    if (policy === 'readd_receiver') await this.dataSource.query('UPDATE settlement_receiver SET added_at = NULL WHERE merchant_id = $1', [payout.merchantId]);
    const retryAt = new Date(now.getTime() + base * 1000 * 2 ** (part.attempt - 1));
    this.logger.warn({
      msg: 'profit sharing part closed by WeChat; sending it again later',
      payoutId: payout.id,
      outOrderNo: part.out_order_no,
      reason,
      retryAt,
    });
    if (await movePart(this.dataSource.manager, payout.id, part.seq, part.status, 'retry_wait', { fail_reason: reason, retry_at: retryAt })) {
      part.status = 'retry_wait';
      part.retry_at = retryAt;
    }
  }

  /** The next attempt gets its own out_order_no, committed before anything is sent under it. */
  private async nextAttempt(payout: PayoutRecord, part: Part): Promise<void> {
    const attempt = part.attempt + 1;
    const outOrderNo = partOutOrderNo(payout.statementId, part.seq, attempt);
    const [, n] = await this.dataSource.query(
      `UPDATE payout_part SET status = 'created', attempt = $4, out_order_no = $5, retry_at = NULL, wechat_order_id = NULL, updated_at = now()
       WHERE payout_id = $1 AND seq = $2 AND status = 'retry_wait' AND attempt = $3`,
      [payout.id, part.seq, part.attempt, attempt, outOrderNo],
    );
    if (n !== 1) return; // another runner made this attempt: the next refresh sees it
    Object.assign(part, { status: 'created', attempt, out_order_no: outOrderNo, retry_at: null });
  }

  /**
   * Releases what the part's transaction did not share. Its out_order_no is recorded before the first try, so
   * a try whose answer was lost is asked about (not sent again) next time. "分账金额不足" (already unfrozen,
   * fully refunded) or another refusal for good is `refused`: WeChat releases the rest by itself at the end of
   * the freeze period anyway; logged, and the payout goes on.
   */
  private async unfreeze(payout: PayoutRecord, part: Part): Promise<void> {
    const outOrderNo = partUnfreezeNo(payout.statementId, part.seq);
    const asked = part.unfreeze_out_order_no !== null;
    if (!asked) {
      await this.dataSource.query('UPDATE payout_part SET unfreeze_out_order_no = $3, updated_at = now() WHERE payout_id = $1 AND seq = $2', [
        payout.id,
        part.seq,
        outOrderNo,
      ]);
      part.unfreeze_out_order_no = outOrderNo;
    }
    const r = await this.unfreezes.unfreezeOnce(part.transaction_id, outOrderNo, '解冻剩余资金', asked);
    if (r.kind !== 'accepted') await this.note(payout.id, part, r.error);
    if (r.kind === 'unclear' || r.kind === 'later') return; // asked about on the next refresh
    const status = r.kind === 'accepted' ? 'accepted' : 'refused';
    await this.dataSource.query(
      'UPDATE payout_part SET unfreeze_status = $3, updated_at = now() WHERE payout_id = $1 AND seq = $2 AND unfreeze_status IS NULL',
      [payout.id, part.seq, status],
    );
    part.unfreeze_status = status;
  }

  private async note(payoutId: number, part: Part, e: unknown): Promise<void> {
    this.logger.warn({ msg: 'profit sharing call failed', payoutId, outOrderNo: part.out_order_no, error: (e as Error).message, unclear: unclear(e) });
    await this.dataSource.query('UPDATE payout SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE id = $1', [
      payoutId,
      (e as Error).message.slice(0, 500),
    ]);
  }

  /** Adds the merchant as a receiver once (WeChat requires it before the first share; again after NO_RELATION). */
  private async receiver(merchantId: number): Promise<Receiver> {
    const [r] = await this.dataSource.query<Array<Receiver & { added_at: Date | null }>>(
      'SELECT receiver_type, account, added_at FROM settlement_receiver WHERE merchant_id = $1',
      [merchantId],
    );
    if (!r) throw new Error(`merchant ${merchantId} has no profit sharing receiver`);
    if (!r.added_at) {
      await this.pay.addProfitSharingReceiver({ type: r.receiver_type, account: r.account, relationType: 'SUPPLIER' });
      await this.dataSource.query('UPDATE settlement_receiver SET added_at = now() WHERE merchant_id = $1', [merchantId]);
    }
    return r;
  }
}
