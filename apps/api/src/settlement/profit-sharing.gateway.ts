import { Injectable, Logger } from '@nestjs/common';
import { WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import type { CompletePayout, PayoutGateway, PayoutRecord } from './payout.gateway.js';
import { movePayout } from './payout.machine.js';

/** WeChat's default cap: at most 30% of a transaction can be shared out. */
export const PROFIT_SHARING_MAX_BPS = 3000;
/** Parts per payout: one profit sharing order per transaction, the largest transactions first. */
const MAX_PARTS = 50;

interface Part {
  seq: number;
  transaction_id: string;
  out_order_no: string;
  amount: number;
  status: 'created' | 'processing' | 'finished' | 'failed';
}

/**
 * Pays a merchant through WeChat profit sharing (分账) from the day's own payments. Each transaction can carry
 * at most 30% of its amount, so the payout is split over the merchant's largest transactions of D, one
 * profit sharing order each (out_order_no `ST<statement>P<seq>`, fixed before the first send), with
 * unfreeze_unsplit so the rest of each transaction is released to the platform. Whatever the cap leaves
 * (and any part WeChat refuses) becomes the payout's manual_amount: the platform pays it by hand from the
 * released funds, and the payout completes when an admin marks it paid. Results are asynchronous
 * (PROCESSING → FINISHED); `refresh` queries them.
 */
@Injectable()
export class ProfitSharingPayoutGateway implements PayoutGateway {
  readonly method = 'profit_sharing' as const;
  private readonly logger = new Logger('settlement');

  constructor(private readonly dataSource: DataSource, private readonly pay: WechatPayClient) {}

  async send(payout: PayoutRecord, complete: CompletePayout): Promise<void> {
    if (payout.status === 'created') await this.plan(payout);
    await this.refresh(payout, complete);
  }

  async refresh(payout: PayoutRecord, complete: CompletePayout): Promise<void> {
    const receiver = await this.receiver(payout.merchantId);
    const parts: Part[] = await this.dataSource.query('SELECT * FROM payout_part WHERE payout_id = $1 ORDER BY seq', [payout.id]);
    for (const part of parts) {
      if (part.status === 'finished' || part.status === 'failed') continue;
      part.status = await this.sync(payout, part, receiver);
    }
    if (parts.some((p) => p.status === 'created' || p.status === 'processing')) return;
    const failed = parts.filter((p) => p.status === 'failed').reduce((s, p) => s + p.amount, 0);
    await this.dataSource.transaction(async (em) => {
      const [cur] = await em.query('SELECT status, manual_amount FROM payout WHERE id = $1 FOR UPDATE', [payout.id]);
      if (cur.status !== 'processing') return;
      const manual = cur.manual_amount + failed;
      if (manual > 0) await movePayout(em, payout.id, 'processing', 'awaiting_manual', { manual_amount: manual });
      else await complete(em, payout, 'processing');
    });
  }

  /** Fixes the parts (and so every out_order_no) once, in the transaction that moves the payout to processing. */
  private async plan(payout: PayoutRecord): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const [cur] = await em.query('SELECT status FROM payout WHERE id = $1 FOR UPDATE', [payout.id]);
      if (cur.status !== 'created') return;
      const txs: { transaction_id: string; amount: number }[] = await em.query(
        `SELECT substr(p.idempotency_key, 9) AS transaction_id, -e.amount AS amount
         FROM ledger_posting p JOIN ledger_entry e ON e.posting_id = p.id JOIN ledger_account a ON a.id = e.account_id
         WHERE p.business_date = $1 AND p.idempotency_key LIKE 'payment:%' AND a.code = $2 AND e.amount < 0
         ORDER BY e.amount ASC, p.id LIMIT ${MAX_PARTS}`,
        [payout.businessDate, `merchant:${payout.merchantId}:payable`],
      );
      let remaining = payout.amount;
      const parts: Array<[number, string, string, number]> = [];
      for (const tx of txs) {
        if (remaining <= 0) break;
        const take = Math.min(remaining, Math.floor((tx.amount * PROFIT_SHARING_MAX_BPS) / 10_000));
        if (take <= 0) continue;
        parts.push([parts.length + 1, tx.transaction_id, `ST${payout.statementId}P${parts.length + 1}`, take]);
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
        await movePayout(em, payout.id, 'created', 'awaiting_manual', { manual_amount: payout.amount });
        payout.status = 'awaiting_manual';
      }
    });
  }

  /** Query first (an earlier send may have reached WeChat without us knowing), create only if WeChat has none. */
  private async sync(payout: PayoutRecord, part: Part, receiver: { receiver_type: 'MERCHANT_ID' | 'PERSONAL_OPENID'; account: string }): Promise<Part['status']> {
    try {
      let order;
      try {
        order = await this.pay.queryProfitSharing(part.transaction_id, part.out_order_no);
      } catch (e) {
        if (!(e instanceof WechatPayError && (e.status === 404 || e.code === 'RESOURCE_NOT_EXISTS'))) throw e;
        order = await this.pay.createProfitSharing({
          transactionId: part.transaction_id,
          outOrderNo: part.out_order_no,
          receivers: [{ type: receiver.receiver_type, account: receiver.account, amountFen: part.amount, description: `${payout.businessDate} 结算` }],
          unfreezeUnsplit: true,
        });
      }
      const result = order.receivers?.find((r) => r.account === receiver.account)?.result;
      const status: Part['status'] = order.state === 'FINISHED' ? (result === 'SUCCESS' ? 'finished' : 'failed') : 'processing';
      await this.savePart(this.dataSource.manager, payout.id, part.seq, status, order.order_id);
      return status;
    } catch (e) {
      const definite = e instanceof WechatPayError && e.outcome === 'failed';
      this.logger.warn({ msg: 'profit sharing part not sent', payoutId: payout.id, outOrderNo: part.out_order_no, error: (e as Error).message, definite });
      await this.dataSource.query('UPDATE payout SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE id = $1', [payout.id, (e as Error).message.slice(0, 500)]);
      if (!definite) return part.status; // unclear: the next run queries the same out_order_no
      await this.savePart(this.dataSource.manager, payout.id, part.seq, 'failed', null);
      return 'failed';
    }
  }

  private async savePart(em: EntityManager, payoutId: number, seq: number, status: Part['status'], orderId: string | null): Promise<void> {
    await em.query('UPDATE payout_part SET status = $3, wechat_order_id = COALESCE($4, wechat_order_id), updated_at = now() WHERE payout_id = $1 AND seq = $2', [payoutId, seq, status, orderId]);
  }

  /** Adds the merchant as a receiver once (WeChat requires it before the first share). */
  private async receiver(merchantId: number): Promise<{ receiver_type: 'MERCHANT_ID' | 'PERSONAL_OPENID'; account: string }> {
    const [r] = await this.dataSource.query('SELECT receiver_type, account, added_at FROM settlement_receiver WHERE merchant_id = $1', [merchantId]);
    if (!r) throw new Error(`merchant ${merchantId} has no profit sharing receiver`);
    if (!r.added_at) {
      await this.pay.addProfitSharingReceiver({ type: r.receiver_type, account: r.account, relationType: 'SUPPLIER' });
      await this.dataSource.query('UPDATE settlement_receiver SET added_at = now() WHERE merchant_id = $1', [merchantId]);
    }
    return r;
  }
}
