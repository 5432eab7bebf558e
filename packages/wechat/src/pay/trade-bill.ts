import { yuanTextToFen } from './money.js';

export interface TradeBillRow {
  /** 交易时间, Asia/Shanghai wall time "YYYY-MM-DD HH:mm:ss" (payment success, or refund request time). */
  tradeTime: string;
  appid: string;
  mchid: string;
  /** 特约商户号; "0" for an ordinary merchant. */
  subMchid: string;
  deviceInfo: string;
  transactionId: string;
  outTradeNo: string;
  openid: string;
  tradeType: string;
  /** SUCCESS, REFUND, REVOKED, … */
  tradeState: string;
  bankType: string;
  currency: string;
  /** 应结订单金额 */
  settlementTotalFen: number;
  /** 代金券金额 */
  couponFen: number;
  /** 订单金额 */
  totalFen: number | undefined;
  refundId: string | undefined;
  outRefundNo: string | undefined;
  /** 退款金额 */
  refundFen: number | undefined;
  /** 充值券退款金额 */
  couponRefundFen: number | undefined;
  /** 申请退款金额 */
  requestedRefundFen: number | undefined;
  refundType: string | undefined;
  refundStatus: string | undefined;
  refundApplyTime: string | undefined;
  refundSuccessTime: string | undefined;
  /** 商品名称 */
  description: string;
  /** 商户数据包 */
  attach: string;
  /** 手续费 in yuan text (WeChat gives 5 decimals, so it is not a whole number of fen). */
  feeText: string;
  feeRate: string;
}

export interface TradeBillSummary {
  totalCount: number;
  settlementTotalFen: number;
  refundFen: number | undefined;
  couponRefundFen: number | undefined;
  feeText: string;
  totalFen: number | undefined;
  requestedRefundFen: number | undefined;
}

export interface TradeBill {
  rows: TradeBillRow[];
  summary: TradeBillSummary | undefined;
}

const SUMMARY_HEADER_FIRST = '总交易单数';

/**
 * Splits one line. Data fields each start with a backtick, so ",`" separates them even if a value has commas.
 * Exported for streaming readers of the bill (apps/api settlement), so both read a line the same way.
 */
export function splitTradeBillLine(line: string): string[] {
  if (line.startsWith('`')) return line.slice(1).split(',`');
  return line.split(',').map((f) => f.replace(/^`/, ''));
}

/**
 * Parses a v3 trade bill (ALL, SUCCESS or REFUND; columns are located by their Chinese header, so any of the
 * three layouts works). Money becomes integer fen, parsed from text without floats.
 */
export function parseTradeBill(csv: string | Buffer): TradeBill {
  const text = (typeof csv === 'string' ? csv : csv.toString('utf8')).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) return { rows: [], summary: undefined };
  const header = splitTradeBillLine(lines[0]!).map((h) => h.trim());
  const col = (fields: string[], name: string): string | undefined => {
    const i = header.indexOf(name);
    return i < 0 ? undefined : (fields[i] ?? '').trim();
  };
  const req = (fields: string[], name: string, lineNo: number): string => {
    const v = col(fields, name);
    if (v === undefined) throw new Error(`trade bill has no column ${name}`);
    if (fields.length !== header.length) throw new Error(`trade bill line ${lineNo}: ${fields.length} fields, header has ${header.length}`);
    return v;
  };
  const optFen = (v: string | undefined) => (v === undefined || v === '' ? undefined : yuanTextToFen(v));
  const optId = (v: string | undefined) => (v === undefined || v === '' || v === '0' ? undefined : v);
  const optText = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

  const rows: TradeBillRow[] = [];
  let summary: TradeBillSummary | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(SUMMARY_HEADER_FIRST)) {
      const sHeader = splitTradeBillLine(line).map((h) => h.trim());
      const values = lines[i + 1] ? splitTradeBillLine(lines[i + 1]!) : [];
      const s = (name: string) => {
        const idx = sHeader.indexOf(name);
        return idx < 0 ? undefined : values[idx]?.trim();
      };
      summary = {
        totalCount: Number(s('总交易单数') ?? '0'),
        settlementTotalFen: optFen(s('应结订单总金额')) ?? 0,
        refundFen: optFen(s('退款总金额')),
        couponRefundFen: optFen(s('充值券退款总金额')),
        feeText: s('手续费总金额') ?? '',
        totalFen: optFen(s('订单总金额')),
        requestedRefundFen: optFen(s('申请退款总金额')),
      };
      break;
    }
    const f = splitTradeBillLine(line);
    const n = i + 1;
    rows.push({
      tradeTime: req(f, '交易时间', n),
      appid: req(f, '公众账号ID', n),
      mchid: req(f, '商户号', n),
      subMchid: col(f, '特约商户号') ?? '',
      deviceInfo: col(f, '设备号') ?? '',
      transactionId: req(f, '微信订单号', n),
      outTradeNo: req(f, '商户订单号', n),
      openid: col(f, '用户标识') ?? '',
      tradeType: col(f, '交易类型') ?? '',
      tradeState: req(f, '交易状态', n),
      bankType: col(f, '付款银行') ?? '',
      currency: col(f, '货币种类') ?? '',
      settlementTotalFen: yuanTextToFen(req(f, '应结订单金额', n)),
      couponFen: optFen(col(f, '代金券金额')) ?? 0,
      totalFen: optFen(col(f, '订单金额')),
      refundId: optId(col(f, '微信退款单号')),
      outRefundNo: optId(col(f, '商户退款单号')),
      refundFen: optFen(col(f, '退款金额')),
      couponRefundFen: optFen(col(f, '充值券退款金额')),
      requestedRefundFen: optFen(col(f, '申请退款金额')),
      refundType: optText(col(f, '退款类型')),
      refundStatus: optText(col(f, '退款状态')),
      refundApplyTime: optText(col(f, '退款申请时间')),
      refundSuccessTime: optText(col(f, '退款成功时间')),
      description: col(f, '商品名称') ?? '',
      attach: col(f, '商户数据包') ?? '',
      feeText: col(f, '手续费') ?? '',
      feeRate: col(f, '费率') ?? '',
    });
  }
  return { rows, summary };
}
