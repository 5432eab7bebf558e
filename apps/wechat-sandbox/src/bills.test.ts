import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { shanghaiDate } from './clock.js';
import type { RunningSandbox } from './types.js';
import { authorization, control, pay, prepay, Receiver, uniq, v3 } from './testing/helpers.js';
import { sandboxPerFile } from './testing/sandbox-per-file.js';

let sb: RunningSandbox;
let rx: Receiver;
sandboxPerFile((s, r) => ([sb, rx] = [s, r]));

const DAY = 24 * 3600 * 1000;
const D = shanghaiDate(Date.now() - 5 * DAY);
const D1 = shanghaiDate(Date.now() - 4 * DAY);
const D2 = shanghaiDate(Date.now() - 3 * DAY);
const setClock = (iso: string) => control(sb, 'POST', '/clock', { set: iso });

async function bill(day: string, type = 'ALL', tar?: string) {
  const r = await v3(sb, 'GET', `/v3/bill/tradebill?bill_date=${day}&bill_type=${type}${tar ? `&tar_type=${tar}` : ''}`);
  if (r.status !== 200) return { status: r.status, code: r.json.code as string, csv: '', lines: [] as string[][] };
  const url = new URL(r.json.download_url);
  expect(url.pathname).toBe('/v3/billdownload/file');
  const dl = await fetch(url, { headers: { Authorization: authorization(sb.credentials, 'GET', url.pathname + url.search, '') } });
  expect(dl.status).toBe(200);
  expect(dl.headers.get('wechatpay-signature')).toBeNull(); // like WeChat, the file itself is not signed
  const raw = Buffer.from(await dl.arrayBuffer());
  const csv = (tar === 'GZIP' ? gunzipSync(raw) : raw).toString('utf8');
  expect(createHash('sha1').update(csv).digest('hex')).toBe(r.json.hash_value);
  expect(r.json.hash_type).toBe('SHA1');
  const lines = csv
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
  return { status: 200, code: '', csv, lines };
}

describe('trade bill', () => {
  it("contains exactly one Asia/Shanghai day's payments and refunds (23:59:59 vs 00:00:00)", async () => {
    await control(sb, 'POST', '/refunds/auto-complete', { enabled: false });
    await setClock(`${D}T23:59:59+08:00`);
    const late = await prepay(sb, rx.url, 1999);
    await pay(sb, late.out_trade_no);
    await setClock(`${D1}T00:00:00+08:00`);
    const early = await prepay(sb, rx.url, 500);
    await pay(sb, early.out_trade_no);
    await setClock(`${D1}T00:00:05+08:00`);
    const rno = uniq('R');
    const rf = await v3(sb, 'POST', '/v3/refund/domestic/refunds', {
      out_trade_no: late.out_trade_no,
      out_refund_no: rno,
      amount: { refund: 999, total: 1999, currency: 'CNY' },
    });
    expect(rf.status).toBe(200);

    // D's bill exists from 10:00 on D+1
    await setClock(`${D1}T09:59:59+08:00`);
    expect(await bill(D)).toMatchObject({ status: 400, code: 'STATEMENT_CREATING' }); // trades, bill being generated
    await setClock(`${D1}T10:00:00+08:00`);
    const d = await bill(D);
    expect(d.lines[0].slice(0, 3)).toEqual(['交易时间', '公众账号ID', '商户号']);
    expect(d.lines[0]).toHaveLength(27);
    const rows = d.lines.slice(1, -2);
    expect(rows).toHaveLength(1);
    expect(rows[0].every((c) => c.startsWith('`'))).toBe(true);
    const col = (name: string) => d.lines[0].indexOf(name);
    expect(rows[0][col('交易时间')]).toBe(`\`${D} 23:59:59`);
    expect(rows[0][col('商户订单号')]).toBe('`' + late.out_trade_no);
    expect(rows[0][col('交易状态')]).toBe('`SUCCESS');
    expect(rows[0][col('应结订单金额')]).toBe('`19.99');
    expect(rows[0][col('手续费')]).toBe('`0.12');
    expect(d.csv).not.toContain(early.out_trade_no);
    expect(d.lines.at(-2)).toEqual(['总交易单数', '应结订单总金额', '退款总金额', '充值券退款总金额', '手续费总金额', '订单总金额', '申请退款总金额']);
    expect(d.lines.at(-1)).toEqual(['`1', '`19.99', '`0.00', '`0.00', '`0.12', '`19.99', '`0.00']);

    // D+1: the 00:00:00 payment and the refund of D's order
    expect((await bill(D1)).code).toBe('STATEMENT_CREATING'); // not generated yet
    await setClock(`${D2}T10:00:00+08:00`);
    const d1 = await bill(D1);
    const rows1 = d1.lines.slice(1, -2);
    expect(rows1.map((r) => [r[0], r[6], r[9]])).toEqual([
      [`\`${D1} 00:00:00`, '`' + early.out_trade_no, '`SUCCESS'],
      [`\`${D1} 00:00:05`, '`' + late.out_trade_no, '`REFUND'],
    ]);
    const c1 = (name: string) => d1.lines[0].indexOf(name);
    expect(rows1[1][c1('商户退款单号')]).toBe('`' + rno);
    expect(rows1[1][c1('退款金额')]).toBe('`9.99');
    expect(rows1[1][c1('退款状态')]).toBe('`PROCESSING');
    expect(d1.lines.at(-1)).toEqual(['`2', '`5.00', '`9.99', '`0.00', '`-0.03', '`5.00', '`9.99']);

    const success = await bill(D1, 'SUCCESS');
    expect(success.lines.slice(1, -2)).toHaveLength(1);
    expect(success.csv).not.toContain(rno);
    const refunds = await bill(D1, 'REFUND', 'GZIP');
    expect(refunds.lines.slice(1, -2)).toHaveLength(1);
    expect(refunds.csv).toContain(rno);
  });

  it('before D+1 10:00 answers as WeChat does: STATEMENT_CREATING for a day with trades, NO_STATEMENT_EXIST without', async () => {
    const E = shanghaiDate(Date.now() - 20 * DAY);
    const E1 = shanghaiDate(Date.now() - 19 * DAY);
    await setClock(`${E1}T09:00:00+08:00`);
    expect(await bill(E)).toMatchObject({ status: 400, code: 'NO_STATEMENT_EXIST' });
    await setClock(`${E}T12:00:00+08:00`);
    const o = await prepay(sb, rx.url, 300);
    await pay(sb, o.out_trade_no);
    await setClock(`${E1}T09:00:00+08:00`);
    expect(await bill(E)).toMatchObject({ status: 400, code: 'STATEMENT_CREATING' });
    await setClock(`${E1}T10:00:00+08:00`);
    expect((await bill(E)).csv).toContain(o.out_trade_no);
    await control(sb, 'POST', '/clock', { reset: true });
  });

  it('rejects future, not-yet-generated and empty days, and unsigned downloads', async () => {
    const today = shanghaiDate(Date.now());
    const future = shanghaiDate(Date.now() + 2 * DAY);
    expect((await bill(future)).status).toBe(400);
    expect((await bill(today)).code).toBe('NO_STATEMENT_EXIST');
    expect((await bill(D)).code).toBe('NO_STATEMENT_EXIST'); // nothing happened that day
    expect((await v3(sb, 'GET', '/v3/bill/tradebill?bill_date=2026/01/01')).json.code).toBe('PARAM_ERROR');
    await setClock(`${D}T12:00:00+08:00`);
    const o = await prepay(sb, rx.url, 100);
    await pay(sb, o.out_trade_no);
    await control(sb, 'POST', '/clock', { reset: true });
    const r = await v3(sb, 'GET', `/v3/bill/tradebill?bill_date=${D}`);
    expect(r.status).toBe(200);
    const unsigned = await fetch(r.json.download_url);
    expect(unsigned.status).toBe(401);
  });

  it('serves a registered bill file (plain or gzip) streamed, with the SHA1 of the original bill; only trade bills', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-bill-'));
    const csv =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额\r\n' +
      Array.from(
        { length: 5000 },
        (_, i) => `\`${D} 10:00:00,\`wx1,\`1900000001,\`0,\`,\`42${i},\`SO${i},\`o,\`JSAPI,\`SUCCESS,\`OTHERS,\`CNY,\`1.00,\`0.00`,
      ).join('\r\n') +
      '\r\n';
    const gz = path.join(dir, 'bill.csv.gz');
    fs.writeFileSync(gz, gzipSync(csv));
    const reg = await control(sb, 'POST', '/bills/file', { bill_date: D, path: gz });
    expect(reg.status).toBe(201);
    expect(reg.json).toMatchObject({ bill_type: 'ALL', gzip: true, hash_value: createHash('sha1').update(csv).digest('hex') });
    await setClock(`${D1}T10:30:00+08:00`);
    expect((await bill(D, 'ALL', 'GZIP')).csv).toBe(csv); // served as stored
    expect((await bill(D)).csv).toBe(csv); // decompressed on the way when tar_type is not GZIP

    const other = path.join(dir, 'secret.txt');
    fs.writeFileSync(other, 'not a bill, but something else on this machine');
    expect((await control(sb, 'POST', '/bills/file', { bill_date: D, path: other })).status).toBe(400);
    expect((await control(sb, 'POST', '/bills/file', { bill_date: D, path: 'relative.csv' })).status).toBe(400);
    fs.rmSync(dir, { recursive: true });
  });
});
