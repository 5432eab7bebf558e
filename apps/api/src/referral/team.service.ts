import { Injectable } from '@nestjs/common';
import { type TeamSummaryView, type TeamView, shanghaiDate, shanghaiDayRange } from '@shareshop/common';
import { DataSource } from 'typeorm';

const LEVEL_COLUMN = { 1: 'upline1_id', 2: 'upline2_id', 3: 'upline3_id' } as const;

/**
 * Team views read the chain stored on each user (upline1..3) through the (uplineN, bound_at, id) indexes:
 * one index range per level, no tree walk, so a page costs the same at 10 users or 1,000,000.
 * Nothing here feeds pay: team size and team volume are shown, never rewarded (compliance).
 */
@Injectable()
export class TeamService {
  constructor(private readonly dataSource: DataSource) {}

  async counts(userId: number): Promise<TeamView['counts']> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM app_user WHERE upline1_id = $1)::int AS level1,
              (SELECT count(*) FROM app_user WHERE upline2_id = $1)::int AS level2,
              (SELECT count(*) FROM app_user WHERE upline3_id = $1)::int AS level3`,
      [userId],
    );
    return row;
  }

  async list(userId: number, level: 1 | 2 | 3, page: number, pageSize: number): Promise<TeamView> {
    const column = LEVEL_COLUMN[level];
    const rows = await this.dataSource.query(
      `SELECT id, nickname, avatar_url, is_distributor, bound_at FROM app_user WHERE ${column} = $1
       ORDER BY bound_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [userId, pageSize, (page - 1) * pageSize],
    );
    const counts = await this.counts(userId);
    return {
      level,
      counts,
      total: counts[`level${level}`],
      page,
      pageSize,
      items: rows.map((r: any) => ({
        userId: r.id,
        nickname: r.nickname,
        avatarUrl: r.avatar_url,
        isDistributor: r.is_distributor,
        boundAt: r.bound_at ? new Date(r.bound_at).toISOString() : null,
      })),
    };
  }

  /** Team size per level and this Asia/Shanghai month's sales (paid − refunded) through each level's shops. */
  async summary(userId: number, now = new Date()): Promise<TeamSummaryView> {
    const month = shanghaiDate(now).slice(0, 7);
    const start = shanghaiDayRange(`${month}-01`).start;
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const end = shanghaiDayRange(next).start;
    const sum = (column: string) =>
      `(SELECT json_build_object('amount', COALESCE(SUM(paid_amount - refunded_amount), 0)::bigint, 'orders', count(*)::int)
        FROM distribution_sale WHERE ${column} = $1 AND paid_at >= $2 AND paid_at < $3)`;
    const [row] = await this.dataSource.query(
      `SELECT ${sum('distributor_user_id')} AS own, ${sum('upline1_id')} AS l1, ${sum('upline2_id')} AS l2, ${sum('upline3_id')} AS l3`,
      [userId, start, end],
    );
    const amount = (v: { amount: number | string }) => Number(v.amount);
    return {
      counts: await this.counts(userId),
      month,
      sales: { own: amount(row.own), level1: amount(row.l1), level2: amount(row.l2), level3: amount(row.l3) },
      orders: { own: row.own.orders, level1: row.l1.orders, level2: row.l2.orders, level3: row.l3.orders },
    };
  }
}
