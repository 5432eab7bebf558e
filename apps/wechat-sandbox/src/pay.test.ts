import type { RunningSandbox } from './types.js';
import { control, decrypt, get, pay, prepay, Receiver, uniq, v3, waitFor } from './testing/helpers.js';
import { sandboxPerFile } from './testing/sandbox-per-file.js';
import { RESULT_URL_JS } from './redirect.js';

let sb: RunningSandbox;
let rx: Receiver;
sandboxPerFile((s, r) => ([sb, rx] = [s, r]));

const query = (no: string) => v3(sb, 'GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${sb.credentials.mchid}`);

describe('JSAPI payment', () => {
  it('prepay -> complete -> TRANSACTION.SUCCESS notify that decrypts with the APIv3 key and verifies', async () => {
    const { out_trade_no, prepay_id, openid } = await prepay(sb, rx.url, 1999, { attach: 'shop=abc' });
    expect(prepay_id).toMatch(/^wx\d{14}[0-9a-f]+$/);
    expect((await query(out_trade_no)).json).toMatchObject({ trade_state: 'NOTPAY', out_trade_no, amount: { total: 1999 } });
    expect((await query(out_trade_no)).json.transaction_id).toBeUndefined();

    const done = await pay(sb, out_trade_no, { payer_total: 1899 });
    const n = await waitFor(() => rx.received[0]);
    expect(rx.received).toHaveLength(1);
    expect(n.json).toMatchObject({ id: done.notification_id, event_type: 'TRANSACTION.SUCCESS', resource_type: 'encrypt-resource', summary: '支付成功' });
    expect(n.json.create_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    expect(n.json.resource).toMatchObject({ algorithm: 'AEAD_AES_256_GCM', original_type: 'transaction', associated_data: 'transaction' });
    expect(rx.verify(sb.credentials, n)).toEqual({ ok: true, serial: sb.credentials.publicKeyId });
    const tx = JSON.parse(decrypt(sb.credentials.apiV3Key, n.json.resource));
    expect(tx).toMatchObject({
      appid: sb.credentials.appid,
      mchid: sb.credentials.mchid,
      out_trade_no,
      trade_state: 'SUCCESS',
      trade_type: 'JSAPI',
      attach: 'shop=abc',
      payer: { openid },
      amount: { total: 1999, payer_total: 1899, currency: 'CNY' },
    });
    expect(tx.transaction_id).toMatch(/^4200\d{24}$/);
    const q = (await query(out_trade_no)).json;
    expect(q).toMatchObject({ trade_state: 'SUCCESS', transaction_id: tx.transaction_id, success_time: tx.success_time });
    const byId = await v3(sb, 'GET', `/v3/pay/transactions/id/${tx.transaction_id}?mchid=${sb.credentials.mchid}`);
    expect(byId.json.out_trade_no).toBe(out_trade_no);
    // the delivery log recorded the attempt
    const d = (await control(sb, 'GET', '/deliveries')).json;
    expect(d).toEqual([
      expect.objectContaining({ notification_id: n.json.id, url: rx.url, event: 'TRANSACTION.SUCCESS', attempt: 1, status: 200, kind: 'scheduled' }),
    ]);
  });

  it('signs notifies with the platform certificate in certificate mode', async () => {
    await control(sb, 'POST', '/signing-mode', { mode: 'certificate' });
    const { out_trade_no } = await prepay(sb, rx.url);
    await pay(sb, out_trade_no);
    const n = await waitFor(() => rx.received[0]);
    expect(rx.verify(sb.credentials, n)).toEqual({ ok: true, serial: sb.credentials.platformSerialNo });
  });

  it('USER_CANCELLED leaves the order NOTPAY and sends nothing', async () => {
    const { out_trade_no, prepay_id } = await prepay(sb, rx.url);
    const r = await control(sb, 'POST', '/payments/complete', { prepay_id, result: 'USER_CANCELLED' });
    expect(r.status).toBe(200);
    expect((await query(out_trade_no)).json.trade_state).toBe('NOTPAY');
    await new Promise((res) => setTimeout(res, 50));
    expect(rx.received).toHaveLength(0);
  });

  it('validates prepay fields and out_trade_no reuse', async () => {
    const c = sb.credentials;
    const base = {
      appid: c.appid,
      mchid: c.mchid,
      description: 'x',
      out_trade_no: uniq('T'),
      notify_url: rx.url,
      amount: { total: 100 },
      payer: { openid: 'oSANDBOX' },
    };
    const bad = async (over: Record<string, unknown>) => (await v3(sb, 'POST', '/v3/pay/transactions/jsapi', { ...base, ...over })).json.code;
    expect(await bad({ amount: { total: 0 } })).toBe('PARAM_ERROR');
    expect(await bad({ amount: { total: 1.5 } })).toBe('PARAM_ERROR');
    expect(await bad({ amount: { total: '100' } })).toBe('PARAM_ERROR');
    expect(await bad({ payer: {} })).toBe('PARAM_ERROR');
    expect(await bad({ description: '' })).toBe('PARAM_ERROR');
    expect(await bad({ notify_url: 'not a url' })).toBe('PARAM_ERROR');
    expect(await bad({ out_trade_no: 'a' })).toBe('PARAM_ERROR');
    expect(await bad({ appid: 'wx0000000000000000' })).toBe('APPID_MCHID_NOT_MATCH');
    expect(await bad({ mchid: '1900000001' })).toBe('PARAM_ERROR');

    const first = await v3(sb, 'POST', '/v3/pay/transactions/jsapi', base);
    const same = await v3(sb, 'POST', '/v3/pay/transactions/jsapi', base);
    expect(same.json.prepay_id).toBe(first.json.prepay_id);
    const diff = await v3(sb, 'POST', '/v3/pay/transactions/jsapi', { ...base, amount: { total: 101 } });
    expect([diff.status, diff.json.code]).toEqual([400, 'INVALID_REQUEST']);
    await pay(sb, base.out_trade_no);
    const paid = await v3(sb, 'POST', '/v3/pay/transactions/jsapi', base);
    expect([paid.status, paid.json.code]).toEqual([400, 'ORDERPAID']);
  });

  it('close: 204, then CLOSED; paid orders cannot be closed; unknown orders 404', async () => {
    const { out_trade_no } = await prepay(sb, rx.url);
    const close = (no: string) => v3(sb, 'POST', `/v3/pay/transactions/out-trade-no/${no}/close`, { mchid: sb.credentials.mchid });
    const r = await close(out_trade_no);
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect((await query(out_trade_no)).json.trade_state).toBe('CLOSED');
    expect((await control(sb, 'POST', '/payments/complete', { out_trade_no, result: 'SUCCESS' })).status).toBe(409);
    const p = await prepay(sb, rx.url);
    await pay(sb, p.out_trade_no);
    expect((await close(p.out_trade_no)).json.code).toBe('ORDERPAID');
    expect((await close('NOPE0001')).status).toBe(404);
    expect((await query('NOPE0001')).json.code).toBe('ORDER_NOT_EXIST');
  });
});

describe('cashier page', () => {
  it('shows merchant and amount in yuan, with confirm/cancel buttons wired to the control API', async () => {
    const { prepay_id } = await prepay(sb, rx.url, 12345);
    const r = await get(sb, `/cashier?prepay_id=${prepay_id}&redirect=${encodeURIComponent('http://localhost:10086/#/pages/pay/result')}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('¥</small>123.45');
    expect(r.text).toContain('确认支付');
    expect(r.text).toContain('取消');
    expect(r.text).toContain(sb.credentials.mchid);
    expect(r.text).toContain('/__sandbox__/payments/complete');
    // back to the page with result=success|cancel|fail where a hash-router page reads it (redirect.ts)
    expect(r.text).toContain(RESULT_URL_JS);
    expect(r.text).toContain('模拟支付失败');
    expect(r.text).toContain("fail:'PAYERROR'");
    expect((await get(sb, '/cashier?prepay_id=wxnope')).text).toContain('订单不存在');
    const dash = await get(sb, '/');
    expect(dash.text).toContain('最近请求');
    expect(dash.text).toContain('通知投递');
  });
});
