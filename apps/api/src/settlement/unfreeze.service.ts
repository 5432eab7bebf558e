import { Injectable, Logger } from '@nestjs/common';
import { type ProfitSharingOrder, WechatPayClient, WechatPayError } from '@shareshop/wechat';
import { DataSource, type EntityManager } from 'typeorm';
import { PostingKinds } from '../ledger/accounts.js';
import { moveUnfreeze, unfreezeOutcome } from './unfreeze.machine.js';

/** Open unfreezes a payout's refresh sends at most (the rest on the next refresh, so one day cannot stall the tick). */
export const UNFREEZES_PER_REFRESH = 200;

interface UnfreezeRow {
  id: number;
  statement_id: number;
  transaction_id: string;
  out_order_no: string;
}

/** What one unfreeze call (or the query before it) came to. */
export type UnfreezeResult = { kind: 'accepted'; order: ProfitSharingOrder } | { kind: 'unclear' | 'later' | 'nothing_left' | 'refused'; error: Error };

const notFound = (e: unknown): boolean => e instanceof WechatPayError && (e.status === 404 || e.code === 'RESOURCE_NOT_EXISTS');

/**
 * Releases a profit sharing merchant's payments of a business day that no payout part uses (WeChat keeps a
 * payment made with settle_info.profit_sharing frozen until it is shared or unfrozen; the platform cannot use
 * that money meanwhile). One `settlement_unfreeze` row per payment, fixed once per statement (`plan`), each
 * sent once under its own out_order_no `ST<statement>F<seq>` (`POST /v3/profitsharing/orders/unfreeze`):
 *
 * - a try is counted before it is made, so after a first try whose answer was lost (timeout, 5xx, crash)
 *   the next one asks WeChat about the number first (`GET /v3/profitsharing/orders/{out_order_no}`) and only
 *   sends when WeChat does not know it; an unclear answer is never sent twice;
 * - WeChat's "分账金额不足" (fully refunded, already unfrozen, freeze period over) is recorded as
 *   `nothing_left`, any other refusal as `refused`: both final, nothing is retried forever.
 *
 * Who sends: a profit sharing payout sends its statement's rows once all its parts are final and completes
 * only when none is open (profit-sharing.gateway.ts); rows of statements without a payout being followed
 * (nothing due, paid by hand) are sent by `sweep`, which the scheduler tick and the admin refresh run.
 */
@Injectable()
export class UnfreezeService {
  private readonly logger = new Logger('settlement');

  constructor(
    private readonly dataSource: DataSource,
    private readonly pay: WechatPayClient,
  ) {}

  /**
   * Fixes the unfreezes of these statements (set-based, in the caller's transaction): every payment of the
   * statement's merchant and business day (ledger `payment:<transaction_id>` postings crediting its payable)
   * that no part of the statement's payout uses. Once per statement: a statement that has rows gets no more,
   * so numbering (`seq`, by posting id) never shifts under an out_order_no that may have been sent.
   */
  async plan(em: EntityManager, statementIds: number[]): Promise<number> {
    if (!statementIds.length) return 0;
    const [{ n }] = await em.query<Array<{ n: number }>>(
      `WITH planned AS (
       INSERT INTO settlement_unfreeze (statement_id, seq, merchant_id, business_date, transaction_id, out_order_no)
       SELECT x.statement_id, x.seq, x.merchant_id, x.business_date, x.transaction_id, 'ST' || x.statement_id || 'F' || x.seq
       FROM (
         SELECT s.id AS statement_id, s.merchant_id, s.business_date, substr(p.idempotency_key, 9) AS transaction_id,
                row_number() OVER (PARTITION BY s.id ORDER BY p.id) AS seq
         FROM settlement_statement s
         JOIN ledger_account a ON a.code = 'merchant:' || s.merchant_id || ':payable'
         JOIN ledger_posting p ON p.business_date = s.business_date AND p.kind = '${PostingKinds.payment}'
         JOIN ledger_entry e ON e.posting_id = p.id AND e.account_id = a.id AND e.amount < 0
         WHERE s.id = ANY($1::bigint[])
           AND NOT EXISTS (SELECT 1 FROM settlement_unfreeze u WHERE u.statement_id = s.id)
           AND NOT EXISTS (SELECT 1 FROM payout po JOIN payout_part pp ON pp.payout_id = po.id
                           WHERE po.statement_id = s.id AND pp.transaction_id = substr(p.idempotency_key, 9))
       ) x
       ON CONFLICT DO NOTHING
       RETURNING 1)
       SELECT count(*)::int AS n FROM planned`,
      [statementIds],
    );
    return n;
  }

  /**
   * The statements no profit sharing payout follows (step 4 for a batch; a released held statement): a profit
   * sharing merchant's day with nothing to pay (`nothing_due`), or paid by hand (no receiver). Held statements
   * wait for their payout; a profit sharing payout plans its own with its parts.
   */
  async planUnfollowed(where: { batchId: number } | { merchantId: number; day: string }): Promise<number> {
    const [filter, args] =
      'batchId' in where ? ['s.batch_id = $1', [where.batchId]] : ['s.merchant_id = $1 AND s.business_date = $2', [where.merchantId, where.day]];
    const ids: { id: number }[] = await this.dataSource.query(
      `SELECT s.id FROM settlement_statement s JOIN merchant m ON m.id = s.merchant_id LEFT JOIN payout p ON p.statement_id = s.id
       WHERE ${filter} AND m.settlement_mode = 'profit_sharing' AND s.status <> 'held' AND (p.id IS NULL OR p.method = 'manual')`,
      args,
    );
    return this.plan(
      this.dataSource.manager,
      ids.map((r) => r.id),
    );
  }

  /**
   * Sends (or asks about) up to `limit` open unfreezes of a statement; returns how many are still open.
   * A statement planned before this table existed (a payout already processing) is planned here first.
   */
  async syncStatement(statementId: number, limit = UNFREEZES_PER_REFRESH): Promise<number> {
    let rows: UnfreezeRow[] = await this.open('statement_id = $1', [statementId], limit);
    if (!rows.length) {
      const [{ any }] = await this.dataSource.query<Array<{ any: boolean }>>(
        'SELECT EXISTS (SELECT 1 FROM settlement_unfreeze WHERE statement_id = $1) AS any',
        [statementId],
      );
      if (any) return 0;
      if (!(await this.plan(this.dataSource.manager, [statementId]))) return 0;
      rows = await this.open('statement_id = $1', [statementId], limit);
    }
    for (const u of rows) await this.sync(u);
    const [{ n }] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM settlement_unfreeze WHERE statement_id = $1 AND status = 'created'`,
      [statementId],
    );
    return n;
  }

  /**
   * Follows open unfreezes whose statement has no payout in progress (those are its gateway's): nothing-due
   * days, days paid by hand, and lost answers of earlier sweeps. Least recently tried first.
   */
  async sweep(limit = 500): Promise<number> {
    const rows = await this.open(
      `NOT EXISTS (SELECT 1 FROM payout p WHERE p.statement_id = u.statement_id AND p.status IN ('created','processing'))`,
      [],
      limit,
    );
    for (const u of rows) {
      try {
        await this.sync(u);
      } catch (e) {
        this.logger.warn({ msg: 'unfreeze failed', outOrderNo: u.out_order_no, error: (e as Error).message });
      }
    }
    return rows.length;
  }

  /**
   * One unfreeze under a fixed out_order_no. `asked`: an earlier try may have reached WeChat, so it is asked
   * about first and only sent when WeChat does not know it. Never throws for WeChat's answers.
   */
  async unfreezeOnce(transactionId: string, outOrderNo: string, description: string, asked: boolean): Promise<UnfreezeResult> {
    try {
      if (asked) {
        try {
          return { kind: 'accepted', order: await this.pay.queryProfitSharing(transactionId, outOrderNo) };
        } catch (e) {
          if (!notFound(e)) throw e;
        }
      }
      return { kind: 'accepted', order: await this.pay.unfreezeProfitSharing({ transactionId, outOrderNo, description }) };
    } catch (e) {
      return { kind: unfreezeOutcome(e), error: e as Error };
    }
  }

  private open(where: string, args: unknown[], limit: number): Promise<UnfreezeRow[]> {
    return this.dataSource.query(
      `SELECT u.id, u.statement_id, u.transaction_id, u.out_order_no FROM settlement_unfreeze u
       WHERE u.status = 'created' AND ${where} ORDER BY u.updated_at, u.id LIMIT ${Number(limit)}`,
      args,
    );
  }

  private async sync(u: UnfreezeRow): Promise<void> {
    // the try is counted (and committed) before it is made: a try that dies unanswered makes the next one ask
    const [claimed] = await this.dataSource.query<[Array<{ attempts: number }>, number]>(
      `UPDATE settlement_unfreeze SET attempts = attempts + 1, updated_at = now() WHERE id = $1 AND status = 'created' RETURNING attempts`,
      [u.id],
    );
    if (!claimed.length) return; // settled meanwhile by another runner
    const r = await this.unfreezeOnce(u.transaction_id, u.out_order_no, '解冻未分账资金', claimed[0].attempts > 1);
    const em = this.dataSource.manager;
    if (r.kind === 'accepted') {
      const amount = r.order.receivers?.length ? r.order.receivers.reduce((s, x) => s + x.amount, 0) : null;
      await moveUnfreeze(em, u.id, 'created', 'accepted', { wechat_order_id: r.order.order_id ?? null, amount, last_error: null });
      return;
    }
    const message = r.error.message.slice(0, 500);
    if (r.kind === 'unclear' || r.kind === 'later') {
      this.logger.warn({ msg: 'unfreeze not settled; asked again later', outOrderNo: u.out_order_no, error: message, outcome: r.kind });
      await this.dataSource.query('UPDATE settlement_unfreeze SET last_error = $2, updated_at = now() WHERE id = $1', [u.id, message]);
      return;
    }
    const code = r.error instanceof WechatPayError ? r.error.code : null;
    if (r.kind === 'refused')
      this.logger.warn({
        msg: 'unfreeze refused by WeChat; the payment stays frozen until its freeze period ends',
        outOrderNo: u.out_order_no,
        code,
        error: message,
      });
    await moveUnfreeze(em, u.id, 'created', r.kind, { fail_code: code, last_error: message });
  }
}
