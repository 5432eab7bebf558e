import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CommissionsQuery, CommissionsView } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { type AuthUser, CurrentUser } from '../auth/auth.guard.js';
import { ZQuery, ZResponse } from '../http/validation.js';
import type { CommissionRow } from './commission.rows.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

@ApiTags('distributors')
@ApiBearerAuth()
@Controller('distributors/me/commissions')
export class CommissionsController {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's commission records, newest first (index commission_beneficiary). */
  @Get()
  @ZResponse(CommissionsView)
  async list(@CurrentUser() user: AuthUser, @ZQuery(CommissionsQuery) q: CommissionsQuery): Promise<CommissionsView> {
    const filter = q.status ? 'AND status = $2' : '';
    const params = q.status ? [user.id, q.status] : [user.id];
    const n = params.length;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<CommissionRow[]>(
        `SELECT * FROM commission WHERE beneficiary_user_id = $1 ${filter} ORDER BY id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
        [...params, q.pageSize, (q.page - 1) * q.pageSize],
      ),
      this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM commission WHERE beneficiary_user_id = $1 ${filter}`, params),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        orderId: r.order_id,
        orderItemId: r.order_item_id,
        productId: r.product_id,
        level: r.level,
        baseAmount: r.base_amount,
        rateBps: r.rate_bps,
        amount: r.amount,
        reversedAmount: r.reversed_amount,
        status: r.status,
        releasableAt: iso(r.releasable_at),
        createdAt: iso(r.created_at)!,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
