import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SandboxPersonas } from '../config/personas.js';
import { ShopCloneService } from '../shops/shop-clone.service.js';
import { DEMO_MERCHANT_OPENID, newReferralCode } from './seed.js';

const PROFILES: Array<{ key: keyof SandboxPersonas; nickname: string; avatar: string }> = [
  { key: 'buyer', nickname: '顾客', avatar: 'buyer' },
  { key: 'shopkeeper', nickname: '店主', avatar: 'shopkeeper' },
  { key: 'merchantOwner', nickname: '商家', avatar: 'merchant-owner' },
  { key: 'operator', nickname: '平台运营', avatar: 'operator' },
];

/**
 * With the sandbox as WeChat (config/personas.ts): gives the four personas their accounts, so the H5 login
 * picker reaches every role on a fresh `pnpm start`. The 商家 persona owns the demo merchant (a database
 * seeded before personas existed hands its placeholder owner over), the 平台运营 persona is an admin by
 * config, and the 店主 opens a shop cloned from the demo merchant's, through the same service as 一键开店.
 * Runs at every start; each step is idempotent.
 */
export async function seedPersonas(app: INestApplicationContext, personas: SandboxPersonas): Promise<void> {
  const ds = app.get(DataSource);
  await ds.query(`UPDATE app_user SET openid = $1 WHERE openid = $2 AND NOT EXISTS (SELECT 1 FROM app_user WHERE openid = $1)`, [
    personas.merchantOwner,
    DEMO_MERCHANT_OPENID,
  ]);
  for (const p of PROFILES) {
    await ds.query(
      `INSERT INTO app_user (openid, nickname, avatar_url, referral_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (openid) DO UPDATE SET avatar_url = COALESCE(app_user.avatar_url, EXCLUDED.avatar_url)`,
      [personas[p.key], p.nickname, `/static/demo/avatar-${p.avatar}.svg`, newReferralCode()],
    );
  }
  const [demo] = await ds.query<Array<{ value: string | { shopId?: number } }>>(`SELECT value FROM platform_setting WHERE key = 'demo.seeded'`);
  const demoShopId = demo ? Number((typeof demo.value === 'string' ? JSON.parse(demo.value) : demo.value).shopId) : null;
  const [shopkeeper] = await ds.query<Array<{ id: number }>>('SELECT id FROM app_user WHERE openid = $1', [personas.shopkeeper]);
  if (demoShopId && shopkeeper) await app.get(ShopCloneService).clone(shopkeeper.id, demoShopId);
}
