import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { openBillFile, type TradeBillRow, WechatPayClient, WechatPayError } from '@shareshop/wechat';

/** One trade bill row as settlement keeps it: the id the ledger's idempotency key carries, and the amount. */
export interface BillRow {
  rowKind: 'payment' | 'refund';
  /** transaction_id for a payment, out_refund_no (else WeChat's refund id) for a refund */
  extId: string;
  transactionId: string;
  outTradeNo: string;
  refundId: string | null;
  amount: number;
  tradeTime: string;
}

/** WeChat answered NO_STATEMENT_EXIST: it has no bill for the day (no trades). Final: retrying will not change it. */
export class NoStatementError extends Error {}

/** WeChat answered STATEMENT_CREATING: D's bill is being generated (before ~10:00 on D+1); retry in about half an hour. */
export class StatementCreatingError extends Error {}

/**
 * Where step 1 gets D's bill: WeChat's CSV as a byte stream (already decompressed), which step 1 parses as it
 * reads and COPYs into PostgreSQL, so a million-row bill never sits in the API's memory. The caller destroys
 * the stream when done (or on error); implementations free what they hold (a temp file) on close.
 */
export abstract class TradeBillSource {
  abstract open(day: string): Promise<Readable>;
}

/** SUCCESS rows are payments and REFUND rows refunds; other states (REVOKED…) move no money. */
export function toBillRow(r: TradeBillRow): BillRow | null {
  if (r.tradeState === 'SUCCESS') {
    return {
      rowKind: 'payment',
      extId: r.transactionId,
      transactionId: r.transactionId,
      outTradeNo: r.outTradeNo,
      refundId: null,
      amount: r.settlementTotalFen,
      tradeTime: r.tradeTime,
    };
  }
  if (r.tradeState === 'REFUND') {
    const extId = r.outRefundNo ?? r.refundId;
    if (!extId) return null;
    return {
      rowKind: 'refund',
      extId,
      transactionId: r.transactionId,
      outTradeNo: r.outTradeNo,
      refundId: r.refundId ?? null,
      amount: r.refundFen ?? 0,
      tradeTime: r.tradeTime,
    };
  }
  return null;
}

/**
 * The production source: `WechatPayClient.downloadTradeBill` streams the (gzip) file to a temp file and checks
 * WeChat's SHA1 of the original bill before it returns; this reads that file back decompressed and deletes it
 * when the stream closes.
 */
@Injectable()
export class WechatTradeBillSource extends TradeBillSource {
  constructor(private readonly pay: WechatPayClient) {
    super();
  }

  async open(day: string): Promise<Readable> {
    let bill;
    try {
      bill = await this.pay.downloadTradeBill(day, 'ALL');
    } catch (e) {
      if (e instanceof WechatPayError && e.code === 'NO_STATEMENT_EXIST') throw new NoStatementError(e.message);
      if (e instanceof WechatPayError && e.code === 'STATEMENT_CREATING') throw new StatementCreatingError(e.message);
      throw e;
    }
    const stream = bill.open();
    stream.once('close', () => void bill.remove());
    return stream;
  }
}

/** A bill file as WeChat serves it (plain CSV, or gzip), read back in pieces: tests and tools. */
export function tradeBillFileStream(file: string): Readable {
  return openBillFile(file);
}
