import { Injectable } from '@nestjs/common';
import {
  AFTER_SALE_REASON_LABELS,
  type Address,
  AfterSaleStatus,
  type AfterSaleListQuery,
  type AfterSalePage,
  type AfterSaleQuote,
  type AfterSaleQuoteBody,
  type AfterSaleSettings,
  type AfterSaleType,
  type AfterSaleView,
  type ApproveAfterSaleBody,
  type CreateAfterSaleBody,
  type MerchantAfterSaleDetail,
  type MerchantAfterSaleList,
  type RejectAfterSaleBody,
  type ReturnShipmentBody,
} from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Invalid, NotFound } from '../domain/errors.js';
import { applyRefundTransition } from '../orders/order.machine.js';
import { loadOrderViews } from '../orders/order.view.js';
import type { OrderItemRow, OrderRow } from '../orders/order.rows.js';
import { insertRequestedRefund, lockRefundableOrder, quoteRefund } from '../orders/refund-quote.js';
import { SubmitRefundService } from '../payments/submit-refund.service.js';
import { PlatformSettingsService } from '../platform/settings.service.js';
import { MerchantPreferences } from '../merchants/merchant-preferences.service.js';
import { applyAfterSaleTransition } from './after-sale.machine.js';
import { approveRefundOnly, receiveReturn } from './after-sale-steps.js';
import type { AfterSaleSelectRow } from './after-sale.rows.js';
import { AFTER_SALE_SELECT, afterSaleViews } from './after-sale.view.js';

const DAY = 86_400_000;
const daysFrom = (now: number, days: number) => new Date(now + days * DAY);

/**
 * After-sale requests, both sides (docs/orders.md "After-sales"). Each request wraps one buyer refund: the
 * refund is created `requested` with the request (so shipping and commission wait, as for any open refund),
 * goes to WeChat Pay when the merchant approves a refund-only request or confirms a returned parcel, and is
 * withdrawn (`cancelled`) when the buyer cancels or never ships the return back.
 */
@Injectable()
export class AfterSalesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly submitter: SubmitRefundService,
    private readonly settings: PlatformSettingsService,
    private readonly merchants: MerchantPreferences,
  ) {}

  // ---- buyer ----

  /** What the chosen lines would refund, computed here so the page shows exactly what will be asked. */
  async quote(buyerUserId: number, orderId: number, body: AfterSaleQuoteBody): Promise<AfterSaleQuote> {
    return this.dataSource.transaction(async (em) => {
      const order = await lockRefundableOrder(em, buyerUserId, orderId, 'requestAfterSale');
      const items = await em.query<OrderItemRow[]>('SELECT * FROM order_item WHERE order_id = $1 ORDER BY id', [orderId]);
      const quote = quoteRefund(order, items, body.items);
      return {
        lines: quote.lines.map((l) => ({
          orderItemId: l.item.id,
          quantity: l.quantity,
          amount: l.amount,
          refundableQuantity: l.item.quantity - l.item.refunded_quantity,
        })),
        shippingAmount: quote.shipping,
        amount: quote.amount,
        remainingTotal: order.paid_total - order.refunded_total,
        allowedTypes: allowedTypes(order),
      };
    });
  }

  async create(buyerUserId: number, orderId: number, body: CreateAfterSaleBody): Promise<AfterSaleView> {
    const { afterSaleReplyDays } = await this.settings.get();
    const id = await this.dataSource.transaction(async (em) => {
      const order = await lockRefundableOrder(em, buyerUserId, orderId, 'requestAfterSale');
      if (!allowedTypes(order).includes(body.type)) throw new Invalid('type', '订单未发货，只能申请仅退款');
      const items = await em.query<OrderItemRow[]>('SELECT * FROM order_item WHERE order_id = $1 ORDER BY id', [orderId]);
      const quote = quoteRefund(order, items, body.items);
      const reason = [AFTER_SALE_REASON_LABELS[body.reason], body.description].filter(Boolean).join('：');
      const refund = await insertRequestedRefund(em, order, buyerUserId, quote, reason);
      const [row] = await em.query<Array<{ id: number }>>(
        `INSERT INTO after_sale (refund_id, order_id, merchant_id, buyer_user_id, type, status, reason, description, photos, reply_due_at)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8, $9) RETURNING id`,
        [
          refund.id,
          order.id,
          order.merchant_id,
          buyerUserId,
          body.type,
          body.reason,
          body.description ?? '',
          JSON.stringify(body.photos ?? []),
          daysFrom(Date.now(), afterSaleReplyDays),
        ],
      );
      return row.id;
    });
    return this.buyerGet(buyerUserId, id);
  }

  async buyerList(buyerUserId: number, q: AfterSaleListQuery): Promise<AfterSalePage> {
    return this.page(q, 'a.buyer_user_id = $1', buyerUserId);
  }

  async buyerGet(buyerUserId: number, id: number): Promise<AfterSaleView> {
    return this.one(this.dataSource.manager, id, 'a.buyer_user_id', buyerUserId);
  }

  /** The buyer withdraws a request the merchant has not acted on, or a return not yet shipped back. */
  async cancel(buyerUserId: number, id: number): Promise<AfterSaleView> {
    await this.dataSource.transaction(async (em) => {
      const a = await applyAfterSaleTransition(em, id, 'cancel', { owner: { column: 'buyer_user_id', id: buyerUserId } });
      await applyRefundTransition(em, a.refund_id, 'withdraw');
    });
    return this.buyerGet(buyerUserId, id);
  }

  async shipReturn(buyerUserId: number, id: number, body: ReturnShipmentBody): Promise<AfterSaleView> {
    const { returnReceiveDays } = await this.settings.get();
    await this.dataSource.transaction((em) =>
      applyAfterSaleTransition(em, id, 'shipReturn', {
        owner: { column: 'buyer_user_id', id: buyerUserId },
        set: { return_carrier: body.carrier, return_tracking_no: body.trackingNo, receive_due_at: daysFrom(Date.now(), returnReceiveDays) },
      }),
    );
    return this.buyerGet(buyerUserId, id);
  }

  // ---- merchant ----

  async merchantList(merchantId: number, q: AfterSaleListQuery): Promise<MerchantAfterSaleList> {
    const page = await this.page(q, 'a.merchant_id = $1', merchantId);
    const rows = await this.dataSource.query<Array<{ status: AfterSaleStatus; n: number }>>(
      'SELECT status, count(*)::int AS n FROM after_sale WHERE merchant_id = $1 GROUP BY status',
      [merchantId],
    );
    const counts = Object.fromEntries(AfterSaleStatus.options.map((s) => [s, rows.find((r) => r.status === s)?.n ?? 0])) as MerchantAfterSaleList['counts'];
    return { items: page.items, total: page.total, counts };
  }

  async merchantGet(merchantId: number, id: number): Promise<MerchantAfterSaleDetail> {
    const view = await this.one(this.dataSource.manager, id, 'a.merchant_id', merchantId);
    const [order] = await loadOrderViews(this.dataSource.manager, [view.orderId]);
    return { ...view, order: order! };
  }

  /**
   * Refund-only: the refund goes to WeChat Pay now. Return-and-refund: the buyer is told where to send the
   * goods (this address, or the merchant's default) and has `returnShipDays` to do it.
   */
  async approve(merchantId: number, userId: number, id: number, body: ApproveAfterSaleBody): Promise<MerchantAfterSaleDetail> {
    const [current] = await this.dataSource.query<Array<{ type: AfterSaleType; return_address: Address | null }>>(
      'SELECT a.type, m.return_address FROM after_sale a JOIN merchant m ON m.id = a.merchant_id WHERE a.id = $1 AND a.merchant_id = $2',
      [id, merchantId],
    );
    if (!current) throw new NotFound('售后申请');
    if (current.type === 'refund_only') {
      const refundId = await this.dataSource.transaction((em) => approveRefundOnly(em, id, merchantId, userId));
      await this.submitter.submit(refundId);
    } else {
      const address = body.returnAddress ?? current.return_address;
      if (!address) throw new Invalid('returnAddress', '请填写退货地址（或在售后设置中保存默认退货地址）');
      const { returnShipDays } = await this.settings.get();
      await this.dataSource.transaction((em) =>
        applyAfterSaleTransition(em, id, 'approveReturn', {
          owner: { column: 'merchant_id', id: merchantId },
          set: { decided_by: userId, return_address: JSON.stringify(address), return_due_at: daysFrom(Date.now(), returnShipDays) },
        }),
      );
    }
    return this.merchantGet(merchantId, id);
  }

  async reject(merchantId: number, userId: number, id: number, body: RejectAfterSaleBody): Promise<MerchantAfterSaleDetail> {
    await this.dataSource.transaction(async (em) => {
      // a pending request is declined; a return on its way back is refused (the parcel never came, or not as described)
      const [current] = await em.query<Array<{ status: AfterSaleStatus }>>('SELECT status FROM after_sale WHERE id = $1 AND merchant_id = $2', [
        id,
        merchantId,
      ]);
      const event = current?.status === 'returning' ? 'rejectReturn' : 'reject';
      // refusing a return keeps who approved it (decided_by); the refund row records who refused
      const set = event === 'rejectReturn' ? { reject_reason: body.reason } : { decided_by: userId, reject_reason: body.reason };
      const a = await applyAfterSaleTransition(em, id, event, { owner: { column: 'merchant_id', id: merchantId }, set });
      await applyRefundTransition(em, a.refund_id, 'reject', { set: { decided_by: userId, reject_reason: body.reason } });
    });
    return this.merchantGet(merchantId, id);
  }

  /** The returned parcel arrived: the refund goes out, and the goods go back on sale when it succeeds. */
  async confirmReturn(merchantId: number, userId: number, id: number): Promise<MerchantAfterSaleDetail> {
    const refundId = await this.dataSource.transaction((em) => receiveReturn(em, id, userId, merchantId));
    await this.submitter.submit(refundId);
    return this.merchantGet(merchantId, id);
  }

  async getSettings(merchantId: number): Promise<AfterSaleSettings> {
    return { returnAddress: await this.merchants.returnAddress(merchantId) };
  }

  async putSettings(merchantId: number, body: AfterSaleSettings): Promise<AfterSaleSettings> {
    await this.merchants.setReturnAddress(merchantId, body.returnAddress ?? null);
    return this.getSettings(merchantId);
  }

  // ---- shared ----

  private async page(q: AfterSaleListQuery, owner: string, ownerId: number): Promise<AfterSalePage> {
    const where = `${owner} AND ($2::text IS NULL OR a.status = $2) AND ($3::bigint IS NULL OR a.order_id = $3)`;
    const values = [ownerId, q.status ?? null, q.orderId ?? null];
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(`SELECT count(*)::int AS total FROM after_sale a WHERE ${where}`, values);
    const rows = await this.dataSource.query<AfterSaleSelectRow[]>(`${AFTER_SALE_SELECT} WHERE ${where} ORDER BY a.id DESC LIMIT $4 OFFSET $5`, [
      ...values,
      q.pageSize,
      (q.page - 1) * q.pageSize,
    ]);
    return { items: await afterSaleViews(this.dataSource.manager, rows), total, page: q.page, pageSize: q.pageSize };
  }

  private async one(em: EntityManager, id: number, ownerColumn: string, ownerId: number): Promise<AfterSaleView> {
    const rows = await em.query<AfterSaleSelectRow[]>(`${AFTER_SALE_SELECT} WHERE a.id = $1 AND ${ownerColumn} = $2`, [id, ownerId]);
    if (!rows.length) throw new NotFound('售后申请');
    return (await afterSaleViews(em, rows))[0]!;
  }
}

/** Before shipping only money can go back; once shipped the buyer may also send the goods back. */
function allowedTypes(order: Pick<OrderRow, 'shipped_at'>): AfterSaleType[] {
  return order.shipped_at ? ['refund_only', 'return_refund'] : ['refund_only'];
}
