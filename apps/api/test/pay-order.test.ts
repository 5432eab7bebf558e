// Prepay (POST /orders/:id/pay) against the sandbox: what it asks WeChat Pay for, by merchant.
import { createUser } from './fixtures.js';
import { type CommerceWorld, createMerchant, createProduct, placeOrder, startCommerceApi } from './commerce-fixtures.js';

let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ sandbox: true });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

async function prepaidAtSandbox(settlementMode: 'manual' | 'profit_sharing') {
  const m = await createMerchant(w);
  await w.t.ds.query('UPDATE merchant SET settlement_mode = $2 WHERE id = $1', [m.id, settlementMode]);
  const p = await createProduct(w, m, [{ price: 990, stock: 5 }]);
  const buyer = await createUser(w.t);
  const order = (await placeOrder(w, buyer, m.shopId, [{ skuId: p.skuIds[0]!, quantity: 1 }])).body.orders[0];
  const pay = await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  expect(pay.status).toBe(200);
  const state = (await w.t.control('GET', '/__sandbox__/state')).body as {
    transactions: Array<{ out_trade_no: string; profit_sharing: boolean; amount: { total: number } }>;
  };
  return state.transactions.find((tx) => tx.out_trade_no === order.outTradeNo)!;
}

test('a merchant settled by WeChat profit sharing gets its payments frozen for sharing (settle_info.profit_sharing)', async () => {
  const tx = await prepaidAtSandbox('profit_sharing');
  expect(tx).toMatchObject({ profit_sharing: true, amount: { total: 990 } });
});

test('a merchant settled by hand does not: its payments settle to the platform account as usual', async () => {
  const tx = await prepaidAtSandbox('manual');
  expect(tx).toMatchObject({ profit_sharing: false, amount: { total: 990 } });
});
