import { parseTradeBill } from '@shareshop/wechat';
import { BILL_COPY_COLUMNS, type BillCopyStats, billToCopyText } from './bill-copy.js';
import { type BillRow, toBillRow } from './bill-source.js';

const ALL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const ALL = [
  ALL_HEADER,
  '`2026-11-21 13:51:31,`wx1234567890abcdef,`1900000001,`0,`,`4200001234202611210000000001,`SO20261121AAAA,`oUser1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`12.34,`0.00,`0,`0,`0.00,`0.00,`,`,`连衣裙, 红色,`shop=a,b,`0.07000,`0.60%,`12.34,`0.00,`',
  '`2026-11-21 14:00:00,`wx1234567890abcdef,`1900000001,`0,`,`4200001234202611210000000002,`SO20261121BBBB,`oUser1,`JSAPI,`REVOKED,`OTHERS,`CNY,`5.00,`0.00,`0,`0,`0.00,`0.00,`,`,`帽子,`,`0.03000,`0.60%,`5.00,`0.00,`',
  '`2026-11-21 15:00:02,`wx1234567890abcdef,`1900000001,`0,`,`4200001234202611210000000001,`SO20261121AAAA,`oUser1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300001234202611210000000001,`RF20261121AAAA,`1.15,`0.00,`ORIGINAL,`SUCCESS,`连衣裙, 红色,`,`-0.01000,`0.60%,`0.00,`1.15,`',
  // a refund WeChat lists without our out_refund_no: keyed by its own refund id
  '`2026-11-21 16:00:00,`wx1234567890abcdef,`1900000001,`0,`,`4200001234202611210000000003,`SO20261121CCCC,`oUser1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300001234202611210000000003,`0,`2.00,`0.00,`ORIGINAL,`SUCCESS,`鞋,`,`-0.01000,`0.60%,`0.00,`2.00,`',
  '`2026-11-21 23:59:59,`wx1234567890abcdef,`1900000001,`0,`,`4200001234202611210000000004,`SO2026112\\DDDD,`oUser1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`100000000.00,`0.00,`0,`0,`0.00,`0.00,`,`,`表,`,`0.07000,`0.60%,`100000000.00,`0.00,`',
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`5,`100000017.34,`3.15,`0.00,`0.06000,`100000017.34,`3.15',
  '',
].join('\r\n');

/** What PostgreSQL's COPY would read back from the text, as BillRows. */
function fromCopyText(text: string): BillRow[] {
  const unescape = (v: string) => (v === '\\N' ? null : v.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c));
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const f = Object.fromEntries(line.split('\t').map((v, i) => [BILL_COPY_COLUMNS[i], unescape(v)]));
      return {
        rowKind: f.row_kind as BillRow['rowKind'],
        extId: f.ext_id!,
        transactionId: f.transaction_id!,
        outTradeNo: f.out_trade_no!,
        refundId: f.refund_id ?? null,
        amount: Number(f.amount),
        tradeTime: f.trade_time!,
      };
    });
}

async function convert(bill: string | Buffer, pieceBytes: number, stats?: BillCopyStats): Promise<string> {
  const buf = typeof bill === 'string' ? Buffer.from(bill, 'utf8') : bill;
  async function* pieces() {
    for (let i = 0; i < buf.length; i += pieceBytes) yield buf.subarray(i, i + pieceBytes);
  }
  let out = '';
  for await (const s of billToCopyText(pieces(), stats)) out += s;
  return out;
}

describe('billToCopyText (trade bill → COPY text, streaming)', () => {
  const expected = parseTradeBill(ALL)
    .rows.map(toBillRow)
    .filter((r) => r !== null);

  it.each([1, 3, 7, 64, 1 << 20])('gives the rows parseTradeBill + toBillRow give, in pieces of %i bytes', async (size) => {
    const stats = { rows: 0, lines: 0 };
    const rows = fromCopyText(await convert('\uFEFF' + ALL, size, stats));
    expect(rows).toEqual(expected);
    expect(rows.map((r) => [r.rowKind, r.extId, r.amount])).toEqual([
      ['payment', '4200001234202611210000000001', 1234],
      ['refund', 'RF20261121AAAA', 115],
      ['refund', '50300001234202611210000000003', 200],
      ['payment', '4200001234202611210000000004', 10_000_000_000],
    ]);
    expect(stats).toEqual({ rows: 4, lines: 5 }); // the REVOKED line is read, not kept
  });

  it('reads the kept fields right even when merchant data after them holds ",`" (parseTradeBill refuses the line)', async () => {
    const bill = ALL.replace('`shop=a,b', '`shop=a,`b');
    expect(() => parseTradeBill(bill)).toThrow(/28 fields/);
    expect(fromCopyText(await convert(bill, 64))).toEqual(expected);
  });

  it('escapes what COPY would misread and keeps non-ASCII values intact', async () => {
    const text = await convert(ALL.replace('SO20261121BBBB', 'SO中文\tBBBB').replace('REVOKED', 'SUCCESS'), 5);
    expect(text).toContain('\tSO2026112\\\\DDDD\t'); // backslash escaped
    const rows = fromCopyText(text);
    expect(rows.find((r) => r.transactionId.endsWith('0002'))?.outTradeNo).toBe('SO中文\tBBBB');
    expect(rows.find((r) => r.transactionId.endsWith('0004'))?.outTradeNo).toBe('SO2026112\\DDDD');
  });

  it('reads the REFUND layout (other column order) and lines without backticks', async () => {
    const header =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
    const line =
      '2026-11-21 15:00:02,wx1,1900000001,0,,4200000000000000000000000009,SO9,o1,JSAPI,REFUND,OTHERS,CNY,12.34,0.00,2026-11-21 15:00:02,2026-11-21 15:00:09,503009,RF9,3.21,0.00,ORIGINAL,SUCCESS,x,,-0.02,0.60%,12.34,3.21,';
    const bill = `${header}\n${line}\n`;
    expect(fromCopyText(await convert(bill, 11))).toEqual(parseTradeBill(bill).rows.map(toBillRow));
  });

  it('stops the import on a malformed amount or a truncated line, naming the line', async () => {
    await expect(convert(ALL.replace('`12.34,`0.00,`0,`0', '`12.345,`0.00,`0,`0'), 64)).rejects.toThrow(/line 2: .*whole number of fen/);
    await expect(convert(ALL.replace('`12.34,`0.00,`0,`0', '`1O.00,`0.00,`0,`0'), 64)).rejects.toThrow(/line 2: not a yuan amount/);
    await expect(convert(`${ALL_HEADER}\n\`2026-11-21 13:51:31,\`wx1,\`1900000001,\`0,\`,\`42001,\`SO1,\`o,\`JSAPI,\`SUCCESS\n`, 64)).rejects.toThrow(
      /line 2: 10 fields/,
    );
    await expect(convert('交易时间,公众账号ID\n', 64)).rejects.toThrow(/no column 微信订单号/);
    await expect(convert('', 64)).rejects.toThrow(/empty/);
  });
});
