import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminUserList, AdminUsersQuery, AdminUserView, IdParam } from '@shareshop/common';
import { DataSource } from 'typeorm';
import { PlatformAdmin } from '../access/access.guards.js';
import { type AuthUser, CurrentUser } from './auth.guard.js';
import { Invalid, NotFound } from '../domain/errors.js';
import { ZParam, ZQuery, ZResponse } from '../http/validation.js';
import { SessionVersions } from './session-versions.js';

const USER_COLUMNS = `id, nickname, avatar_url, is_distributor, blocked_at, created_at`;
interface AdminUserRow {
  id: number;
  nickname: string;
  avatar_url: string | null;
  is_distributor: boolean;
  blocked_at: Date | null;
  created_at: Date;
}
const userView = (r: AdminUserRow): AdminUserView => ({
  id: r.id,
  nickname: r.nickname,
  avatarUrl: r.avatar_url,
  isDistributor: r.is_distributor,
  blockedAt: r.blocked_at ? new Date(r.blocked_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
});

/** Platform operators look users up and block them; blocking ends every session of the user at once. */
@ApiTags('admin')
@Controller('admin/users')
@PlatformAdmin()
export class AdminUsersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionVersions,
  ) {}

  /** By exact id (q all digits) or nickname substring; newest first, paged (≤ 50). */
  @Get()
  @ZResponse(AdminUserList)
  async list(@ZQuery(AdminUsersQuery) query: AdminUsersQuery): Promise<AdminUserList> {
    const q = query.q?.trim() ?? '';
    const id = /^\d{1,15}$/.test(q) ? Number(q) : null;
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const where = q === '' ? 'true' : `(id = $3 OR nickname ILIKE $4)`;
    const params = q === '' ? [] : [id, pattern];
    const rows = await this.dataSource.query<Array<AdminUserRow & { total: number }>>(
      `SELECT ${USER_COLUMNS}, count(*) OVER () AS total FROM app_user WHERE ${where} ORDER BY id DESC LIMIT $1 OFFSET $2`,
      [query.pageSize, (query.page - 1) * query.pageSize, ...params],
    );
    return { items: rows.map(userView), total: rows.length ? Number(rows[0].total) : 0, page: query.page, pageSize: query.pageSize };
  }

  @Post(':id/block')
  @HttpCode(200)
  @ZResponse(AdminUserView)
  async block(@CurrentUser() admin: AuthUser, @ZParam('id', IdParam) id: number): Promise<AdminUserView> {
    if (id === admin.id) throw new Invalid('id', '不能停用自己的账号');
    if (!(await this.sessions.block(id))) throw new NotFound('用户');
    return this.get(id);
  }

  @Post(':id/unblock')
  @HttpCode(200)
  @ZResponse(AdminUserView)
  async unblock(@ZParam('id', IdParam) id: number): Promise<AdminUserView> {
    if (!(await this.sessions.unblock(id))) throw new NotFound('用户');
    return this.get(id);
  }

  private async get(id: number): Promise<AdminUserView> {
    const [row] = await this.dataSource.query<AdminUserRow[]>(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1`, [id]);
    return userView(row);
  }
}
