import { Injectable } from '@nestjs/common';
import type { AdminMerchantsQuery, ApplyMerchantBody, MerchantStatus, MerchantView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { EventsService } from '../events/events.service.js';
import { type MerchantApprovedEvent, MerchantEvents, type MerchantRejectedEvent } from './merchant-events.js';
import { Conflict, NotFound } from '../domain/errors.js';
import { MerchantShopService } from '../shops/merchant-shop.service.js';
import { MERCHANT_COLUMNS, type MerchantViewRow, merchantView } from './merchant.view.js';

/**
 * Apply (any user) → approve / reject with a reason (platform admin) → a rejected applicant edits and applies
 * again. Approval opens the merchant's own shop; both decisions publish an event the applicant is notified by
 * (merchant-notifications.ts).
 */
@Injectable()
export class MerchantOnboardingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shops: MerchantShopService,
    private readonly events: EventsService,
  ) {}

  async apply(userId: number, body: ApplyMerchantBody): Promise<MerchantView> {
    return this.dataSource.transaction(async (em) => {
      // one open application per user: a second tap returns 409 instead of a duplicate merchant
      const [open] = await em.query<Array<{ id: number; status: MerchantStatus }>>(
        `SELECT m.id, m.status FROM merchant m JOIN merchant_member mm ON mm.merchant_id = m.id AND mm.user_id = $1 AND mm.role = 'owner'
         WHERE m.status IN ('pending', 'rejected') ORDER BY m.id DESC LIMIT 1 FOR UPDATE OF m`,
        [userId],
      );
      if (open?.status === 'pending') throw new Conflict('MERCHANT_APPLICATION_PENDING', '已有待审核的商家申请', { merchantId: open.id });
      const details = [
        body.name,
        body.logoUrl ?? null,
        body.contactName ?? null,
        body.contactPhone ?? null,
        body.category ?? null,
        body.licenceImageUrl ?? null,
        body.settlementMode ?? 'manual',
      ];
      if (open) {
        // re-application after a rejection: the same merchant, edited, goes back to the review queue
        await em.query(
          `UPDATE merchant SET name = $2, logo_url = $3, contact_name = $4, contact_phone = $5, business_category = $6,
             licence_image_url = $7, settlement_mode = $8, status = 'pending', reject_reason = NULL, rejected_at = NULL
           WHERE id = $1`,
          [open.id, ...details],
        );
        return this.view(em, open.id);
      }
      const [m] = await em.query<Array<{ id: number }>>(
        `INSERT INTO merchant (name, logo_url, contact_name, contact_phone, business_category, licence_image_url, settlement_mode, owner_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [...details, userId],
      );
      await em.query(`INSERT INTO merchant_member (merchant_id, user_id, role) VALUES ($1, $2, 'owner')`, [m.id, userId]);
      return this.view(em, m.id);
    });
  }

  /** The caller's most recent application as its owner (商家入驻 status page), or null. */
  async myApplication(userId: number): Promise<MerchantView | null> {
    const [row] = await this.dataSource.query<MerchantViewRow[]>(
      `SELECT ${MERCHANT_COLUMNS} FROM merchant m WHERE m.owner_user_id = $1 ORDER BY m.id DESC LIMIT 1`,
      [userId],
    );
    return row ? merchantView(row) : null;
  }

  async approve(merchantId: number): Promise<MerchantView> {
    return this.dataSource.transaction(async (em) => {
      const [rows] = await em.query<[Array<{ id: number }>, number]>(
        `UPDATE merchant SET status = 'approved', approved_at = now(), reject_reason = NULL WHERE id = $1 AND status IN ('pending','rejected') RETURNING id`,
        [merchantId],
      );
      if (!rows.length) await this.refuse(em, merchantId, 'approve');
      await this.shops.ensureShop(em, merchantId);
      await this.events.publish<MerchantApprovedEvent>(em, MerchantEvents.approved, { type: 'merchant', id: merchantId }, {});
      return this.view(em, merchantId);
    });
  }

  async reject(merchantId: number, reason: string): Promise<MerchantView> {
    return this.dataSource.transaction(async (em) => {
      const [rows] = await em.query<[Array<{ id: number }>, number]>(
        `UPDATE merchant SET status = 'rejected', reject_reason = $2, rejected_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
        [merchantId, reason],
      );
      if (!rows.length) await this.refuse(em, merchantId, 'reject');
      await this.events.publish<MerchantRejectedEvent>(em, MerchantEvents.rejected, { type: 'merchant', id: merchantId }, { reason });
      return this.view(em, merchantId);
    });
  }

  async list(query: AdminMerchantsQuery): Promise<{ items: MerchantView[] }> {
    const rows = await this.dataSource.query<MerchantViewRow[]>(
      `SELECT ${MERCHANT_COLUMNS} FROM merchant m WHERE ($1::text IS NULL OR m.status = $1) ORDER BY m.id DESC LIMIT 200`,
      [query.status ?? null],
    );
    return { items: rows.map(merchantView) };
  }

  private async refuse(em: import('typeorm').EntityManager, merchantId: number, action: string): Promise<never> {
    const [m] = await em.query<Array<{ status: string }>>('SELECT status FROM merchant WHERE id = $1', [merchantId]);
    if (!m) throw new NotFound('商家');
    throw new Conflict('ILLEGAL_TRANSITION', `商家当前状态为 ${m.status}，不能 ${action}`, { from: m.status, event: action });
  }

  private async view(em: import('typeorm').EntityManager, merchantId: number): Promise<MerchantView> {
    const [row] = await em.query<MerchantViewRow[]>(`SELECT ${MERCHANT_COLUMNS} FROM merchant m WHERE m.id = $1`, [merchantId]);
    return merchantView(row);
  }
}
