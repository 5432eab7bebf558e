import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip, gzipSync } from 'node:zlib';
import { shanghaiDate, shanghaiDateTime, shanghaiDayStart, yuan } from './clock.js';
import { json, v3Error, type Ctx, type Reply } from './http.js';
import { randomAlnum } from './ids.js';
import type { Sandbox } from './sandbox.js';
import type { Refund, Transaction } from './state.js';

/** WeChat generates day D's bill after 10:00 on D+1 (Asia/Shanghai); before that a day with trades answers STATEMENT_CREATING. */
export const BILL_READY_HOUR = 10;
/** Fee rate shown in the bill: 0.60%, rounded half up per row, in fen. */
export const FEE_PER_MILLE = 6;
const DOWNLOAD_TTL_MS = 5 * 60 * 1000;

const COMMON = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
];
const HEADERS = {
  ALL: [
    ...COMMON,
    '微信退款单号',
    '商户退款单号',
    '退款金额',
    '充值券退款金额',
    '退款类型',
    '退款状态',
    '商品名称',
    '商户数据包',
    '手续费',
    '费率',
    '订单金额',
    '申请退款金额',
    '费率备注',
  ],
  SUCCESS: [...COMMON, '商品名称', '商户数据包', '手续费', '费率', '订单金额', '费率备注'],
  REFUND: [
    ...COMMON,
    '退款申请时间',
    '退款成功时间',
    '微信退款单号',
    '商户退款单号',
    '退款金额',
    '充值券退款金额',
    '退款类型',
    '退款状态',
    '商品名称',
    '商户数据包',
    '手续费',
    '费率',
    '订单金额',
    '申请退款金额',
    '费率备注',
  ],
};
const TOTAL_HEADERS = {
  ALL: ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'],
  SUCCESS: ['总交易单数', '应结订单总金额', '手续费总金额', '订单总金额'],
  REFUND: ['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额'],
};
export type BillType = keyof typeof HEADERS;

const fee = (fen: number): number => Math.floor((fen * FEE_PER_MILLE + 500) / 1000);
const text = (s: string | undefined): string => (s ?? '').replace(/,/g, '，').replace(/[\r\n]/g, ' ');
const row = (cells: Array<string | number>): string => cells.map((c) => '`' + String(c)).join(',');

interface Totals {
  count: number;
  settle: number;
  refund: number;
  fee: number;
  order: number;
  applied: number;
}

/** Build WeChat's trade bill CSV for Asia/Shanghai day `day`; null when the day has no rows. */
export function buildTradeBill(sb: Sandbox, day: string, type: BillType): string | null {
  const start = shanghaiDayStart(day);
  const end = start + 24 * 3600 * 1000;
  const inDay = (ms: number | undefined): boolean => ms !== undefined && ms >= start && ms < end;
  const events: Array<{ at: number; tx: Transaction; refund?: Refund }> = [];
  if (type !== 'REFUND') for (const tx of sb.state.transactions.values()) if (inDay(tx.success_at)) events.push({ at: tx.success_at!, tx });
  if (type !== 'SUCCESS') {
    for (const r of sb.state.refunds.values()) {
      const tx = sb.state.transactions.get(r.out_trade_no);
      if (tx && inDay(r.created_at)) events.push({ at: r.created_at, tx, refund: r });
    }
  }
  if (!events.length) return null;
  events.sort((a, b) => a.at - b.at);
  const t: Totals = { count: 0, settle: 0, refund: 0, fee: 0, order: 0, applied: 0 };
  const lines = [HEADERS[type].join(',')];
  for (const { at, tx, refund } of events) {
    const coupon = tx.total - (tx.payer_total ?? tx.total);
    const common = (time: number, state: string, settle: number, couponAmt: number): Array<string | number> => [
      shanghaiDateTime(time),
      tx.appid,
      tx.mchid,
      '0',
      '',
      tx.transaction_id ?? '',
      tx.out_trade_no,
      tx.openid,
      'JSAPI',
      state,
      'OTHERS',
      'CNY',
      yuan(settle),
      yuan(couponAmt),
    ];
    t.count += 1;
    if (!refund) {
      const f = fee(tx.total);
      t.settle += tx.total;
      t.fee += f;
      t.order += tx.total;
      if (type === 'ALL') {
        lines.push(
          row([
            ...common(at, 'SUCCESS', tx.total, coupon),
            '0',
            '0',
            '0.00',
            '0.00',
            '',
            '',
            text(tx.description),
            text(tx.attach),
            yuan(f),
            '0.60%',
            yuan(tx.total),
            '0.00',
            '',
          ]),
        );
      } else {
        lines.push(row([...common(at, 'SUCCESS', tx.total, coupon), text(tx.description), text(tx.attach), yuan(f), '0.60%', yuan(tx.total), '']));
      }
    } else {
      const f = -fee(refund.refund);
      t.refund += refund.refund;
      t.fee += f;
      t.applied += refund.refund;
      const tail = [
        refund.refund_id,
        refund.out_refund_no,
        yuan(refund.refund),
        '0.00',
        'ORIGINAL',
        refund.status,
        text(tx.description),
        text(tx.attach),
        yuan(f),
        '0.60%',
      ];
      if (type === 'ALL') {
        lines.push(row([...common(at, 'REFUND', 0, 0), ...tail, '0.00', yuan(refund.refund), '']));
      } else {
        const success = refund.success_at !== undefined ? shanghaiDateTime(refund.success_at) : '';
        lines.push(
          row([
            ...common(tx.success_at ?? at, 'REFUND', tx.total, coupon),
            shanghaiDateTime(refund.created_at),
            success,
            ...tail,
            yuan(tx.total),
            yuan(refund.refund),
            '',
          ]),
        );
        t.settle += tx.total;
        t.order += tx.total;
      }
    }
  }
  lines.push(TOTAL_HEADERS[type].join(','));
  const totals =
    type === 'SUCCESS'
      ? [t.count, yuan(t.settle), yuan(t.fee), yuan(t.order)]
      : [t.count, yuan(t.settle), yuan(t.refund), '0.00', yuan(t.fee), yuan(t.order), yuan(t.applied)];
  lines.push(row(totals));
  return lines.join('\r\n') + '\r\n';
}

function tradeBill(sb: Sandbox, ctx: Ctx): Reply {
  const day = ctx.query.get('bill_date') ?? '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(shanghaiDayStart(day))) {
    return v3Error(400, 'PARAM_ERROR', '输入源“/query/bill_date”映射到字段“账单日期”格式校验失败 (yyyy-MM-DD)');
  }
  const type = (ctx.query.get('bill_type') ?? 'ALL') as BillType;
  if (!(type in HEADERS)) return v3Error(400, 'PARAM_ERROR', 'bill_type 仅支持 ALL、SUCCESS、REFUND');
  const tar = ctx.query.get('tar_type');
  if (tar !== null && tar !== 'GZIP') return v3Error(400, 'PARAM_ERROR', 'tar_type 仅支持 GZIP');
  const now = sb.clock.now();
  const today = shanghaiDate(now);
  if (day > today) return v3Error(400, 'PARAM_ERROR', '账单日期不能晚于当前日期');
  if (shanghaiDayStart(day) < now - 92 * 24 * 3600 * 1000) return v3Error(400, 'PARAM_ERROR', '仅支持下载三个月内的账单');
  const readyAt = shanghaiDayStart(day) + (24 + BILL_READY_HOUR) * 3600 * 1000;
  const fixture = sb.state.billFixtures.get(`${day}:${type}`);
  if (now < readyAt) {
    // Like WeChat: a day with trades answers "being generated" (retry about every half hour) until the bill
    // exists; a day without any keeps answering that there is no bill.
    const hasTrades = fixture !== undefined || buildTradeBill(sb, day, 'ALL') !== null;
    if (hasTrades) return v3Error(400, 'STATEMENT_CREATING', '账单生成中');
    return v3Error(400, 'NO_STATEMENT_EXIST', '请求的账单文件不存在');
  }
  if (fixture) {
    const token = randomAlnum(40);
    sb.state.billFiles.set(token, {
      token,
      content: '',
      file: { path: fixture.path, gzip: fixture.gzip },
      gzip: tar === 'GZIP',
      expiresAt: Date.now() + DOWNLOAD_TTL_MS,
    });
    return json(200, { hash_type: 'SHA1', hash_value: fixture.sha1, download_url: `${ctx.baseUrl}/v3/billdownload/file?token=${token}` });
  }
  const csv = buildTradeBill(sb, day, type);
  if (csv === null) return v3Error(400, 'NO_STATEMENT_EXIST', '请求的账单文件不存在');
  const token = randomAlnum(40);
  const content = tar === 'GZIP' ? gzipSync(Buffer.from(csv, 'utf8')).toString('base64') : csv;
  sb.state.billFiles.set(token, { token, content: tar === 'GZIP' ? `gzip:${content}` : content, expiresAt: Date.now() + DOWNLOAD_TTL_MS });
  return json(200, {
    hash_type: 'SHA1',
    hash_value: createHash('sha1').update(csv, 'utf8').digest('hex'),
    download_url: `${ctx.baseUrl}/v3/billdownload/file?token=${token}`,
  });
}

/** Download is a signed merchant request; like WeChat, the response itself is not signed. */
function download(sb: Sandbox, ctx: Ctx): Reply {
  const f = sb.state.billFiles.get(ctx.query.get('token') ?? '');
  if (!f || f.expiresAt < Date.now()) return v3Error(400, 'INVALID_REQUEST', '下载链接不存在或已过期，请重新申请账单');
  if (f.file) {
    const { path, gzip } = f.file;
    const want = f.gzip === true;
    return {
      status: 200,
      unsigned: true,
      headers: { 'Content-Type': want ? 'application/octet-stream' : 'text/plain; charset=utf-8' },
      stream: () => {
        const raw = fs.createReadStream(path, { highWaterMark: 1 << 20 });
        if (gzip === want) return raw;
        return raw.pipe(gzip ? createGunzip() : createGzip());
      },
    };
  }
  if (f.content.startsWith('gzip:')) {
    return { status: 200, unsigned: true, headers: { 'Content-Type': 'application/octet-stream' }, body: Buffer.from(f.content.slice(5), 'base64') };
  }
  return { status: 200, unsigned: true, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: f.content };
}

/**
 * Control API: serve `path` (a bill in WeChat's CSV format, plain or gzip) as the bill of `bill_date`,
 * streamed from disk, for bills too large to build from sandbox payments (the settlement benchmark). The
 * SHA1 of the decompressed content becomes hash_value, as WeChat computes it.
 */
export async function registerBillFixture(sb: Sandbox, day: string, type: string, path: string): Promise<Reply> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return json(400, { error: 'bill_date must be YYYY-MM-DD' });
  if (!(type in HEADERS)) return json(400, { error: 'bill_type must be ALL, SUCCESS or REFUND' });
  if (!path.startsWith('/')) return json(400, { error: 'path must be absolute' });
  let bytes: number;
  try {
    bytes = fs.statSync(path).size;
  } catch {
    return json(400, { error: `no such file: ${path}` });
  }
  const magic = Buffer.alloc(2);
  const fd = fs.openSync(path, 'r');
  const gzip = fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  fs.closeSync(fd);
  const sha1 = createHash('sha1');
  // only trade bills: this is a local control API, not a way to serve any file on the machine
  let head: Buffer | null = Buffer.alloc(0);
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (head !== null) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 16) {
          const text = head.toString('utf8').replace(/^\uFEFF/, '');
          if (!text.startsWith('交易时间,')) return done(new Error('not a WeChat trade bill (its first column must be 交易时间)'));
          head = null;
        }
      }
      done(null, chunk);
    },
  });
  const raw = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    await (gzip ? pipeline(raw, createGunzip(), check, sha1) : pipeline(raw, check, sha1));
  } catch (e) {
    return json(400, { error: (e as Error).message });
  }
  const fixture = { path, gzip, sha1: sha1.digest('hex'), bytes };
  sb.state.billFixtures.set(`${day}:${type}`, fixture);
  return json(201, { bill_date: day, bill_type: type, hash_value: fixture.sha1, gzip, bytes });
}

export function registerBills(sb: Sandbox): void {
  sb.router.add('GET', '/v3/bill/tradebill', 'v3', (c) => tradeBill(sb, c));
  sb.router.add('GET', '/v3/billdownload/file', 'v3', (c) => download(sb, c));
}
