import type { RunningSandbox } from './types.js';
import { authorization, control, get, start, uniq, v3 } from './testing/helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());
beforeEach(() => control(sb, 'POST', '/reset'));

const order = () => ({
  appid: sb.credentials.appid,
  mchid: sb.credentials.mchid,
  description: 'x',
  out_trade_no: uniq('F'),
  notify_url: 'http://127.0.0.1:9/n',
  amount: { total: 1 },
  payer: { openid: 'oSANDBOX' },
});

describe('fault injection', () => {
  it('fail: the next N matching calls get WeChat 500 SYSTEM_ERROR (signed), then calls work again', async () => {
    const f = await control(sb, 'POST', '/faults', { endpoint: 'POST /v3/pay/transactions', mode: 'fail', count: 2 });
    expect(f.status).toBe(201);
    // other endpoints are unaffected
    expect((await v3(sb, 'GET', '/v3/certificates')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const r = await v3(sb, 'POST', '/v3/pay/transactions/jsapi', order());
      expect([r.status, r.json]).toEqual([500, { code: 'SYSTEM_ERROR', message: '系统错误' }]);
      expect(r.headers.get('wechatpay-signature')).toBeTruthy();
    }
    expect((await v3(sb, 'POST', '/v3/pay/transactions/jsapi', order())).status).toBe(200);
    const calls = (await control(sb, 'GET', '/calls')).json;
    expect(calls.filter((c: { fault?: string }) => c.fault === 'fail')).toHaveLength(2);
  });

  it('error500 answers a bare gateway 500; mini program faults use errcode -1; DELETE clears', async () => {
    await control(sb, 'POST', '/faults', { endpoint: 'GET /v3/certificates', mode: 'error500', count: 5 });
    const r = await v3(sb, 'GET', '/v3/certificates');
    expect(r.status).toBe(500);
    expect(r.json).toBeUndefined();
    await control(sb, 'POST', '/faults', { endpoint: 'GET /cgi-bin/token', mode: 'fail', count: 1 });
    const t = await get(sb, `/cgi-bin/token?grant_type=client_credential&appid=${sb.credentials.appid}&secret=${sb.credentials.appSecret}`);
    expect(t.json.errcode).toBe(-1);
    expect((await control(sb, 'GET', '/faults')).json).toHaveLength(1);
    await control(sb, 'DELETE', '/faults');
    expect((await v3(sb, 'GET', '/v3/certificates')).status).toBe(200);
    expect((await control(sb, 'POST', '/faults', { endpoint: 'GET /x', mode: 'explode' })).status).toBe(400);
  });

  it('timeout: the response hangs past the client timeout while the request still takes effect (unless applied:false)', async () => {
    await control(sb, 'POST', '/faults', { endpoint: 'POST /v3/pay/transactions/jsapi', mode: 'timeout', count: 2, delayMs: 2000 });
    const send = (body: unknown) => {
      const s = JSON.stringify(body);
      return fetch(sb.baseUrl + '/v3/pay/transactions/jsapi', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: authorization(sb.credentials, 'POST', '/v3/pay/transactions/jsapi', s) },
        body: s,
        signal: AbortSignal.timeout(200),
      });
    };
    const o = order();
    const started = Date.now();
    await expect(send(o)).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const q = await v3(sb, 'GET', `/v3/pay/transactions/out-trade-no/${o.out_trade_no}?mchid=${sb.credentials.mchid}`);
    expect(q.json.trade_state).toBe('NOTPAY'); // the prepay happened even though the client saw a timeout

    await control(sb, 'POST', '/faults', { endpoint: 'POST /v3/pay/transactions/jsapi', mode: 'timeout', count: 1, delayMs: 2000, applied: false });
    // the first fault still has one use left; drain it, then the applied:false one
    await expect(send(order())).rejects.toThrow();
    const o2 = order();
    await expect(send(o2)).rejects.toThrow();
    const q2 = await v3(sb, 'GET', `/v3/pay/transactions/out-trade-no/${o2.out_trade_no}?mchid=${sb.credentials.mchid}`);
    expect(q2.json.code).toBe('ORDER_NOT_EXIST');
  });
});
