import type { RunningSandbox } from './types.js';
import { control, decrypt, Receiver, start, uniq, v3, waitFor } from './testing/helpers.js';
import { sandboxPerFile } from './testing/sandbox-per-file.js';

let sb: RunningSandbox;
let rx: Receiver;
let openid: string;
sandboxPerFile((s, r) => ([sb, rx] = [s, r]));
beforeEach(async () => {
  openid = (await control(sb, 'POST', '/users/bob/login-code')).json.openid;
});

const B = '/v3/fund-app/mch-transfer/transfer-bills';
const bill = (over: Record<string, unknown> = {}) => ({
  appid: sb.credentials.appid,
  out_bill_no: uniq('W'),
  transfer_scene_id: '1005',
  openid,
  transfer_amount: 1234,
  transfer_remark: '分享小店佣金提现',
  notify_url: rx.url,
  user_recv_perception: '劳务报酬',
  transfer_scene_report_infos: [
    { info_type: '岗位类型', info_content: '分销员' },
    { info_type: '报酬说明', info_content: '销售佣金' },
  ],
  ...over,
});
const query = (no: string) => v3(sb, 'GET', `${B}/out-bill-no/${no}`);
const finished = () =>
  rx.received.filter((r) => r.json.event_type === 'MCHTRANSFER.BILL.FINISHED').map((r) => JSON.parse(decrypt(sb.credentials.apiV3Key, r.json.resource)));

describe('transfer bills (2025 商家转账)', () => {
  it('creates WAIT_USER_CONFIRM with package_info, idempotent on out_bill_no; confirm -> SUCCESS + notify', async () => {
    const body = bill();
    const a = await v3(sb, 'POST', B, body);
    expect(a.status).toBe(200);
    expect(a.json).toEqual({
      out_bill_no: body.out_bill_no,
      transfer_bill_no: expect.stringMatching(/^\d{40}$/),
      create_time: expect.stringMatching(/\+08:00$/),
      state: 'WAIT_USER_CONFIRM',
      package_info: expect.any(String),
    });
    const again = await v3(sb, 'POST', B, body);
    expect(again.json.transfer_bill_no).toBe(a.json.transfer_bill_no);
    const changed = await v3(sb, 'POST', B, { ...body, transfer_amount: 999 });
    expect([changed.status, changed.json.code]).toEqual([400, 'INVALID_REQUEST']);

    const c = await control(sb, 'POST', `/transfers/${body.out_bill_no}/confirm`);
    expect(c.json.state).toBe('TRANSFERING');
    await waitFor(() => finished().length === 1, 3000);
    expect(finished()[0]).toMatchObject({
      out_bill_no: body.out_bill_no,
      transfer_bill_no: a.json.transfer_bill_no,
      state: 'SUCCESS',
      transfer_amount: 1234,
      openid,
      mch_id: sb.credentials.mchid,
    });
    expect(rx.received[0].json.resource.original_type).toBe('mch_payment');
    expect(rx.verify(sb.credentials, rx.received[0]).ok).toBe(true);
    const q = await query(body.out_bill_no);
    expect(q.json).toMatchObject({ state: 'SUCCESS', transfer_amount: 1234, appid: sb.credentials.appid });
    expect((await v3(sb, 'GET', `${B}/transfer-bill-no/${a.json.transfer_bill_no}`)).json.out_bill_no).toBe(body.out_bill_no);
    // a finished bill is still returned for the same out_bill_no, never re-created
    expect((await v3(sb, 'POST', B, body)).json).toMatchObject({ state: 'SUCCESS', transfer_bill_no: a.json.transfer_bill_no });
    expect((await control(sb, 'POST', `/transfers/${body.out_bill_no}/confirm`)).status).toBe(409);
  });

  it('reject -> FAIL, cancel -> CANCELLED, each with a final notify', async () => {
    const r = bill();
    await v3(sb, 'POST', B, r);
    expect((await control(sb, 'POST', `/transfers/${r.out_bill_no}/reject`, { fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' })).json.state).toBe('FAIL');
    const c = bill();
    await v3(sb, 'POST', B, c);
    const cancel = await v3(sb, 'POST', `${B}/out-bill-no/${c.out_bill_no}/cancel`);
    expect(cancel.json.state).toBe('CANCELING');
    await waitFor(() => finished().length === 2, 3000);
    expect(finished().map((f) => [f.out_bill_no, f.state])).toEqual([
      [r.out_bill_no, 'FAIL'],
      [c.out_bill_no, 'CANCELLED'],
    ]);
    expect(finished()[0].fail_reason).toBe('PAYEE_ACCOUNT_ABNORMAL');
    expect((await query(c.out_bill_no)).json.state).toBe('CANCELLED');
    expect((await v3(sb, 'POST', `${B}/out-bill-no/${r.out_bill_no}/cancel`)).json.code).toBe('INVALID_REQUEST');
    expect((await query('NOPE0001')).status).toBe(404);
  });

  it('unconfirmed bills close after 24 hours (sandbox clock or scaled timer)', async () => {
    const a = bill();
    await v3(sb, 'POST', B, a);
    await control(sb, 'POST', '/clock', { advanceSeconds: 23 * 3600 });
    expect((await query(a.out_bill_no)).json.state).toBe('WAIT_USER_CONFIRM');
    await control(sb, 'POST', '/clock', { advanceSeconds: 3600 });
    expect((await query(a.out_bill_no)).json).toMatchObject({ state: 'CANCELLED', fail_reason: 'TRANSFER_TIMEOUT' });
    await waitFor(() => finished().length === 1);
    expect((await control(sb, 'POST', `/transfers/${a.out_bill_no}/confirm`)).status).toBe(409);

    const fast = await start({ notifyTimeScale: 0.00001 }); // 24 h -> 864 ms
    try {
      const b = { ...bill(), appid: fast.credentials.appid };
      await v3(fast, 'POST', B, b);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await v3(fast, 'GET', `${B}/out-bill-no/${b.out_bill_no}`)).json.state).toBe('CANCELLED');
    } finally {
      await fast.close();
    }
  });

  it('validates amounts, names and scene report infos', async () => {
    const code = async (over: Record<string, unknown>) => (await v3(sb, 'POST', B, bill(over))).json.code;
    expect(await code({ transfer_amount: 9 })).toBe('INVALID_REQUEST');
    expect(await code({ transfer_amount: 10.5 })).toBe('PARAM_ERROR');
    expect(await code({ transfer_amount: 200000 })).toBe('PARAM_ERROR');
    expect((await v3(sb, 'POST', B, bill({ transfer_amount: 200000, user_name: 'ENCRYPTED' }))).status).toBe(200);
    expect(await code({ transfer_scene_report_infos: [] })).toBe('PARAM_ERROR');
    expect(await code({ out_bill_no: 'has-dash' })).toBe('PARAM_ERROR');
    expect(await code({ appid: 'wx0000000000000000' })).toBe('PARAM_ERROR');
    expect(await code({ transfer_remark: 'x'.repeat(33) })).toBe('PARAM_ERROR');
  });
});
