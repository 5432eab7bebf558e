import { splitTradeBillLine, yuanTextToFen } from '@shareshop/wechat';

/** The stage columns step 1 COPYs, in this order (business_date is the day partition's default). */
export const BILL_COPY_COLUMNS = ['row_kind', 'ext_id', 'transaction_id', 'out_trade_no', 'refund_id', 'amount', 'trade_time'] as const;

/** Counts what a conversion produced, for the batch's bill_rows and for the log. */
export interface BillCopyStats {
  /** rows written (SUCCESS payments + REFUND rows with an id) */
  rows: number;
  /** detail lines read, whatever their state */
  lines: number;
}

/** The summary block's first header, as it reads in a piece decoded as latin1 (see billToCopyText). */
const SUMMARY_FIRST = Buffer.from('总交易单数', 'utf8').toString('latin1');
const WINDOW = 64 * 1024;
const SEP = ',`';
/** Anything but printable ASCII without the backslash: COPY's separators and escape, or a non-ASCII byte. */
const UNUSUAL = /[^\x20-\x5b\x5d-\x7e]/;

/**
 * A kept value as COPY text. Pieces are decoded as latin1 (see billToCopyText), so anything outside printable
 * ASCII is first decoded as the UTF-8 it really is; backslash, tab and line breaks are escaped.
 */
function copyText(v: string): string {
  if (!UNUSUAL.test(v)) return v;
  const s = /[^\x00-\x7f]/.test(v) ? Buffer.from(v, 'latin1').toString('utf8') : v;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** WeChat writes "0" (or nothing) where a payment row has no refund ids. */
const optId = (v: string): string | null => (v === '' || v === '0' ? null : v);

/**
 * Turns WeChat's trade bill (its CSV as bytes, in pieces of any size) into PostgreSQL COPY text for the stage,
 * one output piece per input piece. The same rules as `parseTradeBill` + `toBillRow` (checked against them in
 * bill-copy.test.ts): columns are found by their Chinese header, so ALL / SUCCESS / REFUND layouts all work;
 * data fields each start with a backtick, so ",`" separates them even when a value holds a comma; SUCCESS rows
 * are payments (amount 应结订单金额), REFUND rows refunds keyed by 商户退款单号 (else 微信退款单号, amount 退款金额);
 * other states move no money and are skipped; the summary block ends the detail. Amounts become fen exactly
 * from the yuan text. A line with the wrong number of fields or a malformed amount stops the import (the
 * COPY runs in the step's transaction, so nothing of a bad bill is kept).
 *
 * Speed (a million rows must parse in about a second): pieces are cut on whole lines and decoded as latin1,
 * i.e. one byte per character. Every delimiter is ASCII and UTF-8 never uses bytes below 0x80 inside a
 * multi-byte character, so positions stay right; the header (Chinese names) and any kept value that is not
 * ASCII are decoded as UTF-8 for real. Only the fields settlement keeps are sliced out: no object per row,
 * and memory stays at about one piece.
 */
export async function* billToCopyText(source: AsyncIterable<Buffer | string>, stats: BillCopyStats = { rows: 0, lines: 0 }): AsyncGenerator<string> {
  let header: string[] | undefined;
  let col: { time: number; tx: number; otn: number; state: number; settle: number; refundId: number; outRefundNo: number; refund: number } | undefined;
  let rest: Buffer = Buffer.alloc(0);
  let lineNo = 0;
  let done = false;
  let starts = new Int32Array(64);
  let upTo = 0;
  let exact = false;

  const handle = (text: string): string => {
    const out: string[] = [];
    let start = 0;
    while (start < text.length && !done) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      let line = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      start = end + 1;
      lineNo += 1;
      if (header === undefined) {
        line = Buffer.from(line, 'latin1').toString('utf8'); // the header names are Chinese: decode it for real
        if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
        if (!line.trim()) continue;
        header = splitTradeBillLine(line).map((h) => h.trim());
        starts = new Int32Array(header.length + 3);
        const at = (name: string, required: boolean): number => {
          const i = header!.indexOf(name);
          if (i < 0 && required) throw new Error(`trade bill has no column ${name}`);
          return i;
        };
        col = {
          time: at('交易时间', true),
          tx: at('微信订单号', true),
          otn: at('商户订单号', true),
          state: at('交易状态', true),
          settle: at('应结订单金额', true),
          refundId: at('微信退款单号', false),
          outRefundNo: at('商户退款单号', false),
          refund: at('退款金额', false),
        };
        // Only the fields up to the last one read are located. Free text that may itself hold ",`" (商品名称,
        // and 商户数据包, which is merchant data) comes after them in all of WeChat's layouts, so it cannot
        // shift them; should it ever come first, every line's field count is checked instead.
        const read = Math.max(...Object.values(col));
        const freeText = Math.min(...['商品名称', '商户数据包'].map((n) => at(n, false)).filter((i) => i >= 0), Infinity);
        exact = freeText < read;
        upTo = exact ? header.length : read;
        continue;
      }
      if (!line.trim()) continue;
      if (line.startsWith(SUMMARY_FIRST)) {
        done = true;
        break;
      }
      stats.lines += 1;
      // WeChat prefixes every field with a backtick; a bill without them (parseTradeBill accepts it) is
      // rewritten to that form so one field accessor serves both
      if (line.charCodeAt(0) !== 96) line = '`' + splitTradeBillLine(line).join(SEP);
      const n = fieldStarts(line, starts, upTo);
      if (exact ? n !== header.length : n <= upTo) throw new Error(`trade bill line ${lineNo}: ${n} fields, header has ${header.length}`);
      const c = col!;
      const field = (i: number): string => line.slice(starts[i]!, starts[i + 1]! - 2).trim();
      const state = field(c.state);
      let kind: string;
      let extId: string;
      let refundId: string | null = null;
      let yuan: string;
      if (state === 'SUCCESS') {
        kind = 'payment';
        extId = field(c.tx);
        yuan = field(c.settle);
      } else if (state === 'REFUND') {
        refundId = c.refundId < 0 ? null : optId(field(c.refundId));
        const outRefundNo = c.outRefundNo < 0 ? null : optId(field(c.outRefundNo));
        const id = outRefundNo ?? refundId;
        if (!id) continue;
        kind = 'refund';
        extId = id;
        const r = c.refund < 0 ? '' : field(c.refund);
        yuan = r === '' ? '0' : r;
      } else {
        continue; // REVOKED and the like: no money moved
      }
      let fen: number;
      try {
        fen = toFen(yuan);
      } catch (e) {
        throw new Error(`trade bill line ${lineNo}: ${(e as Error).message}`, { cause: e });
      }
      const tx = kind === 'payment' ? extId : field(c.tx);
      out.push(
        `${kind}\t${copyText(extId)}\t${copyText(tx)}\t${copyText(field(c.otn))}\t${refundId === null ? '\\N' : copyText(refundId)}\t${fen}\t${copyText(field(c.time))}\n`,
      );
      stats.rows += 1;
    }
    return out.join('');
  };

  for await (const raw of source) {
    if (done) break;
    const piece = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let buf = rest.length ? Buffer.concat([rest, piece]) : piece;
    // Work in windows of ~64 KB of whole lines: the decoded text and its slices then die young (a scavenge
    // frees them) instead of being promoted with a 1 MB piece and piling up until a full GC (the API's RSS
    // grew by ~90 MB during a million-row import with 1 MB windows).
    for (;;) {
      const limit = Math.min(buf.length, WINDOW);
      let cut = limit === buf.length ? buf.lastIndexOf(10) : buf.lastIndexOf(10, limit - 1);
      if (cut < 0 && limit < buf.length) cut = buf.indexOf(10, limit); // a line longer than the window
      if (cut < 0) break;
      const text = handle(buf.toString('latin1', 0, cut + 1));
      buf = buf.subarray(cut + 1);
      if (text) yield text;
      if (done) break;
    }
    rest = Buffer.from(buf); // a copy: do not keep the whole piece alive for its tail
  }
  if (!done && rest.length) {
    const text = handle(rest.toString('latin1'));
    if (text) yield text;
  }
  if (header === undefined) throw new Error('trade bill is empty (no header line)');
}

/**
 * Where the fields of a backtick-form data line start, up to field `upTo`: `starts[i]` is field i's first
 * character and `starts[i + 1] - 2` its end (the ",`" after it, or the end of the line). Returns the number of
 * fields found, at most `upTo + 1`: the rest of the line is not scanned.
 */
function fieldStarts(line: string, starts: Int32Array, upTo: number): number {
  let n = 0;
  let pos = 1;
  for (;;) {
    starts[n++] = pos;
    const next = line.indexOf(SEP, pos);
    if (next < 0) {
      starts[n] = line.length + 2;
      return n;
    }
    if (n > upTo) {
      starts[n] = next + 2;
      return n;
    }
    pos = next + 2;
  }
}

/** "12.34" → 1234 without floats; anything unusual goes through the strict general parser. */
function toFen(yuan: string): number {
  const dot = yuan.length - 3;
  if (dot > 0 && dot <= 13 && yuan.charCodeAt(dot) === 46 && /^\d+\.\d\d$/.test(yuan)) {
    return Number(yuan.slice(0, dot)) * 100 + Number(yuan.slice(dot + 1));
  }
  return yuanTextToFen(yuan);
}
