// The demo story of `pnpm start` (issue 15: "店主 … with a cloned shop and some sales history"). Played
// through the product, as people would: 顾客 signs in from 店主's shop (binding per the platform's mode),
// buys a few demo products there and pays each order at the sandbox's cashier; 商家 ships the first one
// and 顾客 confirms receipt. The API's boot seed stays as the tests expect it; this only runs on top.
// Idempotent: it does nothing once 店主's shop has any order. Paying each order before placing the next
// keeps 顾客 under the cap of unpaid orders per buyer.
import { randomBytes } from 'node:crypto';

/** What 顾客 buys in 店主's shop: product titles of the demo seed (apps/api/src/database/seed.ts) and quantities. */
const BASKETS = [
  { title: '云南古树普洱茶 357g', quantity: 1 },
  { title: '秦岭土蜂蜜 500g', quantity: 2 },
  { title: '每日坚果礼盒 30袋', quantity: 1 },
];
const ADDRESS = { name: '顾客', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' };

/**
 * Runs the story against a running API (`apiUrl`, without /api/v1) and WeChat sandbox (`sandboxUrl`).
 * Resolves to `{ placed, skipped? }`: `skipped` says why nothing was done (not the sandbox, no shop, already
 * has sales). Throws on an unexpected answer, with the step in the message; the caller decides what to do.
 */
export async function runDemoStory({ apiUrl, sandboxUrl, waitMs = 30_000 }) {
  const api = async (method, path, { token, body, merchantId } = {}) => {
    const headers = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (merchantId) headers['x-merchant-id'] = String(merchantId);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${apiUrl}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
    return parsed;
  };
  const control = async (method, path, body) => {
    const res = await fetch(`${sandboxUrl}/__sandbox__${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} → ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : undefined;
  };
  const signIn = async (key, binding = {}) => {
    const { code } = await control('POST', `/users/${encodeURIComponent(key)}/login-code`);
    return api('POST', '/auth/wechat/login', { body: { code, ...binding } });
  };
  const until = async (what, probe) => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (await probe()) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };

  const personas = await control('GET', '/personas');
  const key = (role) => personas.find((p) => p.role === role)?.key;
  if (!key('buyer') || !key('distributor') || !key('merchant')) return { placed: 0, skipped: 'the sandbox lists no personas' };

  const keeper = await signIn(key('distributor'));
  // No shop means the API runs without personas (real WeChat) or without the demo seed: nothing to tell.
  if (!keeper.user.shopId) return { placed: 0, skipped: '店主 has no shop (API without personas or demo seed)' };
  const shopOrders = await api('GET', '/shops/mine/orders?page=1&pageSize=1', { token: keeper.token });
  if (shopOrders.total > 0) return { placed: 0, skipped: '店主 already has sales' };

  const shopId = keeper.user.shopId;
  const buyer = await signIn(key('buyer'), { shopId }); // opening the shop's link: binds 顾客 to 店主 if the mode allows
  const shop = await api('GET', `/shops/${shopId}?page=1&pageSize=50`);
  const orders = [];
  for (const basket of BASKETS) {
    const card = shop.products.items.find((p) => p.title === basket.title);
    if (!card) continue; // the merchant took it off sale: buy the others
    const product = await api('GET', `/products/${card.id}`);
    const sku = product.skus.find((s) => s.active && s.stock >= basket.quantity);
    if (!sku) continue;
    const placed = await api('POST', '/orders', {
      token: buyer.token,
      body: { shopId, items: [{ skuId: sku.id, quantity: basket.quantity }], address: ADDRESS, idempotencyKey: `demo_${randomBytes(8).toString('hex')}` },
    });
    for (const order of placed.orders) {
      await api('POST', `/orders/${order.id}/pay`, { token: buyer.token });
      await control('POST', '/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' }); // 确认支付 at the cashier
      await until(`order ${order.id} paid`, async () => (await api('GET', `/orders/${order.id}`, { token: buyer.token })).status === 'paid');
      orders.push(order);
    }
  }
  if (orders.length === 0) return { placed: 0, skipped: 'none of the demo products is on sale in 店主’s shop' };

  // The first order goes all the way: 商家 ships it, 顾客 confirms receipt.
  const merchant = await signIn(key('merchant'));
  const merchantId = merchant.user.merchants.find((m) => m.id === orders[0].merchantId)?.id ?? merchant.user.merchants[0]?.id;
  if (merchantId) {
    await api('POST', `/merchant/orders/${orders[0].id}/ship`, {
      token: merchant.token,
      merchantId,
      body: { carrier: '顺丰速运', trackingNo: `SF${orders[0].id}DEMO` },
    });
    await api('POST', `/orders/${orders[0].id}/confirm-receipt`, { token: buyer.token });
  }
  // Commissions are accrued by an event subscriber after payment: wait until 店主's centre shows them.
  await until('店主’s commission', async () => (await api('GET', '/distributors/me/earnings', { token: keeper.token })).pending > 0);
  return { placed: orders.length };
}
