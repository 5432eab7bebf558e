import { Injectable } from '@nestjs/common';
import type { MerchantView, MyMerchantsView, StaffView, UpdateMerchantSettingsBody } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Invalid, NotFound } from '../domain/errors.js';
import { totalRateProblem } from './commission-rate-rules.js';
import { MERCHANT_COLUMNS, type MerchantViewRow, merchantView } from './merchant.view.js';
import { StaffInvitationsService } from './staff-invitations.service.js';

const SETTING_COLUMNS: Record<keyof UpdateMerchantSettingsBody, string> = {
  name: 'name',
  logoUrl: 'logo_url',
  afterSaleDays: 'after_sale_days',
  commissionL1Bps: 'commission_l1_bps',
  commissionL2Bps: 'commission_l2_bps',
  commissionL3Bps: 'commission_l3_bps',
  restockOnRefund: 'restock_on_refund',
  freightFee: 'freight_fee',
  freeShippingAbove: 'free_shipping_above',
};

/** A merchant's own settings and staff (called with the merchant from MerchantMemberGuard). */
@Injectable()
export class MerchantSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly invitations: StaffInvitationsService,
  ) {}

  async get(merchantId: number): Promise<MerchantView> {
    const [row] = await this.dataSource.query<MerchantViewRow[]>(`SELECT ${MERCHANT_COLUMNS} FROM merchant m WHERE m.id = $1`, [merchantId]);
    if (!row) throw new NotFound('商家');
    return merchantView(row);
  }

  async update(merchantId: number, body: UpdateMerchantSettingsBody): Promise<MerchantView> {
    const sets: string[] = [];
    const values: unknown[] = [merchantId];
    for (const [key, value] of Object.entries(body)) {
      if (value === undefined) continue;
      values.push(value);
      sets.push(`${SETTING_COLUMNS[key as keyof UpdateMerchantSettingsBody]} = $${values.length}`);
    }
    if (sets.length) {
      const [l1, l2, l3] = await this.rates(merchantId, body);
      // the levels add up to what a distributor chain can earn on one sale; keep that within 50% too
      const problem = totalRateProblem([l1, l2, l3]);
      if (problem) throw new Invalid('commissionL1Bps', problem);
      await this.dataSource.query(`UPDATE merchant SET ${sets.join(', ')} WHERE id = $1`, values);
    }
    return this.get(merchantId);
  }

  async mine(userId: number): Promise<MyMerchantsView> {
    const rows = await this.dataSource.query<MyMerchantsView['items']>(
      `SELECT m.id AS "merchantId", m.name, m.status, mm.role FROM merchant_member mm JOIN merchant m ON m.id = mm.merchant_id
       WHERE mm.user_id = $1 ORDER BY m.id`,
      [userId],
    );
    return { items: rows };
  }

  /** The members; the pending invitations only when asked (the owner's view: a code is a key to the merchant). */
  async staff(merchantId: number, withInvitations = false): Promise<StaffView> {
    const rows = await this.dataSource.query<Array<{ user_id: number; nickname: string; role: 'owner' | 'staff'; created_at: Date }>>(
      `SELECT mm.user_id, u.nickname, mm.role, mm.created_at FROM merchant_member mm JOIN app_user u ON u.id = mm.user_id
       WHERE mm.merchant_id = $1 ORDER BY mm.created_at`,
      [merchantId],
    );
    return {
      items: rows.map((r) => ({
        userId: r.user_id,
        nickname: r.nickname,
        role: r.role,
        createdAt: new Date(r.created_at).toISOString(),
      })),
      invitations: withInvitations ? await this.invitations.pending(merchantId) : [],
    };
  }

  async removeStaff(merchantId: number, userId: number): Promise<StaffView> {
    const [, count] = await this.dataSource.query(`DELETE FROM merchant_member WHERE merchant_id = $1 AND user_id = $2 AND role = 'staff'`, [
      merchantId,
      userId,
    ]);
    if (!count) throw new NotFound('店员');
    return this.staff(merchantId, true);
  }

  private async rates(merchantId: number, body: UpdateMerchantSettingsBody): Promise<[number, number, number]> {
    const [m] = await this.dataSource.query<Array<{ commission_l1_bps: number; commission_l2_bps: number; commission_l3_bps: number }>>(
      'SELECT commission_l1_bps, commission_l2_bps, commission_l3_bps FROM merchant WHERE id = $1',
      [merchantId],
    );
    return [body.commissionL1Bps ?? m.commission_l1_bps, body.commissionL2Bps ?? m.commission_l2_bps, body.commissionL3Bps ?? m.commission_l3_bps];
  }
}
