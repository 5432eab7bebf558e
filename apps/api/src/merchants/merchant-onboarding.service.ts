import { Injectable } from '@nestjs/common';
import type { AdminMerchantsQuery, ApplyMerchantBody, MerchantView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { conflict, notFound } from '../http/errors.js';
import { MerchantShopService } from './merchant-shop.service.js';
import { MERCHANT_COLUMNS, merchantView } from './merchant.view.js';

/** Apply (any user) → approve / reject (platform admin). Approval opens the merchant's own shop. */
@Injectable()
export class MerchantOnboardingService {
  constructor(private readonly dataSource: DataSource, private readonly shops: MerchantShopService) {}

  async apply(userId: number, body: ApplyMerchantBody): Promise<MerchantView> {
    return this.dataSource.transaction(async (em) => {
      // one open application per user: a second tap returns 409 instead of a duplicate merchant
      const [open] = await em.query(
        `SELECT m.id FROM merchant m JOIN merchant_member mm ON mm.merchant_id = m.id AND mm.user_id = $1 AND mm.role = 'owner'
         WHERE m.status = 'pending' FOR UPDATE OF m`,
        [userId],
      );
      if (open) throw conflict('MERCHANT_APPLICATION_PENDING', '已有待审核的商家申请', { merchantId: open.id });
      const [m] = await em.query('INSERT INTO merchant (name, logo_url, owner_user_id) VALUES ($1, $2, $3) RETURNING id', [body.name, body.logoUrl ?? null, userId]);
      await em.query(`INSERT INTO merchant_member (merchant_id, user_id, role) VALUES ($1, $2, 'owner')`, [m.id, userId]);
      return this.view(em, m.id);
    });
  }

  async approve(merchantId: number): Promise<MerchantView> {
    return this.dataSource.transaction(async (em) => {
      const [rows] = await em.query(`UPDATE merchant SET status = 'approved', approved_at = now() WHERE id = $1 AND status IN ('pending','rejected') RETURNING id`, [merchantId]);
      if (!rows.length) await this.refuse(em, merchantId, 'approve');
      await this.shops.ensureShop(em, merchantId);
      return this.view(em, merchantId);
    });
  }

  async reject(merchantId: number): Promise<MerchantView> {
    return this.dataSource.transaction(async (em) => {
      const [rows] = await em.query(`UPDATE merchant SET status = 'rejected' WHERE id = $1 AND status = 'pending' RETURNING id`, [merchantId]);
      if (!rows.length) await this.refuse(em, merchantId, 'reject');
      return this.view(em, merchantId);
    });
  }

  async list(query: AdminMerchantsQuery): Promise<{ items: MerchantView[] }> {
    const rows = await this.dataSource.query(
      `SELECT ${MERCHANT_COLUMNS} FROM merchant m WHERE ($1::text IS NULL OR m.status = $1) ORDER BY m.id DESC LIMIT 200`,
      [query.status ?? null],
    );
    return { items: rows.map(merchantView) };
  }

  private async refuse(em: import('typeorm').EntityManager, merchantId: number, action: string): Promise<never> {
    const [m] = await em.query('SELECT status FROM merchant WHERE id = $1', [merchantId]);
    if (!m) throw notFound('商家');
    throw conflict('ILLEGAL_TRANSITION', `商家当前状态为 ${m.status}，不能 ${action}`, { from: m.status, event: action });
  }

  private async view(em: import('typeorm').EntityManager, merchantId: number): Promise<MerchantView> {
    const [row] = await em.query(`SELECT ${MERCHANT_COLUMNS} FROM merchant m WHERE m.id = $1`, [merchantId]);
    return merchantView(row);
  }
}
