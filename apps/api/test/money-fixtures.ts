import { CommissionReleaseService } from '../src/commission/commission-release.service.js';
import { EventsService } from '../src/events/events.service.js';
import { type CommerceWorld, createMerchant, createProduct, placeOrder } from './commerce-fixtures.js';
import { createUser, type TestUser } from './fixtures.js';
import { until } from './polling.js';

/**
 * A distributor whose wallet holds `available` fen, earned the way the product earns it (needs the WeChat
 * sandbox): a merchant (default 10% level-1 rate) lists a product at 10 × `available`, the distributor
 * clones the shop, a buyer orders and pays, the merchant ships, the buyer confirms receipt, and the release
 * sweep runs after the 7-day after-sale window.
 */
export async function fundedDistributor(w: CommerceWorld, available: number): Promise<TestUser> {
  const m = await createMerchant(w, '佣金来源');
  const mh = { token: m.owner.token, headers: { 'x-merchant-id': String(m.id) } };
  const p = await createProduct(w, m, [{ price: available * 10, stock: 10 }], { images: ['https://img.example.com/p.png'] });
  const distributor = await createUser(w.t, '分销员');
  const shop = await w.t.request('POST', '/shops/clone', { token: distributor.token, body: { fromShopId: m.shopId } });
  if (shop.status !== 200) throw new Error(`clone: ${JSON.stringify(shop.body)}`);
  const buyer = await createUser(w.t, '买家');
  const placed = await placeOrder(w, buyer, shop.body.id, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
  if (placed.status !== 201) throw new Error(`order: ${JSON.stringify(placed.body)}`);
  const order = placed.body.orders[0];
  await w.t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token });
  await w.t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    () => w.t.request('GET', `/orders/${order.id}`, { token: buyer.token }),
    (r) => r.body.status === 'paid',
  );
  await w.t.request('POST', `/merchant/orders/${order.id}/ship`, { ...mh, body: { carrier: '顺丰速运', trackingNo: `SF${order.id}0003` } });
  await w.t.request('POST', `/orders/${order.id}/confirm-receipt`, { token: buyer.token });
  const events = w.t.api.app.get(EventsService);
  const release = w.t.api.app.get(CommissionReleaseService);
  await until(
    'commission released',
    async () => {
      await events.kick();
      await release.releaseDue(new Date(Date.now() + 8 * 86_400_000));
      return (await w.t.request('GET', '/distributors/me/earnings', { token: distributor.token })).body;
    },
    (e) => e.available === available,
  );
  return distributor;
}
