import type { RunningSandbox } from './types.js';
import { control, pay, prepay, Receiver, uniq, v3 } from './testing/helpers.js';
import { sandboxPerFile } from './testing/sandbox-per-file.js';

let sb: RunningSandbox;
let rx: Receiver;
sandboxPerFile((s, r) => ([sb, rx] = [s, r]), { notifyTimeScale: 0.001 });

async function paid(total: number, profitSharing = true): Promise<string> {
  const o = await prepay(sb, rx.url, total, { settle_info: { profit_sharing: profitSharing } });
  return (await pay(sb, o.out_trade_no)).transaction.transaction_id;
}

describe('profit sharing', () => {
  it('shares up to 30% of the transaction, asynchronously PROCESSING -> FINISHED, then unfreezes the rest', async () => {
    const c = sb.credentials;
    const txId = await paid(10000);
    const receiver = { type: 'MERCHANT_ID', account: '1900000109', name: '品牌商甲', amount: 2000, description: '商家结算' };
    const order = (out_order_no: string, amount: number, unfreeze_unsplit = false) =>
      v3(sb, 'POST', '/v3/profitsharing/orders', {
        appid: c.appid,
        transaction_id: txId,
        out_order_no,
        receivers: [{ ...receiver, amount }],
        unfreeze_unsplit,
      });

    expect((await order(uniq('P'), 100)).json.code).toBe('INVALID_REQUEST'); // receiver not added yet
    const add = await v3(sb, 'POST', '/v3/profitsharing/receivers/add', {
      appid: c.appid,
      type: 'MERCHANT_ID',
      account: '1900000109',
      name: '品牌商甲',
      relation_type: 'SUPPLIER',
    });
    expect(add.status).toBe(200);

    const no = uniq('P');
    const a = await order(no, 2000);
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({
      transaction_id: txId,
      out_order_no: no,
      state: 'PROCESSING',
      receivers: [{ amount: 2000, result: 'PENDING', account: '1900000109' }],
    });
    expect((await order(no, 2000)).json.order_id).toBe(a.json.order_id); // idempotent
    const over = await order(uniq('P'), 1001); // 2000 + 1001 > 3000
    expect([over.status, over.json.code]).toEqual([400, 'INVALID_REQUEST']);
    expect((await order(uniq('P'), 1000)).status).toBe(200);

    const q = () => v3(sb, 'GET', `/v3/profitsharing/orders/${no}?transaction_id=${txId}`);
    let state = (await q()).json.state;
    for (let i = 0; i < 100 && state !== 'FINISHED'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      state = (await q()).json.state;
    }
    expect(state).toBe('FINISHED');
    expect((await q()).json.receivers[0]).toMatchObject({ result: 'SUCCESS', finish_time: expect.stringMatching(/\+08:00$/) });
    expect((await v3(sb, 'GET', `/v3/profitsharing/transactions/${txId}/amounts`)).json.unsplit_amount).toBe(7000);

    const un = await v3(sb, 'POST', '/v3/profitsharing/orders/unfreeze', { transaction_id: txId, out_order_no: uniq('U'), description: '解冻全部剩余资金' });
    expect(un.json.receivers).toEqual([expect.objectContaining({ type: 'MERCHANT_ID', account: c.mchid, amount: 7000, description: '解冻给分账方' })]);
    expect((await order(uniq('P'), 1)).json.code).toBe('INVALID_REQUEST'); // already unfrozen
    expect((await v3(sb, 'GET', `/v3/profitsharing/orders/NOPE?transaction_id=${txId}`)).status).toBe(404);
  });

  it('refuses orders paid without settle_info.profit_sharing', async () => {
    const txId = await paid(1000, false);
    await v3(sb, 'POST', '/v3/profitsharing/receivers/add', {
      appid: sb.credentials.appid,
      type: 'PERSONAL_OPENID',
      account: 'oX',
      relation_type: 'DISTRIBUTOR',
    });
    const r = await v3(sb, 'POST', '/v3/profitsharing/orders', {
      appid: sb.credentials.appid,
      transaction_id: txId,
      out_order_no: uniq('P'),
      receivers: [{ type: 'PERSONAL_OPENID', account: 'oX', amount: 10, description: '佣金' }],
      unfreeze_unsplit: true,
    });
    expect([r.status, r.json.code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('a receiver WeChat closes takes nothing: the amount stays shareable (retry under a new out_order_no), then unfreeze releases the rest', async () => {
    const c = sb.credentials;
    const txId = await paid(10000);
    await v3(sb, 'POST', '/v3/profitsharing/receivers/add', { appid: c.appid, type: 'PERSONAL_OPENID', account: 'oShop', relation_type: 'SUPPLIER' });
    const share = (out_order_no: string, amount: number) =>
      v3(sb, 'POST', '/v3/profitsharing/orders', {
        appid: c.appid,
        transaction_id: txId,
        out_order_no,
        receivers: [{ type: 'PERSONAL_OPENID', account: 'oShop', amount, description: '结算' }],
        unfreeze_unsplit: false,
      });
    const finished = async (no: string) => {
      for (let i = 0; i < 100; i++) {
        const q = await v3(sb, 'GET', `/v3/profitsharing/orders/${no}?transaction_id=${txId}`);
        if (q.json.state === 'FINISHED') return q.json;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`${no} never finished`);
    };

    expect((await control(sb, 'POST', '/profit-sharing/fail-next', { fail_reason: 'NOPE' })).status).toBe(400);
    expect((await control(sb, 'POST', '/profit-sharing/fail-next', { account: 'oShop', fail_reason: 'ACCOUNT_ABNORMAL' })).status).toBe(201);
    expect((await share('S1', 3000)).status).toBe(200);
    expect((await finished('S1')).receivers[0]).toMatchObject({ result: 'CLOSED', fail_reason: 'ACCOUNT_ABNORMAL', finish_time: expect.any(String) });
    expect((await v3(sb, 'GET', `/v3/profitsharing/transactions/${txId}/amounts`)).json.unsplit_amount).toBe(10000);

    // the same 30% again, as a new request (the closed one's number would just return the closed order)
    expect((await share('S1', 3000)).json.receivers[0].result).toBe('CLOSED');
    expect((await share('S1R2', 3000)).status).toBe(200);
    expect((await finished('S1R2')).receivers[0]).toMatchObject({ result: 'SUCCESS', amount: 3000 });

    // an unfreeze needs its own out_order_no; repeating it is the same request; afterwards nothing can be shared
    const reuse = await v3(sb, 'POST', '/v3/profitsharing/orders/unfreeze', { transaction_id: txId, out_order_no: 'S1R2', description: '解冻剩余资金' });
    expect([reuse.status, reuse.json.code]).toEqual([400, 'PARAM_ERROR']);
    const un = await v3(sb, 'POST', '/v3/profitsharing/orders/unfreeze', { transaction_id: txId, out_order_no: 'S1U', description: '解冻剩余资金' });
    expect(un.json).toMatchObject({ state: 'PROCESSING', receivers: [{ account: c.mchid, amount: 7000, description: '解冻给分账方' }] });
    expect(
      (await v3(sb, 'POST', '/v3/profitsharing/orders/unfreeze', { transaction_id: txId, out_order_no: 'S1U', description: '解冻剩余资金' })).json.order_id,
    ).toBe(un.json.order_id);
    expect((await finished('S1U')).receivers[0].result).toBe('SUCCESS');
    expect((await share('S2', 1)).json.code).toBe('INVALID_REQUEST');
    expect(
      (await v3(sb, 'POST', '/v3/profitsharing/orders/unfreeze', { transaction_id: txId, out_order_no: 'S2U', description: '解冻剩余资金' })).json.code,
    ).toBe('INVALID_REQUEST');
  });
});
