import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared.js';

interface SessionState {
  version: number;
  blocked: boolean;
}

/** How long one instance trusts what it read; a change made through this instance invalidates at once. */
const TTL_MS = 1_000;
/** Bounded memory: past this many users the cache starts over (it is only a 1-second shortcut). */
const MAX_ENTRIES = 50_000;

/**
 * Each user's current `token_version` and whether they are blocked, as the auth guard checks them on every
 * request. Cached per user for TTL_MS per instance; changes made through this instance (sign out everywhere,
 * block) invalidate the entry at once, another instance sees them within TTL_MS.
 *
 * Misses are batched: the requests that miss while a lookup is in flight are answered together by the next
 * one (`WHERE id = ANY(...)`, primary key). So the guard holds at most one pooled connection at a time: a
 * burst of new users (a flash sale) does not make every request wait for a second pooled connection ahead of
 * its order transaction.
 */
@Injectable()
export class SessionVersions {
  private readonly cache = new Map<number, { at: number; state: SessionState | null }>();
  /** Bumped by every change made here: a read that was in flight during a change is not cached. */
  private changes = 0;
  private waiting = new Map<number, Array<{ resolve: (s: SessionState | null) => void; reject: (e: unknown) => void }>>();
  private inFlight = false;

  constructor(private readonly dataSource: DataSource) {}

  /** null: the user does not exist (a token for a deleted or never-existing user). */
  async current(userId: number): Promise<SessionState | null> {
    const hit = this.cache.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.state;
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(userId) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(userId, list);
      if (!this.inFlight) void this.lookUp();
    });
  }

  private async lookUp(): Promise<void> {
    this.inFlight = true;
    while (this.waiting.size) {
      const batch = this.waiting;
      this.waiting = new Map();
      const changesBefore = this.changes;
      try {
        // a named prepared statement: planned once per pooled connection (it runs ahead of every order)
        const rows = await preparedQuery<{ id: number; token_version: number; blocked_at: Date | null }>(
          this.dataSource.manager,
          'auth_session_states',
          'SELECT id, token_version, blocked_at FROM app_user WHERE id = ANY($1::bigint[])',
          [[...batch.keys()]],
        );
        const found = new Map(rows.map((r) => [Number(r.id), { version: r.token_version, blocked: r.blocked_at !== null }]));
        const fresh = changesBefore === this.changes;
        if (fresh && this.cache.size + batch.size > MAX_ENTRIES) this.cache.clear();
        for (const [userId, callers] of batch) {
          const state = found.get(userId) ?? null;
          if (fresh) this.cache.set(userId, { at: Date.now(), state });
          for (const c of callers) c.resolve(state);
        }
      } catch (error) {
        for (const callers of batch.values()) for (const c of callers) c.reject(error);
      }
    }
    this.inFlight = false;
  }

  /** Sign out everywhere: every token issued so far becomes stale. false when there is no such user. */
  async endAll(userId: number): Promise<boolean> {
    return this.write(userId, 'token_version = token_version + 1');
  }

  /** Blocks the user: their tokens stop working now and their logins are refused until unblocked. */
  async block(userId: number): Promise<boolean> {
    return this.write(userId, 'token_version = token_version + 1, blocked_at = COALESCE(blocked_at, now())');
  }

  /** Lifts a block; the old tokens stay stale (the user signs in again). */
  async unblock(userId: number): Promise<boolean> {
    return this.write(userId, 'blocked_at = NULL');
  }

  // Autocommit on purpose: the entry is dropped after the change is visible, so no request in between can
  // cache the old version for another second.
  private async write(userId: number, sets: string): Promise<boolean> {
    this.changes++;
    const [, count] = await this.dataSource.query(`UPDATE app_user SET ${sets} WHERE id = $1`, [userId]);
    this.changes++;
    this.invalidate(userId);
    return count > 0;
  }

  invalidate(userId: number): void {
    this.cache.delete(userId);
  }
}
