import { Injectable } from '@nestjs/common';
import { type TeamSummaryView, type TeamView, shanghaiDate } from '@shareshop/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { PlatformSettingsService } from '../platform/settings.service.js';

const LEVEL_COLUMN = { 1: 'upline1_id', 2: 'upline2_id', 3: 'upline3_id' } as const;

type Counts = TeamView['counts'];
type TeamStatsRow = { level1: number | null; level2: number | null; level3: number | null };
/** One member of a team page: app_user columns. */
type TeamMember = { id: number; nickname: string; avatar_url: string | null; is_distributor: boolean; bound_at: Date | null };
/** The caller's counters joined with a page of members: the member columns are null on the single row of an empty page. */
type TeamListRow = TeamStatsRow & { [K in keyof TeamMember]: TeamMember[K] | null };

const countsOf = (row: { level1: number | null; level2: number | null; level3: number | null } | undefined): Counts => ({
  // no team_stats row: nobody has ever been bound under this user
  level1: row?.level1 ?? 0,
  level2: row?.level2 ?? 0,
  level3: row?.level3 ?? 0,
});

/**
 * Team views read the chain stored on each user (upline1..3) through the (uplineN, bound_at, id) indexes,
 * and team sizes and monthly team sales from the figures the database keeps beside them (`team_stats`,
 * `team_sales_month`, maintained by triggers in the writing transaction: migration 1763800700000). No
 * count(*) and no sum over a team on a request: a page and a summary cost the same for a team of 10 and a
 * team of 125,000, and each route is one statement (one round trip, one pooled connection), sent as a named
 * prepared statement (see `read`).
 * Nothing here feeds pay: team size and team volume are shown, never rewarded (compliance).
 */
@Injectable()
export class TeamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PlatformSettingsService,
  ) {}

  /**
   * One level of the caller's team. Levels deeper than the platform's commission levels are not listed (an
   * empty page, `visibleLevels` says how deep the list goes): with the compliant default of one level a
   * distributor sees only the people who opened a shop through them. Beyond the direct level, people are
   * shown masked (张**, no avatar): they never chose to share their profile with their upline's upline.
   */
  async list(userId: number, level: 1 | 2 | 3, page: number, pageSize: number): Promise<TeamView> {
    const visibleLevels = await this.visibleLevels();
    if (level > visibleLevels) {
      const counts = countsOf((await this.read<TeamStatsRow>('team.counts', 'SELECT level1, level2, level3 FROM team_stats WHERE user_id = $1', [userId]))[0]);
      return { level, visibleLevels, counts, total: 0, page, pageSize, items: [] };
    }
    const column = LEVEL_COLUMN[level];
    // The counters row joined with the page: the single "me" row keeps the counts when the page is empty.
    const rows = await this.read<TeamListRow>(
      `team.list.${level}`,
      `SELECT s.level1, s.level2, s.level3, u.id, u.nickname, u.avatar_url, u.is_distributor, u.bound_at
       FROM (SELECT $1::bigint AS id) me
       LEFT JOIN team_stats s ON s.user_id = me.id
       LEFT JOIN (SELECT id, nickname, avatar_url, is_distributor, bound_at FROM app_user WHERE ${column} = $1
                  ORDER BY bound_at DESC, id DESC LIMIT $2 OFFSET $3) u ON true
       ORDER BY u.bound_at DESC, u.id DESC`,
      [userId, pageSize, (page - 1) * pageSize],
    );
    const counts = countsOf(rows[0]);
    const masked = level > 1;
    return {
      level,
      visibleLevels,
      counts,
      total: counts[`level${level}`],
      page,
      pageSize,
      items: rows
        .filter((r): r is TeamListRow & TeamMember => r.id !== null)
        .map((r) => ({
          userId: r.id,
          nickname: masked ? maskNickname(r.nickname) : r.nickname,
          avatarUrl: masked ? null : r.avatar_url,
          isDistributor: r.is_distributor,
          boundAt: r.bound_at ? new Date(r.bound_at).toISOString() : null,
        })),
    };
  }

  /** How many levels of the team a distributor may list: the platform's commission levels, at least the direct one. */
  private async visibleLevels(): Promise<number> {
    return Math.max(1, (await this.settings.get()).commissionLevels);
  }

  /** Team size per level and this Asia/Shanghai month's sales (paid − refunded) through each level's shops. */
  async summary(userId: number, now = new Date()): Promise<TeamSummaryView> {
    const month = shanghaiDate(now).slice(0, 7);
    // team_sales_month is keyed by the first day of the Asia/Shanghai month of payment; level 0 = own shop
    const rows = await this.read<{
      level1: number | null;
      level2: number | null;
      level3: number | null;
      level: number | null;
      amount: number | string | null;
      orders: number | null;
    }>(
      'team.summary',
      `SELECT s.level1, s.level2, s.level3, m.level, m.amount, m.orders
       FROM (SELECT $1::bigint AS id) me
       LEFT JOIN team_stats s ON s.user_id = me.id
       LEFT JOIN team_sales_month m ON m.user_id = me.id AND m.month = $2::date`,
      [userId, `${month}-01`],
    );
    const sales = { own: 0, level1: 0, level2: 0, level3: 0 };
    const orders = { own: 0, level1: 0, level2: 0, level3: 0 };
    for (const r of rows) {
      if (r.level === null) continue;
      const key = r.level === 0 ? 'own' : (`level${r.level}` as 'level1' | 'level2' | 'level3');
      sales[key] = Number(r.amount);
      orders[key] = Number(r.orders);
    }
    return { counts: countsOf(rows[0]), month, sales, orders };
  }

  /**
   * One statement as a named prepared statement on a pooled connection. These routes are hot and their
   * statements tiny: planning them on every call (what an unnamed statement costs) was about twice their
   * execution (0.21 vs 0.07 ms per list in pgbench). Prepared once per connection, the generic plans are
   * the same index scans for every user (the ORDER BY is the index's order), the whale included. Needs a
   * session-pooled connection (direct, or PgBouncer in session mode), as the API has.
   */
  private async read<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      return (await client.query({ name, text, values })).rows as T[];
    } finally {
      await runner.release();
    }
  }
}

/** 张三丰 → 张**: the first character only (code points, so an emoji or rare character is not split). */
export function maskNickname(nickname: string): string {
  const first = Array.from(nickname)[0] ?? '';
  return `${first}**`;
}
