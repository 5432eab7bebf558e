import { Injectable } from '@nestjs/common';
import { type Address, type MerchantOrdersExportQuery, type OrderStatus, orderStatusLabel } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { merchantOrderFilter } from './merchant-order-filter.js';

/** One CSV line's columns: `created`/`paid` are Asia/Shanghai wall-clock text, `items` the lines joined. */
interface OrderExportRow {
  out_trade_no: string;
  created: string;
  paid: string | null;
  status: OrderStatus;
  address: Address | null;
  remark: string;
  items_total: number;
  discount_total: number;
  shipping_fee: number;
  paid_total: number;
  refunded_total: number;
  carrier: string | null;
  tracking_no: string | null;
  items: string | null;
  quantity: number | null;
}

const MAX_ROWS = 5000;

const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a text starting with = + - @ (or a tab /
 * carriage return) is prefixed with ' so Excel shows it instead of running it as a formula (CSV injection:
 * buyers type remarks and names).
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * GET /merchant/orders/export.csv: the orders the list's filters match, one row per order, amounts in yuan
 * with two decimals, times in Asia/Shanghai. UTF-8 with a BOM and CRLF lines, so Excel opens the Chinese
 * text correctly on a double click.
 */
@Injectable()
export class OrderExportService {
  constructor(private readonly dataSource: DataSource) {}

  async csv(merchantId: number, q: MerchantOrdersExportQuery): Promise<string> {
    const { where, params } = merchantOrderFilter(merchantId, q);
    const rows = await this.dataSource.query<OrderExportRow[]>(
      `SELECT o.out_trade_no, to_char(o.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS created,
              to_char(o.paid_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS paid, o.status, o.address, o.remark,
              o.items_total, o.discount_total, o.shipping_fee, o.paid_total, o.refunded_total, o.carrier, o.tracking_no,
              (SELECT string_agg(i.title || CASE WHEN jsonb_array_length(i.spec_values) > 0
                        THEN '（' || (SELECT string_agg(v, '/') FROM jsonb_array_elements_text(i.spec_values) v) || '）' ELSE '' END
                        || ' ×' || i.quantity, '；' ORDER BY i.id) FROM order_item i WHERE i.order_id = o.id) AS items,
              (SELECT sum(i.quantity)::int FROM order_item i WHERE i.order_id = o.id) AS quantity
       FROM (SELECT * FROM "order" WHERE ${where}) o ORDER BY o.id DESC LIMIT ${MAX_ROWS}`,
      params,
    );
    const header = [
      '订单号',
      '下单时间',
      '付款时间',
      '状态',
      '商品',
      '件数',
      '商品金额',
      '优惠',
      '运费',
      '实付',
      '已退款',
      '收货人',
      '电话',
      '收货地址',
      '买家备注',
      '物流公司',
      '运单号',
    ];
    const lines = [header.join(',')];
    for (const r of rows) {
      const a: Partial<Address> = r.address ?? {};
      lines.push(
        [
          r.out_trade_no,
          r.created,
          r.paid ?? '',
          orderStatusLabel(r.status),
          r.items ?? '',
          r.quantity ?? 0,
          yuan(r.items_total),
          yuan(r.discount_total),
          yuan(r.shipping_fee),
          yuan(r.paid_total),
          yuan(r.refunded_total),
          a.name ?? '',
          a.phone ?? '',
          `${a.province ?? ''}${a.city ?? ''}${a.district ?? ''}${a.detail ?? ''}`,
          r.remark,
          r.carrier ?? '',
          r.tracking_no ?? '',
        ]
          .map((v) => csvCell(typeof v === 'number' ? v : String(v)))
          .join(','),
      );
    }
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }
}
