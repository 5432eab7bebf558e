import { createUser, type TestUser } from '../../apps/api/test/fixtures.js';
import type { TestApi } from '../../apps/api/test/harness.js';

export interface Tenant {
  owner: TestUser;
  merchantId: number;
  shopId: number;
  onSaleProductId: number;
  draftProductId: number;
  skuId: number;
  /** a string planted in this tenant's private data; no other role may ever see it */
  canary: string;
}

/** A merchant with an on-sale product, a draft product holding a canary, and its merchant shop. */
export async function createTenant(t: TestApi, label: string): Promise<Tenant> {
  const canary = `CANARY${label}${Math.floor(Math.random() * 1e9)}`;
  const owner = await createUser(t, `${label}老板`);
  const [m] = await t.ds.query(`INSERT INTO merchant (name, status, owner_user_id, approved_at) VALUES ($1, 'approved', $2, now()) RETURNING id`, [
    `${label}商家`,
    owner.id,
  ]);
  await t.ds.query(`INSERT INTO merchant_member (merchant_id, user_id, role) VALUES ($1, $2, 'owner')`, [m.id, owner.id]);
  const [shop] = await t.ds.query(`INSERT INTO shop (kind, owner_user_id, merchant_id, name) VALUES ('merchant', $1, $2, $3) RETURNING id`, [
    owner.id,
    m.id,
    `${label}官方店`,
  ]);
  const [onSale] = await t.ds.query(`INSERT INTO product (merchant_id, title, status) VALUES ($1, $2, 'on_sale') RETURNING id`, [m.id, `${label}在售商品`]);
  const [draft] = await t.ds.query(`INSERT INTO product (merchant_id, title, description, status) VALUES ($1, $2, $3, 'draft') RETURNING id`, [
    m.id,
    `${label}草稿`,
    canary,
  ]);
  const [sku] = await t.ds.query(`INSERT INTO sku (product_id, merchant_id, price, stock, code) VALUES ($1, $2, 1990, 50, 'A-001') RETURNING id`, [
    onSale.id,
    m.id,
  ]);
  await t.ds.query(`INSERT INTO sku (product_id, merchant_id, price, stock, code) VALUES ($1, $2, 990, 5, $3)`, [draft.id, m.id, canary]);
  await t.ds.query('INSERT INTO shop_product (shop_id, product_id) VALUES ($1, $2)', [shop.id, onSale.id]);
  return { owner, merchantId: m.id, shopId: shop.id, onSaleProductId: onSale.id, draftProductId: draft.id, skuId: sku.id, canary };
}

/** Row counts of every table: a cheap fingerprint of "was anything written". */
export async function tableCounts(t: TestApi): Promise<Record<string, number>> {
  const tables: { tablename: string }[] = await t.ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const out: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await t.ds.query(`SELECT count(*)::int AS n FROM "${tablename}"`);
    out[tablename] = row.n;
  }
  return out;
}
