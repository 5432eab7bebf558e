import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

interface DemoProduct {
  title: string;
  subtitle: string;
  category: string;
  specNames: string[];
  skus: Array<{ spec: string[]; price: number; listPrice: number; stock: number }>;
}

/** Prices in fen. */
const PRODUCTS: DemoProduct[] = [
  {
    title: '云南古树普洱茶 357g',
    subtitle: '勐海原料，七子饼',
    category: '茶饮',
    specNames: ['类型'],
    skus: [
      { spec: ['生茶'], price: 16800, listPrice: 22800, stock: 120 },
      { spec: ['熟茶'], price: 15800, listPrice: 21800, stock: 80 },
    ],
  },
  {
    title: '五常稻花香大米 5kg',
    subtitle: '当季新米，产地直发',
    category: '粮油',
    specNames: [],
    skus: [{ spec: [], price: 8990, listPrice: 11900, stock: 300 }],
  },
  {
    title: '阿克苏冰糖心苹果 5斤装',
    subtitle: '脆甜多汁，坏果包赔',
    category: '水果',
    specNames: ['规格'],
    skus: [
      { spec: ['中果'], price: 3990, listPrice: 5990, stock: 200 },
      { spec: ['大果'], price: 4990, listPrice: 6990, stock: 150 },
    ],
  },
  { title: '古法手工红糖 500g', subtitle: '甘蔗原汁熬制', category: '食品', specNames: [], skus: [{ spec: [], price: 2590, listPrice: 3500, stock: 500 }] },
  {
    title: '新疆长绒棉短袖T恤',
    subtitle: '透气不变形',
    category: '服饰',
    specNames: ['颜色', '尺码'],
    skus: ['白色', '黑色'].flatMap((c) => ['M', 'L', 'XL'].map((s) => ({ spec: [c, s], price: 6900, listPrice: 9900, stock: 40 }))),
  },
  {
    title: '316不锈钢保温杯 500ml',
    subtitle: '12小时长效保温',
    category: '家居',
    specNames: ['颜色'],
    skus: [
      { spec: ['月光白'], price: 7900, listPrice: 12900, stock: 90 },
      { spec: ['星空蓝'], price: 7900, listPrice: 12900, stock: 0 },
    ],
  },
  { title: '秦岭土蜂蜜 500g', subtitle: '百花成熟蜜', category: '食品', specNames: [], skus: [{ spec: [], price: 6800, listPrice: 8800, stock: 160 }] },
  {
    title: '每日坚果礼盒 30袋',
    subtitle: '6种坚果果干科学配比',
    category: '零食',
    specNames: [],
    skus: [{ spec: [], price: 9900, listPrice: 15900, stock: 220 }],
  },
  {
    title: '除菌洗衣凝珠 52颗',
    subtitle: '8倍洁净力，留香持久',
    category: '日化',
    specNames: ['香型'],
    skus: [
      { spec: ['樱花'], price: 4590, listPrice: 6990, stock: 400 },
      { spec: ['海洋'], price: 4590, listPrice: 6990, stock: 380 },
    ],
  },
  { title: '竹纤维毛巾 3条装', subtitle: '柔软吸水不掉毛', category: '家居', specNames: [], skus: [{ spec: [], price: 3980, listPrice: 5980, stock: 260 }] },
];

export const DEMO_MERCHANT_OPENID = 'demo_merchant_owner';

/** A short unguessable referral code: 8 chars of Crockford-ish base32 (no 0/O/1/I/L confusion). */
export function newReferralCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** The row an `INSERT ... RETURNING id` gives back. */
type Inserted = { id: number };

/**
 * Seeds a demo merchant with ten products and its merchant shop, once per database, so a newcomer's
 * first `pnpm start` shows a shop. Guarded by a platform_setting row inside the same transaction.
 * `ownerOpenid` is the sandbox's 商家 persona when WeChat is the sandbox (seed-personas.ts), so a newcomer
 * can sign in as the owner; otherwise a placeholder nobody can sign in as.
 */
export async function seedDemo(dataSource: DataSource, ownerOpenid = DEMO_MERCHANT_OPENID): Promise<boolean> {
  return dataSource.transaction(async (em) => {
    await em.query('SELECT pg_advisory_xact_lock(7300002)');
    const done = await em.query<unknown[]>(`SELECT 1 FROM platform_setting WHERE key = 'demo.seeded'`);
    if (done.length) return false;
    const [owner] = await em.query<Inserted[]>(
      `INSERT INTO app_user (openid, nickname, referral_code, is_distributor) VALUES ($1, '分享小店官方', $2, true)
       ON CONFLICT (openid) DO UPDATE SET nickname = EXCLUDED.nickname RETURNING id`,
      [ownerOpenid, newReferralCode()],
    );
    const [merchant] = await em.query<Inserted[]>(
      `INSERT INTO merchant (name, logo_url, status, owner_user_id, commission_l1_bps, approved_at)
       VALUES ('分享小店官方旗舰店', '/static/demo/logo.svg', 'approved', $1, 1000, now()) RETURNING id`,
      [owner.id],
    );
    await em.query(`INSERT INTO merchant_member (merchant_id, user_id, role) VALUES ($1, $2, 'owner')`, [merchant.id, owner.id]);
    const [shop] = await em.query<Inserted[]>(
      `INSERT INTO shop (kind, owner_user_id, merchant_id, name, avatar_url, banner_url, theme)
       VALUES ('merchant', $1, $2, '分享小店官方旗舰店', '/static/demo/logo.svg', '/static/demo/banner.svg', 'red') RETURNING id`,
      [owner.id, merchant.id],
    );
    for (const [i, p] of PRODUCTS.entries()) {
      const [product] = await em.query<Inserted[]>(
        `INSERT INTO product (merchant_id, title, subtitle, description, images, category, spec_names, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'on_sale') RETURNING id`,
        [
          merchant.id,
          p.title,
          p.subtitle,
          `${p.title}。${p.subtitle}。产地直发，7天无理由退换。`,
          JSON.stringify([`/static/demo/p${i + 1}.svg`, `/static/demo/p${i + 1}b.svg`]),
          p.category,
          JSON.stringify(p.specNames),
        ],
      );
      for (const [j, s] of p.skus.entries()) {
        await em.query(`INSERT INTO sku (product_id, merchant_id, spec_values, price, list_price, stock, code) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
          product.id,
          merchant.id,
          JSON.stringify(s.spec),
          s.price,
          s.listPrice,
          s.stock,
          `DEMO-${i + 1}-${j + 1}`,
        ]);
      }
      await em.query('INSERT INTO shop_product (shop_id, product_id, position) VALUES ($1, $2, $3)', [shop.id, product.id, i]);
    }
    await em.query(`INSERT INTO platform_setting (key, value) VALUES ('demo.seeded', $1)`, [JSON.stringify({ merchantId: merchant.id, shopId: shop.id })]);
    return true;
  });
}
