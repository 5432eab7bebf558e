import type { TestUser } from '../../apps/api/test/fixtures.js';
import { call } from './http.js';
import type { Tenant } from './roles.js';

/**
 * One unit of the tenant's SKU ordered and prepaid by `buyer` through a spawned API (`base` is its
 * `/api/v1` URL), so WeChat's notify_url is that process's port: the set-up of the kill tests. Each step is
 * asserted (201, then 200) as the tests did inline.
 */
export async function placeAndPrepay(base: string, buyer: TestUser, tenant: Tenant, idempotencyKey: string): Promise<{ id: number; outTradeNo: string }> {
  const placed = await call(base, 'POST', '/orders', {
    token: buyer.token,
    body: {
      shopId: tenant.shopId,
      items: [{ skuId: tenant.skuId, quantity: 1 }],
      address: { name: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '1 号' },
      idempotencyKey,
    },
  });
  expect(placed.status).toBe(201);
  const order = placed.body.orders[0];
  expect((await call(base, 'POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
  return { id: order.id, outTradeNo: order.outTradeNo };
}
