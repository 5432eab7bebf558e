import type { RunningSandbox } from './types.js';
import { control, decrypt, pay, prepay, Receiver, uniq, v3, waitFor } from './testing/helpers.js';
import { sandboxPerFile } from './testing/sandbox-per-file.js';

let sb: RunningSandbox;
let rx: Receiver;
sandboxPerFile((s, r) => ([sb, rx] = [s, r]));

const refund = (out_trade_no: string, amount: number, out_refund_no = uniq('R'), total = 1000) =>
  v3(sb, 'POST', '/v3/refund/domestic/refunds', {
    out_trade_no,
    out_refund_no,
    reason: '买家退货',
    notify_url: rx.url,
    amount: { refund: amount, total, currency: 'CNY' },
  });
const events = () =>
  rx.received
    .filter((r) => r.json.event_type.startsWith('REFUND.'))
    .map((r) => [r.json.event_type, JSON.parse(decrypt(sb.credentials.apiV3Key, r.json.resource))]);

async function paidOrder(total = 1000) {
  const o = await prepay(sb, rx.url, total);
  await pay(sb, o.out_trade_no);
  await waitFor(() => rx.received.length >= 1);
  rx.received.length = 0;
  return o;
}

describe('refunds', () => {
  it('caps refunds at the paid amount minus earlier refunds', async () => {
    await control(sb, 'POST', '/refunds/auto-complete', { enabled: false });
    const { out_trade_no } = await paidOrder(1000);
    const a = await refund(out_trade_no, 600);
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ status: 'PROCESSING', out_trade_no, amount: { refund: 600, total: 1000, currency: 'CNY' }, channel: 'ORIGINAL' });
    expect(a.json.refund_id).toMatch(/^50\d{27}$/);
    const tooMuch = await refund(out_trade_no, 401);
    expect([tooMuch.status, tooMuch.json.code]).toEqual([400, 'INVALID_REQUEST']);
    expect((await refund(out_trade_no, 400)).status).toBe(200);
    expect((await refund(out_trade_no, 1)).json.code).toBe('INVALID_REQUEST');
    const q = await v3(sb, 'GET', `/v3/pay/transactions/out-trade-no/${out_trade_no}?mchid=${sb.credentials.mchid}`);
    expect(q.json.trade_state).toBe('REFUND');
  });

  it('is idempotent on out_refund_no and checks the order amount', async () => {
    await control(sb, 'POST', '/refunds/auto-complete', { enabled: false });
    const { out_trade_no } = await paidOrder(1000);
    const no = uniq('R');
    const a = await refund(out_trade_no, 300, no);
    const b = await refund(out_trade_no, 300, no);
    expect(b.json.refund_id).toBe(a.json.refund_id);
    // the retry did not consume more: 700 is still refundable
    expect((await refund(out_trade_no, 700)).status).toBe(200);
    expect((await refund(out_trade_no, 200, no)).json.code).toBe('INVALID_REQUEST');
    const other = await paidOrder(1000);
    expect((await refund(other.out_trade_no, 100, uniq('R'), 999)).json.code).toBe('PARAM_ERROR');
    const unpaid = await prepay(sb, rx.url, 1000);
    expect((await refund(unpaid.out_trade_no, 100)).status).toBe(404);
    const missing = await v3(sb, 'GET', '/v3/refund/domestic/refunds/NOPE');
    expect([missing.status, missing.json.code]).toEqual([404, 'RESOURCE_NOT_EXISTS']);
  });

  it('PROCESSING refunds succeed on their own and notify REFUND.SUCCESS', async () => {
    const { out_trade_no } = await paidOrder(1000);
    const no = uniq('R');
    await refund(out_trade_no, 250, no);
    await waitFor(() => rx.received.length >= 1, 3000);
    const [[event, res]] = events();
    expect(event).toBe('REFUND.SUCCESS');
    expect(res).toMatchObject({ out_refund_no: no, out_trade_no, refund_status: 'SUCCESS', mchid: sb.credentials.mchid, amount: { refund: 250, total: 1000 } });
    expect(rx.received[0].json.resource.original_type).toBe('refund');
    expect(rx.verify(sb.credentials, rx.received[0]).ok).toBe(true);
    const q = await v3(sb, 'GET', `/v3/refund/domestic/refunds/${no}`);
    expect(q.json.status).toBe('SUCCESS');
    expect(q.json.success_time).toMatch(/\+08:00$/);
  });

  it('ABNORMAL is not final and still holds the money; CLOSED gives it back', async () => {
    await control(sb, 'POST', '/refunds/auto-complete', { enabled: false });
    const { out_trade_no } = await paidOrder(1000);
    const a = uniq('R');
    await refund(out_trade_no, 1000, a);
    expect((await control(sb, 'POST', `/refunds/${a}/result`, { status: 'ABNORMAL' })).json.status).toBe('ABNORMAL');
    expect((await refund(out_trade_no, 1)).json.code).toBe('INVALID_REQUEST'); // abnormal still holds the money
    expect((await control(sb, 'POST', `/refunds/${a}/result`, { status: 'CLOSED' })).json.status).toBe('CLOSED');
    expect((await control(sb, 'POST', `/refunds/${a}/result`, { status: 'SUCCESS' })).status).toBe(409);
    await waitFor(() => rx.received.length >= 2);
    expect(events().map(([e, r]) => [e, r.refund_status])).toEqual([
      ['REFUND.ABNORMAL', 'ABNORMAL'],
      ['REFUND.CLOSED', 'CLOSED'],
    ]);
    const again = await refund(out_trade_no, 1000);
    expect(again.status).toBe(200);
  });
});
