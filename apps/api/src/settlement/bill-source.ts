import fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { type TradeBillRow, WechatPayClient, WechatPayError } from '@shareshop/wechat';

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

/** WeChat answered that there is no bill for the day: not generated yet, or no trades that day. */
export class BillUnavailableError extends Error {}

/**
 * Where step 1 gets the bill. Rows come in chunks so a large bill can be streamed into PostgreSQL
 * instead of held whole; the WeChat implementation below is bounded by WechatPayClient.tradeBill, which
 * parses the whole file in memory (see settlement.md, "Scale").
 */
export abstract class TradeBillSource {
  abstract chunks(day: string): AsyncIterable<BillChunk>;
}

/** Parsed rows, or raw bill lines (WeChat's CSV, whole lines only) that step 1 parses inside PostgreSQL. */
export type BillChunk = BillRow[] | { header: string; csv: Buffer };

/** SUCCESS rows are payments and REFUND rows refunds; other states (REVOKED…) move no money. */
export function toBillRow(r: TradeBillRow): BillRow | null {
  if (r.tradeState === 'SUCCESS') {
    return { rowKind: 'payment', extId: r.transactionId, transactionId: r.transactionId, outTradeNo: r.outTradeNo, refundId: null, amount: r.settlementTotalFen, tradeTime: r.tradeTime };
  }
  if (r.tradeState === 'REFUND') {
    const extId = r.outRefundNo ?? r.refundId;
    if (!extId) return null;
    return { rowKind: 'refund', extId, transactionId: r.transactionId, outTradeNo: r.outTradeNo, refundId: r.refundId ?? null, amount: r.refundFen ?? 0, tradeTime: r.tradeTime };
  }
  return null;
}

const CHUNK = 5000;

@Injectable()
export class WechatTradeBillSource extends TradeBillSource {
  constructor(private readonly pay: WechatPayClient) {
    super();
  }

  async *chunks(day: string): AsyncIterable<BillChunk> {
    let bill;
    try {
      bill = await this.pay.tradeBill(day, 'ALL');
    } catch (e) {
      if (e instanceof WechatPayError && e.code === 'NO_STATEMENT_EXIST') throw new BillUnavailableError(e.message);
      throw e;
    }
    const rows = bill.rows;
    for (let i = 0; i < rows.length; i += CHUNK) {
      yield rows.slice(i, i + CHUNK).map(toBillRow).filter((r): r is BillRow => r !== null);
    }
  }
}

/**
 * Streams a trade bill file (WeChat's CSV, as downloaded) as pieces of whole lines (~1 MB each) for step 1
 * to parse set-based inside PostgreSQL. Pieces stay Buffers (off the JavaScript heap, freed as soon as sent)
 * and no object is made per row, so a million-row bill costs almost no memory in the API process. The
 * stream's iterator only reads on when asked, so nothing is read ahead while a piece is being stored.
 */
export async function* tradeBillFileChunks(file: string, pieceBytes = 1 << 20): AsyncIterable<BillChunk> {
  const stream = fs.createReadStream(file, { highWaterMark: pieceBytes });
  const summaryMark = Buffer.from('\n总交易单数');
  let header: string | undefined;
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      let buf = rest.length ? Buffer.concat([rest, piece]) : piece;
      if (header === undefined) {
        const nl = buf.indexOf(10);
        if (nl < 0) {
          rest = buf;
          continue;
        }
        header = buf.subarray(0, nl).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
        buf = buf.subarray(nl + 1);
      }
      const summary = buf.subarray(0, summaryMark.length - 1).equals(summaryMark.subarray(1)) ? 0 : buf.indexOf(summaryMark);
      if (summary >= 0) {
        if (summary > 0) yield { header, csv: buf.subarray(0, summary) };
        return;
      }
      const cut = buf.lastIndexOf(10);
      rest = Buffer.from(buf.subarray(cut + 1)); // a copy: do not keep the whole piece alive for its tail
      if (cut > 0) yield { header, csv: buf.subarray(0, cut) };
    }
    if (header !== undefined && rest.toString('utf8').trim()) yield { header, csv: rest };
  } finally {
    stream.destroy();
  }
}
