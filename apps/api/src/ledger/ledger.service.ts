import { Injectable } from '@nestjs/common';
import { shanghaiDate } from '@shareshop/common';
import type { EntityManager } from 'typeorm';
import type { AccountRef, PostingKind } from './accounts.js';

export interface PostingLine {
  account: AccountRef;
  /** signed fen: debit positive, credit negative */
  amount: number;
}

export interface PostingInput {
  kind: PostingKind;
  /** The business fact this posting records; posting the same key twice is a no-op. */
  idempotencyKey: string;
  refType?: string;
  refId?: number;
  occurredAt?: Date;
  memo?: string;
  lines: PostingLine[];
}

/**
 * The only writer of money movements. Call it inside the transaction that changes the business state
 * (order paid, refund applied, withdrawal held...), so the state and its money move together or not at all.
 * The database re-checks the balance at commit and forbids updates and deletes of history.
 */
@Injectable()
export class LedgerService {
  /** Returns the new posting id, or null when this idempotency key was already posted (or it moves nothing). */
  async post(em: EntityManager, input: PostingInput): Promise<number | null> {
    return (await this.write(em, [input])).get(input.idempotencyKey) ?? null;
  }

  /** `post` for many postings at once (the batched payment callback path). Returns how many were written. */
  async postMany(em: EntityManager, inputs: PostingInput[]): Promise<number> {
    return (await this.write(em, inputs)).size;
  }

  /**
   * Checks every posting (integer fen, balanced), then writes the postings and their entries in one statement:
   * a posting whose key exists already writes no entries. Returns the new postings' ids by idempotency key.
   */
  private async write(em: EntityManager, inputs: PostingInput[]): Promise<Map<string, number>> {
    const postings = inputs.map((input) => ({ ...input, lines: input.lines.filter((l) => l.amount !== 0) }));
    for (const input of postings) {
      for (const l of input.lines) {
        if (!Number.isSafeInteger(l.amount)) throw new RangeError(`ledger amount must be integer fen (${l.account.code})`);
      }
      const sum = input.lines.reduce((s, l) => s + l.amount, 0);
      if (sum !== 0) throw new Error(`posting ${input.idempotencyKey} does not balance: ${sum}`);
    }
    const moving = postings.filter((input) => input.lines.length > 0);
    if (moving.length === 0) return new Map();

    const accountIds = await this.accountIds(
      em,
      moving.flatMap((p) => p.lines.map((l) => l.account)),
    );
    const entries = moving.flatMap((p) => p.lines.map((l) => [p.idempotencyKey, accountIds.get(l.account.code), l.amount] as const));
    const written = await em.query<Array<{ id: number; idempotency_key: string }>>(
      `WITH p AS (
         INSERT INTO ledger_posting (kind, idempotency_key, ref_type, ref_id, business_date, memo)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::date[], $6::text[])
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, idempotency_key),
       e AS (
         INSERT INTO ledger_entry (posting_id, account_id, amount)
         SELECT p.id, e.account_id, e.amount FROM unnest($7::text[], $8::bigint[], $9::bigint[]) AS e(key, account_id, amount)
         JOIN p ON p.idempotency_key = e.key)
       SELECT id, idempotency_key FROM p`,
      [
        moving.map((p) => p.kind),
        moving.map((p) => p.idempotencyKey),
        moving.map((p) => p.refType ?? null),
        moving.map((p) => p.refId ?? null),
        moving.map((p) => shanghaiDate(p.occurredAt ?? new Date())),
        moving.map((p) => p.memo ?? ''),
        entries.map((e) => e[0]),
        entries.map((e) => e[1]),
        entries.map((e) => e[2]),
      ],
    );
    return new Map(written.map((w) => [w.idempotency_key, w.id]));
  }

  /** Balance of one account in fen (debit-positive). Pass a transaction's manager to read inside it. */
  async balance(em: EntityManager, code: string): Promise<number> {
    const [row] = await em.query<Array<{ balance: number }>>(
      `SELECT COALESCE(SUM(e.amount), 0)::bigint AS balance FROM ledger_entry e
       JOIN ledger_account a ON a.id = e.account_id WHERE a.code = $1`,
      [code],
    );
    return row.balance;
  }

  /** Sum over every entry in the ledger; zero whenever the books are consistent. */
  async total(em: EntityManager): Promise<number> {
    const [row] = await em.query<Array<{ total: number }>>('SELECT COALESCE(SUM(amount), 0)::bigint AS total FROM ledger_entry');
    return row.total;
  }

  /** Locks an account row (creating it if needed) so concurrent spenders of one balance queue up. */
  async lockAccount(em: EntityManager, account: AccountRef): Promise<number> {
    const ids = await this.accountIds(em, [account]);
    const id = ids.get(account.code)!;
    await em.query('SELECT id FROM ledger_account WHERE id = $1 FOR UPDATE', [id]);
    return id;
  }

  /** Account ids never change once created, so a process-wide cache saves a round trip per posting. */
  private readonly idCache = new Map<string, number>();

  /**
   * Resolves account codes to ids inside the caller's transaction (a second connection could starve the
   * pool when many transactions queue on one row lock). Only ids of rows committed by someone else are
   * cached: an account this transaction created may still roll back, so it is looked up again next time.
   */
  private async accountIds(em: EntityManager, accounts: AccountRef[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const missing = new Map<string, AccountRef>();
    for (const a of accounts) {
      const cached = this.idCache.get(a.code);
      if (cached !== undefined) ids.set(a.code, cached);
      else missing.set(a.code, a);
    }
    if (missing.size) {
      const refs = [...missing.values()];
      await em.query(
        `INSERT INTO ledger_account (code, kind, owner_type, owner_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) ON CONFLICT (code) DO NOTHING`,
        [refs.map((a) => a.code), refs.map((a) => a.kind), refs.map((a) => a.ownerType ?? null), refs.map((a) => a.ownerId ?? null)],
      );
      const rows = await em.query<Array<{ id: number; code: string; mine: boolean }>>(
        `SELECT id, code, xmin::text = (txid_current_if_assigned() % 4294967296)::text AS mine
         FROM ledger_account WHERE code = ANY($1)`,
        [refs.map((a) => a.code)],
      );
      for (const r of rows) {
        ids.set(r.code, r.id);
        if (!r.mine) this.idCache.set(r.code, r.id);
      }
    }
    return ids;
  }
}
