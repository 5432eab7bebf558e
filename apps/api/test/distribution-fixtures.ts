import { randomBytes } from 'node:crypto';
import type { UpdatePlatformSettingsBody } from '@shareshop/common';
import { EventsService } from '../src/events/events.service.js';
import { Accounts } from '../src/ledger/accounts.js';
import { LedgerService } from '../src/ledger/ledger.service.js';
import { publishOrderCompleted, publishOrdersPaid, publishOrderReceived, publishOrderRefunded } from '../src/orders/order-effects.js';
import { PlatformSettingsService } from '../src/platform/settings.service.js';
import { type CommerceWorld, startCommerceApi } from './commerce-fixtures.js';
import { createUser, type TestUser } from './fixtures.js';

/**
 * Distribution tests change platform-wide settings (levels, cap, binding mode), so each file gets a
 * database of its own; orders are written directly and their events published with the commerce module's
 * own publishers, so the commission consumers see exactly the payloads production sends.
 */
export async function startDistributionApi(options: { sandbox?: boolean } = {}): Promise<CommerceWorld> {
  return startCommerceApi({ isolatedDatabase: true, notifyTimeScale: 0.01, ...options });
}

export async function setSettings(w: CommerceWorld, body: UpdatePlatformSettingsBody): Promise<void> {
  const res = await w.t.request('PUT', '/admin/settings', { token: w.admin.token, body });
  if (res.status !== 200) throw new Error(`settings: ${JSON.stringify(res.body)}`);
  w.t.api.app.get(PlatformSettingsService).invalidate();
}

export interface SqlMerchant {
  id: number;
  shopId: number;
  owner: TestUser;
  products: { id: number; skuId: number; price: number }[];
}

/** An approved merchant, its shop and on-sale products, written directly (the merchant API is commerce's). */
export async function sqlMerchant(
  w: CommerceWorld,
  options: {
    rates?: [number, number, number];
    afterSaleDays?: number;
    products?: Array<{ price: number; override?: [number | null, number | null, number | null] }>;
  } = {},
): Promise<SqlMerchant> {
  const owner = await createUser(w.t, '商家');
  const [l1, l2, l3] = options.rates ?? [1000, 500, 300];
  const [m] = await w.t.ds.query(
    `INSERT INTO merchant (name, status, owner_user_id, after_sale_days, commission_l1_bps, commission_l2_bps, commission_l3_bps, approved_at)
     VALUES ('测试商家', 'approved', $1, $2, $3, $4, $5, now()) RETURNING id`,
    [owner.id, options.afterSaleDays ?? 7, l1, l2, l3],
  );
  const [shop] = await w.t.ds.query(
    `INSERT INTO shop (kind, owner_user_id, merchant_id, name, banner_url, theme) VALUES ('merchant', $1, $2, '商家店', '/b.png', 'green') RETURNING id`,
    [owner.id, m.id],
  );
  const products = [];
  for (const [i, p] of (options.products ?? [{ price: 10000 }, { price: 5000 }]).entries()) {
    const o = p.override ?? [null, null, null];
    const [row] = await w.t.ds.query(
      `INSERT INTO product (merchant_id, title, images, status, commission_l1_bps, commission_l2_bps, commission_l3_bps) VALUES ($1, $2, '["/p.png"]', 'on_sale', $3, $4, $5) RETURNING id`,
      [m.id, `商品${i + 1}`, o[0], o[1], o[2]],
    );
    const [sku] = await w.t.ds.query('INSERT INTO sku (product_id, merchant_id, price, stock) VALUES ($1, $2, $3, 100) RETURNING id', [row.id, m.id, p.price]);
    await w.t.ds.query('INSERT INTO shop_product (shop_id, product_id, position) VALUES ($1, $2, $3)', [shop.id, row.id, i]);
    products.push({ id: row.id, skuId: sku.id, price: p.price });
  }
  return { id: m.id, shopId: shop.id, owner, products };
}

export async function clone(w: CommerceWorld, user: TestUser, fromShopId: number) {
  const res = await w.t.request('POST', '/shops/clone', { token: user.token, body: { fromShopId } });
  if (res.status !== 200) throw new Error(`clone: ${JSON.stringify(res.body)}`);
  return res.body;
}

export const drain = (w: CommerceWorld) => w.t.api.app.get(EventsService).kick();

/** A paid order (one line per product, quantity 1) and its order.paid event, delivered. */
export async function paidOrder(
  w: CommerceWorld,
  m: SqlMerchant,
  buyer: TestUser,
  shopId: number,
  distributorUserId: number | null,
  lines = m.products.slice(0, 1),
) {
  const events = w.t.api.app.get(EventsService);
  const order = await w.t.ds.transaction(async (em) => {
    const total = lines.reduce((s, l) => s + l.price, 0);
    const [o] = await em.query(
      `INSERT INTO "order" (out_trade_no, buyer_user_id, merchant_id, shop_id, distributor_user_id, status, idempotency_key, items_total, paid_total, address, expires_at, paid_at)
       VALUES (business_no(''), $1, $2, $3, $4, 'paid', $5, $6, $6, '{}', now(), now()) RETURNING *`,
      [buyer.id, m.id, shopId, distributorUserId, randomBytes(6).toString('hex'), total],
    );
    for (const l of lines) {
      await em.query(
        `INSERT INTO order_item (order_id, product_id, sku_id, title, unit_price, quantity, items_amount, paid_amount) VALUES ($1, $2, $3, 't', $4, 1, $4, $4)`,
        [o.id, l.id, l.skuId, l.price],
      );
    }
    await publishOrdersPaid(em, events, [{ ...o, transaction_id: `tx_${o.id}` }]);
    return o;
  });
  await drain(w);
  return order as { id: number };
}

export async function receiveOrder(w: CommerceWorld, orderId: number, receivedAt = new Date()) {
  const events = w.t.api.app.get(EventsService);
  await w.t.ds.transaction(async (em) => {
    const [[o]] = await em.query(`UPDATE "order" SET status = 'received', received_at = $2 WHERE id = $1 RETURNING *`, [orderId, receivedAt]);
    await publishOrderReceived(em, events, o, false);
  });
  await drain(w);
}

export async function completeOrder(w: CommerceWorld, orderId: number) {
  const events = w.t.api.app.get(EventsService);
  await w.t.ds.transaction(async (em) => {
    const [[o]] = await em.query(`UPDATE "order" SET status = 'completed', completed_at = now() WHERE id = $1 RETURNING *`, [orderId]);
    await publishOrderCompleted(em, events, o);
  });
  await drain(w);
}

let refundSeq = 0;
/** A succeeded refund of `amount` fen on each given order item, and its order.refunded event, delivered. */
export async function refundOrder(w: CommerceWorld, orderId: number, items: Array<{ orderItemId: number; refundAmount: number }>) {
  const events = w.t.api.app.get(EventsService);
  const amount = items.reduce((s, i) => s + i.refundAmount, 0);
  await w.t.ds.transaction(async (em) => {
    const [[o]] = await em.query(`UPDATE "order" SET refunded_total = refunded_total + $2 WHERE id = $1 RETURNING *`, [orderId, amount]);
    const refund = { id: 900_000 + ++refundSeq, out_refund_no: `R${Date.now()}${refundSeq}`, amount, restock: false, succeeded_at: new Date() };
    await publishOrderRefunded(
      em,
      events,
      o,
      refund,
      items.map((i) => ({ ...i, productId: 0, skuId: 0, quantity: 1 })),
    );
  });
  await drain(w);
}

export async function orderItems(w: CommerceWorld, orderId: number): Promise<{ id: number; paid_amount: number }[]> {
  return w.t.ds.query('SELECT id, paid_amount FROM order_item WHERE order_id = $1 ORDER BY id', [orderId]);
}

export async function commissions(w: CommerceWorld, orderId: number) {
  return w.t.ds.query(
    'SELECT level, beneficiary_user_id AS "userId", rate_bps AS "rateBps", amount, reversed_amount AS "reversed", status FROM commission WHERE order_id = $1 ORDER BY order_item_id, level',
    [orderId],
  );
}

export async function earnings(w: CommerceWorld, user: TestUser) {
  const res = await w.t.request('GET', '/distributors/me/earnings', { token: user.token });
  if (res.status !== 200) throw new Error(`earnings: ${JSON.stringify(res.body)}`);
  return res.body as { pending: number; available: number; withdrawing: number; withdrawn: number; reversed: number };
}

/**
 * Money conservation: the whole ledger sums to zero, and each distributor's accounts equal what their
 * commission and withdrawal records say (and what the earnings route shows).
 */
export async function expectBooksBalance(w: CommerceWorld, users: TestUser[]): Promise<void> {
  const ledger = w.t.api.app.get(LedgerService);
  expect(await ledger.total(w.t.ds.manager)).toBe(0);
  const [{ unbalanced }] = await w.t.ds.query(
    'SELECT count(*)::int AS unbalanced FROM (SELECT posting_id FROM ledger_entry GROUP BY posting_id HAVING SUM(amount) <> 0) x',
  );
  expect(unbalanced).toBe(0);
  for (const u of users) {
    const [r] = await w.t.ds.query(
      `SELECT
         (SELECT COALESCE(SUM(amount - reversed_amount), 0) FROM commission WHERE beneficiary_user_id = $1 AND status = 'pending')::bigint AS pending,
         (SELECT COALESCE(SUM(amount - reversed_amount), 0) FROM commission WHERE beneficiary_user_id = $1 AND released_at IS NOT NULL)::bigint AS released,
         (SELECT COALESCE(SUM(amount), 0) FROM withdrawal WHERE user_id = $1 AND status NOT IN ('failed', 'cancelled'))::bigint AS withdrawals,
         (SELECT COALESCE(SUM(amount), 0) FROM withdrawal WHERE user_id = $1 AND status IN ('created', 'wait_user_confirm', 'transferring'))::bigint AS open`,
      [u.id],
    );
    const pending = neg(await ledger.balance(w.t.ds.manager, Accounts.distributorPending(u.id).code));
    // what a distributor can still withdraw: the wallet minus the debt refunds left after money was paid out
    const wallet =
      neg(await ledger.balance(w.t.ds.manager, Accounts.distributorWallet(u.id).code)) -
      (await ledger.balance(w.t.ds.manager, Accounts.distributorDebt(u.id).code));
    const withdrawing = neg(await ledger.balance(w.t.ds.manager, Accounts.distributorWithdrawing(u.id).code));
    expect({ pending, wallet, withdrawing }).toEqual({ pending: r.pending, wallet: r.released - r.withdrawals, withdrawing: r.open });
    const e = await earnings(w, u);
    expect({ pending: e.pending, available: e.available, withdrawing: e.withdrawing }).toEqual({ pending, available: wallet, withdrawing });
  }
}

const neg = (n: number) => (n === 0 ? 0 : -n);

export { createUser };
