import fs from 'node:fs';
import readline from 'node:readline';
import { Injectable } from '@nestjs/common';
import { type TradeBillRow, WechatPayClient, WechatPayError, parseTradeBill } from '@shareshop/wechat';

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
  abstract chunks(day: string): AsyncIterable<BillRow[]>;
}

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

  async *chunks(day: string): AsyncIterable<BillRow[]> {
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
 * Streams a trade bill file (WeChat's CSV, as downloaded) in chunks, parsing each chunk with the same parser
 * as WechatPayClient.tradeBill (header + lines), so memory stays flat whatever the bill's size. Used by the
 * bench, and the way to go when a day's bill no longer fits comfortably in memory.
 */
export async function* tradeBillFileChunks(file: string, chunkLines = CHUNK): AsyncIterable<BillRow[]> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header: string | undefined;
  let batch: string[] = [];
  const flush = () => {
    const rows = parseTradeBill([header!, ...batch].join('\n')).rows.map(toBillRow).filter((r): r is BillRow => r !== null);
    batch = [];
    return rows;
  };
  for await (const line of lines) {
    if (!line.trim()) continue;
    if (header === undefined) {
      header = line.replace(/^\uFEFF/, '');
      continue;
    }
    if (line.startsWith('总交易单数')) break; // the summary: totals, not rows
    batch.push(line);
    if (batch.length >= chunkLines) yield flush();
  }
  if (batch.length) yield flush();
}
