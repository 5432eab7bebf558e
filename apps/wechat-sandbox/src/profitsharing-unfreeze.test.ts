import type { RunningSandbox } from './types.js';
import { control, pay, prepay, Receiver, start, uniq, v3 } from './testing/helpers.js';

/** Unfreezing when nothing frozen is left: WeChat answers 分账金额不足 instead of releasing 0 fen. */
let sb: RunningSandbox;
let rx: Receiver;
beforeAll(async () => {
  sb = await start({ notifyTimeScale: 0.001 });
  rx = await new Receiver().start();
});
afterAll(async () => {
  await sb.close();
  await rx.close();
});
beforeEach(() => control(sb, 'POST', '/reset'));

async function paid(total: number): Promise<{ txId: string; outTradeNo: string }> {
  const o = await prepay(sb, rx.url, total, { settle_info: { profit_sharing: true } });
  return { txId: (await pay(sb, o.out_trade_no)).transaction.transaction_id, outTradeNo: o.out_trade_no };
}

const unfreeze = (txId: string, out_order_no: string) =>
  v3(sb, 'POST', '/v3/profitsharing/orders/unfreeze', { transaction_id: txId, out_order_no, description: '解冻未分账资金' });

describe('profit sharing unfreeze with nothing left', () => {
  it('a fully refunded payment: 403 NOT_ENOUGH, no order; a partly refunded one releases the rest', async () => {
    const full = await paid(1000);
    const part = await paid(1000);
    for (const [o, amount] of [
      [full, 1000],
      [part, 400],
    ] as const) {
      const r = await v3(sb, 'POST', '/v3/refund/domestic/refunds', {
        out_trade_no: o.outTradeNo,
        out_refund_no: uniq('R'),
        notify_url: rx.url,
        amount: { refund: amount, total: 1000, currency: 'CNY' },
      });
      expect(r.status).toBe(200);
    }
    const no = uniq('F');
    const refused = await unfreeze(full.txId, no);
    expect([refused.status, refused.json.code, refused.json.message]).toEqual([403, 'NOT_ENOUGH', '分账金额不足']);
    expect((await v3(sb, 'GET', `/v3/profitsharing/orders/${no}?transaction_id=${full.txId}`)).status).toBe(404); // nothing was made
    const ok = await unfreeze(part.txId, uniq('F'));
    expect(ok.json).toMatchObject({ state: 'PROCESSING', receivers: [{ amount: 600, description: '解冻给分账方' }] });
  });

  it('an unfrozen payment (by an unfreeze, or at the end of the 30-day freeze): INVALID_REQUEST 分账金额不足; the same number still answers its order', async () => {
    const a = await paid(1000);
    const first = uniq('F');
    const un = await unfreeze(a.txId, first);
    expect(un.status).toBe(200);
    const again = await unfreeze(a.txId, uniq('F'));
    expect([again.status, again.json.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(again.json.message).toMatch(/分账金额不足/);
    expect((await unfreeze(a.txId, first)).json.order_id).toBe(un.json.order_id);

    const b = await paid(1000);
    await control(sb, 'POST', '/clock', { advanceSeconds: 29 * 24 * 3600 });
    expect((await v3(sb, 'GET', `/v3/profitsharing/transactions/${b.txId}/amounts`)).json.unsplit_amount).toBe(1000);
    await control(sb, 'POST', '/clock', { advanceSeconds: 24 * 3600 });
    expect((await v3(sb, 'GET', `/v3/profitsharing/transactions/${b.txId}/amounts`)).json.unsplit_amount).toBe(0);
    const late = await unfreeze(b.txId, uniq('F'));
    expect([late.status, late.json.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(late.json.message).toMatch(/分账金额不足/);
  });
});
