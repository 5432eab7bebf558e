import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  INVITATION_CODE_ALPHABET,
  INVITATION_CODE_LENGTH,
  INVITATION_VALID_DAYS,
  type InvitationLookupView,
  type InvitationStatus,
  type MerchantInvitationView,
  type MerchantMembershipView,
  type MerchantStatus,
} from '@shareshop/common';
import { DataSource } from 'typeorm';
import { Conflict, Gone, NotFound } from '../domain/errors.js';

/** Pending invitations one merchant may have at once: enough for any team, not a code-spraying tool. */
const MAX_PENDING_INVITATIONS = 20;

const iso = (d: Date | string) => new Date(d).toISOString();
const gone = (code: string, message: string) => new Gone(code, message);

function newCode(): string {
  let code = '';
  for (let i = 0; i < INVITATION_CODE_LENGTH; i++) code += INVITATION_CODE_ALPHABET[randomInt(INVITATION_CODE_ALPHABET.length)];
  return code;
}

/** What decides an invitation's status (statusOf). */
type InvitationState = { accepted_at: Date | null; revoked_at: Date | null; expires_at: Date };

function statusOf(row: InvitationState, now = Date.now()): InvitationStatus {
  if (row.accepted_at) return 'accepted';
  if (row.revoked_at) return 'revoked';
  return new Date(row.expires_at).getTime() <= now ? 'expired' : 'pending';
}

/**
 * Staff join a merchant by consent: the owner creates a single-use code valid 7 days and shares it; the
 * invited user accepts it. Nobody can be made a member of a merchant without their own request.
 */
@Injectable()
export class StaffInvitationsService {
  constructor(private readonly dataSource: DataSource) {}

  async create(merchantId: number, ownerUserId: number): Promise<MerchantInvitationView> {
    return this.dataSource.transaction(async (em) => {
      // one owner creating codes in parallel: the merchant row lock keeps the pending count exact
      const [merchant] = await em.query<Array<{ name: string }>>('SELECT name FROM merchant WHERE id = $1 FOR UPDATE', [merchantId]);
      if (!merchant) throw new NotFound('商家');
      const [{ pending }] = await em.query<Array<{ pending: number }>>(
        'SELECT count(*)::int AS pending FROM merchant_invitation WHERE merchant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()',
        [merchantId],
      );
      if (pending >= MAX_PENDING_INVITATIONS)
        throw new Conflict('TOO_MANY_INVITATIONS', `未使用的邀请码已有 ${MAX_PENDING_INVITATIONS} 个，请先撤销不用的邀请`);
      for (let attempt = 0; ; attempt++) {
        const code = newCode();
        const [row] = await em.query<Array<{ code: string; created_at: Date; expires_at: Date }>>(
          `INSERT INTO merchant_invitation (code, merchant_id, created_by, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))
           ON CONFLICT (code) DO NOTHING RETURNING code, created_at, expires_at`,
          [code, merchantId, ownerUserId, INVITATION_VALID_DAYS],
        );
        if (row) return { code: row.code, merchantId, merchantName: merchant.name, expiresAt: iso(row.expires_at), createdAt: iso(row.created_at) };
        if (attempt >= 3) throw new Error('invitation code collisions: alphabet exhausted?');
      }
    });
  }

  /** The owner's pending, unexpired codes, newest first (for the staff page). */
  async pending(merchantId: number): Promise<Array<{ code: string; expiresAt: string; createdAt: string }>> {
    const rows = await this.dataSource.query<Array<{ code: string; expires_at: Date; created_at: Date }>>(
      `SELECT code, expires_at, created_at FROM merchant_invitation
       WHERE merchant_id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() ORDER BY created_at DESC`,
      [merchantId],
    );
    return rows.map((r) => ({
      code: r.code,
      expiresAt: iso(r.expires_at),
      createdAt: iso(r.created_at),
    }));
  }

  /** Revokes a pending code of this merchant; another merchant's code is simply not found. */
  async revoke(merchantId: number, code: string): Promise<void> {
    const [row] = await this.dataSource.query<InvitationState[]>(
      'SELECT accepted_at, revoked_at, expires_at FROM merchant_invitation WHERE code = $1 AND merchant_id = $2',
      [code, merchantId],
    );
    if (!row) throw new NotFound('邀请码');
    if (row.accepted_at) throw new Conflict('INVITATION_USED', '邀请码已被使用，不能撤销；如需移除店员请在店员列表中操作');
    await this.dataSource.query('UPDATE merchant_invitation SET revoked_at = COALESCE(revoked_at, now()) WHERE code = $1 AND accepted_at IS NULL', [code]);
  }

  async lookup(code: string): Promise<InvitationLookupView> {
    const [row] = await this.dataSource.query<Array<InvitationState & { code: string; merchant_id: number; name: string }>>(
      `SELECT i.code, i.merchant_id, m.name, i.accepted_at, i.revoked_at, i.expires_at
       FROM merchant_invitation i JOIN merchant m ON m.id = i.merchant_id WHERE i.code = $1`,
      [code],
    );
    if (!row) throw new NotFound('邀请码');
    return { code: row.code, merchantId: row.merchant_id, merchantName: row.name, status: statusOf(row), expiresAt: iso(row.expires_at) };
  }

  /**
   * The caller joins as staff. Under the invitation's row lock, so a code is used exactly once however many
   * people accept it at the same moment.
   */
  async accept(code: string, userId: number): Promise<MerchantMembershipView> {
    return this.dataSource.transaction(async (em) => {
      const [row] = await em.query<
        Array<InvitationState & { merchant_id: number; name: string; status: MerchantStatus; owner_user_id: number; my_role: 'owner' | 'staff' | null }>
      >(
        `SELECT i.merchant_id, i.accepted_at, i.revoked_at, i.expires_at, m.name, m.status, m.owner_user_id,
                (SELECT role FROM merchant_member WHERE merchant_id = i.merchant_id AND user_id = $2) AS my_role
         FROM merchant_invitation i JOIN merchant m ON m.id = i.merchant_id WHERE i.code = $1 FOR UPDATE OF i`,
        [code, userId],
      );
      if (!row) throw new NotFound('邀请码');
      if (row.owner_user_id === userId || row.my_role === 'owner') throw new Conflict('ALREADY_MEMBER', '你是该商家的主账号，不能接受本商家的店员邀请');
      if (row.my_role) throw new Conflict('ALREADY_MEMBER', '你已是该商家的店员');
      const status = statusOf(row);
      if (status === 'accepted') throw gone('INVITATION_USED', '邀请码已被使用，请向商家索取新的邀请码');
      if (status === 'revoked') throw gone('INVITATION_REVOKED', '邀请码已被商家撤销');
      if (status === 'expired') throw gone('INVITATION_EXPIRED', `邀请码已过期（有效期 ${INVITATION_VALID_DAYS} 天），请向商家索取新的邀请码`);
      // the same user accepting two codes of one merchant at once: the member key decides, the loser changes nothing
      const [joined] = await em.query<Array<{ user_id: number }>>(
        `INSERT INTO merchant_member (merchant_id, user_id, role) VALUES ($1, $2, 'staff') ON CONFLICT DO NOTHING RETURNING user_id`,
        [row.merchant_id, userId],
      );
      if (!joined) throw new Conflict('ALREADY_MEMBER', '你已是该商家的店员');
      await em.query('UPDATE merchant_invitation SET accepted_by = $2, accepted_at = now() WHERE code = $1', [code, userId]);
      return { merchantId: row.merchant_id, name: row.name, status: row.status, role: 'staff' as const };
    });
  }

  /** The acting member leaves the merchant; the owner cannot (a merchant always has its owner). */
  async leave(merchantId: number, userId: number, role: 'owner' | 'staff'): Promise<void> {
    if (role === 'owner') throw new Conflict('OWNER_CANNOT_LEAVE', '主账号不能退出');
    await this.dataSource.query(`DELETE FROM merchant_member WHERE merchant_id = $1 AND user_id = $2 AND role = 'staff'`, [merchantId, userId]);
  }
}
