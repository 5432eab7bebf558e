import { Injectable } from '@nestjs/common';
import type { BindingMode, BindingOutcome } from '@shareshop/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PlatformSettingsService } from '../platform/settings.service.js';

export type BindingVia = 'login' | 'explicit' | 'clone';

export interface BindRequest {
  /** the referrer's code (a link's `ref`); wins over shopId when both are given */
  referralCode?: string | null;
  /** the shop the user arrived in; its owner is the referrer (merchant shops bind no one) */
  shopId?: number | null;
  via: BindingVia;
  /** true on the login that created the account: the only moment `registration_only` binds */
  newUser?: boolean;
}

export interface BindResult {
  outcome: BindingOutcome;
  /** why a binding was refused or left unchanged (stable snake_case codes, also in the log) */
  reason: string | null;
  /** the user's level-1 upline after the decision */
  uplineUserId: number | null;
}

interface Candidate {
  id: number;
}

/**
 * Advisory-lock namespace of bindings: a binding locks (BINDING_LOCK_SPACE, id) for the user being bound and
 * for every ancestor of the candidate, in key order. Two bindings that could together close a cycle (A→B
 * while B→A, or longer) always share one of those ids, so they run one after the other; bindings in
 * unrelated parts of the tree do not wait for each other.
 */
const BINDING_LOCK_SPACE = 7_300_105;

/**
 * Decides and records who a user's upline is (the domain brief's binding rules):
 * never self, never into one's own downline, then the platform's mode (first touch / registration only /
 * last touch, with optional expiry). The chain (upline1..3) is written at bind time; when an already-bound
 * user is rebound, the stored chains of their level-1 and level-2 descendants are rewritten with two
 * set-based UPDATEs (levels deeper than 3 store nothing about this user, so nothing else changes).
 * Team sizes (team_stats) follow every one of these chain writes through the statement triggers on
 * app_user, in the same transaction: nothing here counts, so no write path can forget to.
 * Every decision, accepted or refused, goes to referral_binding_log inside the caller's transaction.
 */
@Injectable()
export class ReferralBindingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: PlatformSettingsService,
  ) {}

  /** Pass the caller's transaction (login, clone) so the binding commits with it; without one, runs its own. */
  /** The user becomes a distributor (opening a distributor shop): referral owns the distribution columns of app_user. */
  async makeDistributor(em: EntityManager, userId: number): Promise<void> {
    await em.query('UPDATE app_user SET is_distributor = true WHERE id = $1', [userId]);
  }

  async bind(em: EntityManager | undefined, userId: number, request: BindRequest): Promise<BindResult> {
    if (!em) return this.dataSource.transaction((tx) => this.bind(tx, userId, request));
    const { bindingMode: mode, bindingExpiryDays } = await this.settings.get();
    const refused = (reason: string, candidateId: number | null, current: number | null = null) =>
      this.log(em, userId, request, mode, { outcome: 'refused', reason, uplineUserId: current }, candidateId, current);

    const found = await this.findCandidate(em, request);
    if ('reason' in found) return refused(found.reason, null);
    const candidate = found;
    if (candidate.id === userId) return refused('self', candidate.id);

    // Cheap pre-check without the global lock: most logins of bound users stop here.
    const pre = await this.current(em, userId, false);
    if (!pre) return { outcome: 'refused', reason: 'unknown_user', uplineUserId: null }; // nothing to log against
    const early = this.modeDecision(mode, pre, candidate.id, request);
    if (early) return this.log(em, userId, request, mode, { ...early, uplineUserId: pre.upline1 }, candidate.id, pre.upline1);

    const ancestors = await this.lockChain(em, userId, candidate.id);
    const user = (await this.current(em, userId, true))!;
    const decision = this.modeDecision(mode, user, candidate.id, request);
    if (decision) return this.log(em, userId, request, mode, { ...decision, uplineUserId: user.upline1 }, candidate.id, user.upline1);
    // The candidate's chain is read under the locks: read earlier, a rebinding of the candidate committing in
    // between would leave this user with the candidate's old ancestors.
    const upline = await this.chainOf(em, candidate.id);
    if (!upline.isDistributor) return refused('referrer_not_distributor', candidate.id, user.upline1);
    if (ancestors.includes(userId)) return refused('cycle', candidate.id, user.upline1);

    await em.query(
      `UPDATE app_user SET upline1_id = $2, upline2_id = $3, upline3_id = $4, bound_at = now(),
         bind_expires_at = CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END
       WHERE id = $1`,
      [userId, candidate.id, upline.upline1, upline.upline2, bindingExpiryDays],
    );
    // The user's descendants carry the user's ancestors in their upline2/3: keep them in step.
    await em.query('UPDATE app_user SET upline2_id = $2, upline3_id = $3 WHERE upline1_id = $1', [userId, candidate.id, upline.upline1]);
    await em.query('UPDATE app_user SET upline3_id = $2 WHERE upline2_id = $1', [userId, candidate.id]);
    const outcome: BindingOutcome = user.upline1 ? 'rebound' : 'bound';
    return this.log(em, userId, request, mode, { outcome, reason: null, uplineUserId: candidate.id }, candidate.id, user.upline1);
  }

  /** Null when the mode allows (re)binding to this candidate; otherwise the refusal. */
  private modeDecision(
    mode: BindingMode,
    user: { upline1: number | null; expired: boolean },
    candidateId: number,
    request: BindRequest,
  ): { outcome: BindingOutcome; reason: string } | null {
    if (user.upline1 === candidateId) return { outcome: 'unchanged', reason: 'same_upline' };
    if (user.upline1 !== null) {
      if (mode === 'last_touch') return null;
      if (mode === 'first_touch' && user.expired) return null;
      return { outcome: 'refused', reason: 'already_bound' };
    }
    if (mode === 'registration_only' && !request.newUser) return { outcome: 'refused', reason: 'not_at_registration' };
    return null;
  }

  private async findCandidate(em: EntityManager, request: BindRequest): Promise<Candidate | { reason: string }> {
    let userId: number | undefined;
    if (request.referralCode) {
      const [row] = await em.query<Array<{ id: number }>>('SELECT id FROM app_user WHERE referral_code = $1', [request.referralCode.trim().toUpperCase()]);
      if (!row) return { reason: 'unknown_referral_code' };
      userId = row.id;
    } else if (request.shopId) {
      const [shop] = await em.query<Array<{ kind: 'merchant' | 'distributor'; owner_user_id: number }>>('SELECT kind, owner_user_id FROM shop WHERE id = $1', [
        request.shopId,
      ]);
      if (!shop) return { reason: 'unknown_shop' };
      // A merchant's own shop is the supplier, not a referrer: it never becomes anyone's upline.
      if (shop.kind !== 'distributor') return { reason: 'merchant_shop' };
      userId = shop.owner_user_id;
    } else {
      return { reason: 'no_referrer' };
    }
    return { id: userId! };
  }

  private async chainOf(em: EntityManager, userId: number): Promise<{ isDistributor: boolean; upline1: number | null; upline2: number | null }> {
    const [c] = await em.query<Array<{ is_distributor: boolean; upline1_id: number | null; upline2_id: number | null }>>(
      'SELECT is_distributor, upline1_id, upline2_id FROM app_user WHERE id = $1',
      [userId],
    );
    return { isDistributor: c.is_distributor, upline1: c.upline1_id, upline2: c.upline2_id };
  }

  private async current(em: EntityManager, userId: number, lock: boolean) {
    const [row] = await em.query<Array<{ upline1_id: number | null; expired: boolean }>>(
      `SELECT upline1_id, (bind_expires_at IS NOT NULL AND bind_expires_at <= now()) AS expired FROM app_user WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [userId],
    );
    return row ? { upline1: row.upline1_id, expired: row.expired } : null;
  }

  /**
   * Locks the user and the candidate with all of the candidate's ancestors, in key order (so two bindings
   * do not wait on each other crosswise; PostgreSQL ends the rare crosswise wait of a re-read as a deadlock, a 503), and returns those ancestors as they are under the locks. Every
   * write of an upline column is made by a binding of that row's user or of one of its ancestors, so once
   * the whole chain is locked it cannot change until this transaction ends; if it changed between reading
   * and locking, the newcomers are locked too and the chain read again.
   */
  private async lockChain(em: EntityManager, userId: number, candidateId: number): Promise<number[]> {
    const locked = new Set<number>();
    for (;;) {
      const ancestors = await this.ancestorsOf(em, candidateId);
      const missing = [userId, candidateId, ...ancestors].filter((id) => !locked.has(id));
      if (missing.length === 0) return ancestors;
      await em.query(
        // two-key advisory locks take int4: hash the bigint id (a collision only makes two bindings wait, never neither)
        `SELECT pg_advisory_xact_lock($1, key) FROM (SELECT DISTINCT hashint8(id) AS key FROM unnest($2::bigint[]) AS id ORDER BY key) AS ordered`,
        [BINDING_LOCK_SPACE, missing],
      );
      for (const id of missing) locked.add(id);
    }
  }

  /**
   * Every ancestor of `userId`, nearest first. Each stored chain names three ancestors, so hopping along
   * upline3 visits every ancestor in depth/3 index lookups. Only at bind time, never on a read path.
   */
  private async ancestorsOf(em: EntityManager, userId: number): Promise<number[]> {
    const rows = await em.query<Array<{ id: string | number }>>(
      `WITH RECURSIVE chain (u1, u2, u3, depth) AS (
         SELECT upline1_id, upline2_id, upline3_id, 0 FROM app_user WHERE id = $1
         UNION ALL
         SELECT a.upline1_id, a.upline2_id, a.upline3_id, c.depth + 1 FROM app_user a JOIN chain c ON a.id = c.u3 WHERE c.depth < 1000
       ) SELECT id FROM chain, LATERAL unnest(ARRAY[u1, u2, u3]) WITH ORDINALITY AS up(id, level) WHERE id IS NOT NULL ORDER BY depth, level`,
      [userId],
    );
    return [...new Set(rows.map((r) => Number(r.id)))];
  }

  private async log(
    em: EntityManager,
    userId: number,
    request: BindRequest,
    mode: BindingMode,
    result: BindResult,
    candidateId: number | null,
    previousUplineId: number | null,
  ): Promise<BindResult> {
    await em.query(
      `INSERT INTO referral_binding_log (user_id, candidate_user_id, referral_code, shop_id, via, mode, outcome, reason, previous_upline_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [userId, candidateId, request.referralCode ?? null, request.shopId ?? null, request.via, mode, result.outcome, result.reason, previousUplineId],
    );
    return result;
  }
}
