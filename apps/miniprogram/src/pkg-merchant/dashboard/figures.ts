/**
 * The dashboard's numbers from GET /merchant/orders/summary: today's orders and sales, and the 7-day chart.
 * Sales are what the orders paid that day net of what has been refunded on them since; all in fen.
 */
import type { MerchantSalesSummary } from '../../api/types';

export interface ChartBar {
  day: string;
  /** '今天' for today, else 'MM-DD' */
  label: string;
  fen: number;
  orders: number;
  /** bar height, 0..100 (a day with sales is never drawn shorter than MIN_PERCENT, so it stays visible) */
  percent: number;
  /** short amount shown over a bar with sales ('128', '1.2万'), '' for none */
  amount: string;
  today: boolean;
}

export interface DashboardFigures {
  todaySales: number;
  todayOrders: number;
  weekSales: number;
  weekOrders: number;
  bars: ChartBar[];
  /** no sales at all over the period: the page says so instead of drawing empty bars */
  empty: boolean;
}

export const MIN_PERCENT = 4;

/** Whole yuan, or 万 with one decimal from 10,000 yuan; integer maths on fen, rounded down. */
export function compactYuan(fen: number): string {
  if (fen <= 0) return '';
  const yuan = Math.floor(fen / 100);
  if (yuan < 10_000) return String(yuan || '<1');
  const tenths = Math.floor(yuan / 1_000); // of 万
  return tenths % 10 === 0 ? `${tenths / 10}万` : `${Math.floor(tenths / 10)}.${tenths % 10}万`;
}

export function dashboardFigures(summary: MerchantSalesSummary): DashboardFigures {
  const days = summary.days.map((d) => ({ ...d, fen: Math.max(0, d.paidTotal - d.refundedTotal) }));
  const max = Math.max(0, ...days.map((d) => d.fen));
  const today = days.find((d) => d.day === summary.today);
  return {
    todaySales: today?.fen ?? 0,
    todayOrders: today?.orders ?? 0,
    weekSales: days.reduce((s, d) => s + d.fen, 0),
    weekOrders: days.reduce((s, d) => s + d.orders, 0),
    empty: max === 0,
    bars: days.map((d) => ({
      day: d.day,
      label: d.day === summary.today ? '今天' : d.day.slice(5),
      fen: d.fen,
      orders: d.orders,
      percent: d.fen > 0 ? Math.max(MIN_PERCENT, Math.round((d.fen / max) * 100)) : 0,
      amount: compactYuan(d.fen),
      today: d.day === summary.today,
    })),
  };
}
