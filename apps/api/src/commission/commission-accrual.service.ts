import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Accounts, PostingKinds } from '../ledger/accounts.js';
import { ProductCommissionRates } from '../catalog/product-commission-rates.query.js';
import { LedgerService } from '../ledger/ledger.service.js';
import { MerchantCommissionRates } from '../merchants/merchant-commission-rates.query.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { type Beneficiary, type Rates, computeCommissions } from './commission.calculator.js';
import type { PaidOrder } from './order-events.js';

/**
 * order.paid → the sale is attributed (distribution_sale) and commissions are created `pending`, with one
 * ledger posting: merchant payable → each beneficiary's pending account. The chain used is the
 * distributor's stored upline chain at payment time; later rebinding never moves existing commissions.
 * Rates come from the owning modules' queries (merchants, catalog), read in this transaction.
 */
@Injectable()
export class CommissionAccrualService {
  constructor(
    private readonly ledger: LedgerService,
    private readonly settings: PlatformSettingsService,
    private readonly merchantRates: MerchantCommissionRates,
    private readonly productRates: ProductCommissionRates,
  ) {}

  async onPaid(em: EntityManager, order: PaidOrder): Promise<number> {
    if (!order.distributorUserId) return 0; // sold without a distributor: nothing to attribute
    const [distributor] = await em.query<
      Array<{ id: number; is_distributor: boolean; upline1_id: number | null; upline2_id: number | null; upline3_id: number | null }>
    >('SELECT id, is_distributor, upline1_id, upline2_id, upline3_id FROM app_user WHERE id = $1', [order.distributorUserId]);
    if (!distributor) return 0;
    const paidAmount = order.lines.reduce((s, l) => s + l.paidAmount, 0);
    const [sale] = await em.query<Array<{ order_id: number }>>(
      `INSERT INTO distribution_sale (order_id, merchant_id, shop_id, distributor_user_id, buyer_user_id, upline1_id, upline2_id, upline3_id, paid_amount, paid_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      [
        order.orderId,
        order.merchantId,
        order.shopId,
        distributor.id,
        order.buyerUserId,
        distributor.upline1_id,
        distributor.upline2_id,
        distributor.upline3_id,
        paidAmount,
        order.paidAt,
      ],
    );
    if (!sale) return 0; // already accrued

    const policy = await this.settings.get(em);
    const merchantRates = await this.merchantRates.of(em, order.merchantId);
    const overrides = await this.productRates.overrides(
      em,
      order.lines.map((l) => l.productId).filter((id): id is number => id !== null),
    );
    const chain = await this.chain(em, [distributor.id, distributor.upline1_id, distributor.upline2_id]);
    const shares = computeCommissions({
      lines: order.lines.map((l) => ({ ...l, productRates: (l.productId && overrides.get(l.productId)) || [null, null, null] })),
      merchantRates: merchantRates as Rates,
      policy: { levels: policy.commissionLevels, capBps: policy.commissionCapBps, selfPurchaseCommission: policy.selfPurchaseCommission },
      chain,
      buyerUserId: order.buyerUserId,
    });
    if (!shares.length) return 0;

    await em.query(
      `INSERT INTO commission (order_id, order_item_id, merchant_id, product_id, beneficiary_user_id, level, base_amount, rate_bps, amount)
       SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::smallint[], $7::bigint[], $8::int[], $9::bigint[])
       ON CONFLICT (order_item_id, level) DO NOTHING`,
      [
        order.orderId,
        shares.map((s) => s.orderItemId),
        shares.map(() => order.merchantId),
        shares.map((s) => s.productId),
        shares.map((s) => s.beneficiaryUserId),
        shares.map((s) => s.level),
        shares.map((s) => s.baseAmount),
        shares.map((s) => s.rateBps),
        shares.map((s) => s.amount),
      ],
    );
    const perUser = new Map<number, number>();
    for (const s of shares) perUser.set(s.beneficiaryUserId, (perUser.get(s.beneficiaryUserId) ?? 0) + s.amount);
    const total = shares.reduce((s, c) => s + c.amount, 0);
    await this.ledger.post(em, {
      kind: PostingKinds.commissionAccrued,
      idempotencyKey: `commission:accrue:order:${order.orderId}`,
      refType: 'order',
      refId: order.orderId,
      occurredAt: order.paidAt,
      lines: [
        { account: Accounts.merchantPayable(order.merchantId), amount: total },
        ...[...perUser].map(([userId, amount]) => ({ account: Accounts.distributorPending(userId), amount: -amount })),
      ],
    });
    return total;
  }

  private async chain(em: EntityManager, ids: (number | null)[]): Promise<(Beneficiary | null)[]> {
    const known = ids.filter((id): id is number => id !== null);
    const rows = await em.query<Array<{ id: number; is_distributor: boolean }>>('SELECT id, is_distributor FROM app_user WHERE id = ANY($1)', [known]);
    const byId = new Map(rows.map((r) => [r.id, r.is_distributor]));
    return ids.map((id) => (id !== null && byId.has(id) ? { userId: id, isDistributor: byId.get(id)! } : null));
  }
}
