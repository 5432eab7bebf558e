import type { EntityManager } from 'typeorm';
import { IllegalTransition, NotFound } from './errors.js';

/**
 * The one way a status changes (issue #14). Each machine keeps its table as data beside its spec; this kit
 * reads the tables and turns a move into ONE conditional `UPDATE ... WHERE status = ANY(from)`: of two
 * concurrent callers (a notify and its duplicate, a buyer racing the deadline job) exactly one sees the row,
 * and the loser learns it from the empty result, not from a lock. Only a refused move costs a second
 * statement (the SELECT that names the current state in the 409).
 */

/** One event of a machine: the states it applies in, and the state it leads to (null: the status stays). */
export interface Transition<S extends string = string> {
  readonly from: readonly S[];
  readonly to: S | null;
}

/** The state `event` leads to from `from` in an event table, or null when the table refuses it. */
export function nextState<S extends string>(table: Readonly<Record<string, Transition<S>>>, from: string, event: string): S | null {
  const t = Object.hasOwn(table, event) ? table[event] : undefined;
  if (!t || !(t.from as readonly string[]).includes(from)) return null;
  return t.to ?? (from as S);
}

/** Whether a graph table (`state -> states it may move to`) allows `from -> to`. */
export function canMoveIn<S extends string>(graph: Readonly<Record<S, readonly S[]>>, from: S, to: S): boolean {
  return graph[from]?.includes(to) ?? false;
}

/** A refused move of a graph table: no SQL is sent for a move the table does not have. */
export function assertMove<S extends string>(graph: Readonly<Record<S, readonly S[]>>, noun: string, from: S, to: S): void {
  if (!canMoveIn(graph, from, to)) throw new IllegalTransition(`${noun}不能从 ${from} 变为 ${to}`);
}

export interface ConditionalUpdate {
  /** the table as written in SQL (`"order"` is quoted) */
  table: string;
  /** the row's key, column -> value (`{ id }`, or `{ payout_id, seq }`) */
  key: Readonly<Record<string, unknown>>;
  /** the row moves only while its status is one of these */
  from: readonly string[];
  /** the new status; null leaves it (an event that only changes columns, under the same guard) */
  to: string | null;
  /** columns stamped with the statement's time */
  stamps?: readonly string[];
  /** `clock_timestamp()` when several moves in one transaction must keep their own times; `now()` otherwise */
  clock?: 'now()' | 'clock_timestamp()';
  /** tables without an `updated_at` column (refund) say false */
  updatedAt?: boolean;
  /** extra `column = value` assignments made in the same UPDATE */
  set?: Readonly<Record<string, unknown>>;
  /** further `column = value` conditions of the move itself (a type guard): a row failing one is refused, not hidden */
  only?: Readonly<Record<string, unknown>>;
  /** extra condition of visibility (ownership), numbered from `$1` on its own; a row failing it is not found */
  where?: string;
  whereValues?: readonly unknown[];
  /** what the UPDATE returns: the row (`*`, the default), or a column when the caller only needs to know it moved */
  returning?: string;
}

/** The statement `tryTransition` sends, with its values (exported for the kit's spec). */
export function buildUpdate(u: ConditionalUpdate): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const keys = Object.entries(u.key).map(([column, value]) => `${column} = ${param(value)}`);
  const guard = `status = ANY(${param(u.from)}::text[])`;
  const only = Object.entries(u.only ?? {}).map(([column, value]) => `${column} = ${param(value)}`);
  const clock = u.clock ?? 'now()';
  const sets = [
    ...(u.to === null ? [] : [`status = ${param(u.to)}`]),
    ...(u.updatedAt === false ? [] : ['updated_at = now()']),
    ...(u.stamps ?? []).map((column) => `${column} = ${clock}`),
    ...Object.entries(u.set ?? {}).map(([column, value]) => `${column} = ${param(value)}`),
  ];
  const extra = u.where ? [`(${renumber(u.where, values.length)})`] : [];
  values.push(...(u.whereValues ?? []));
  return { sql: `UPDATE ${u.table} SET ${sets.join(', ')} WHERE ${[...keys, guard, ...only, ...extra].join(' AND ')} RETURNING ${u.returning ?? '*'}`, values };
}

/** Moves the row and returns it as it is now, or null when it is not (or no longer) in a `from` state. */
export async function tryTransition<Row = Record<string, unknown>>(em: EntityManager, u: ConditionalUpdate): Promise<Row | null> {
  const { sql, values } = buildUpdate(u);
  const [rows] = await em.query<[Row[], number]>(sql, values);
  return rows[0] ?? null;
}

/** How a refused move is reported: `<noun>当前状态为 <status>，不能执行 <event>` with `details`. */
export interface Refusal {
  noun: string;
  event: string;
  /** the 404's noun when it differs (`佣金记录` vs `佣金`) */
  missing?: string;
  /** columns besides status that the 409's details show, after `from` (after-sale: `type`) */
  show?: readonly string[];
  /** whether the details list the states the event applies in (withdrawals never did) */
  allowedFrom?: boolean;
}

/**
 * `tryTransition`, and a refusal is an error: the row not there (or hidden by `where`) -> NotFound; there in
 * another state -> IllegalTransition naming its state and the event.
 */
export async function applyTransition<Row = Record<string, unknown>>(em: EntityManager, u: ConditionalUpdate, refusal: Refusal): Promise<Row> {
  const row = await tryTransition<Row>(em, u);
  if (row) return row;
  const keys = Object.keys(u.key);
  const where = [...keys.map((column, i) => `${column} = $${i + 1}`), ...(u.where ? [`(${renumber(u.where, keys.length)})`] : [])];
  const columns = ['status', ...(refusal.show ?? [])].join(', ');
  const [current] = await em.query<Array<{ status: string } & Record<string, unknown>>>(`SELECT ${columns} FROM ${u.table} WHERE ${where.join(' AND ')}`, [
    ...Object.values(u.key),
    ...(u.whereValues ?? []),
  ]);
  if (!current) throw new NotFound(refusal.missing ?? refusal.noun);
  const shown = Object.fromEntries((refusal.show ?? []).map((column) => [column, current[column]]));
  throw new IllegalTransition(`${refusal.noun}当前状态为 ${current.status}，不能执行 ${refusal.event}`, {
    from: current.status,
    ...shown,
    event: refusal.event,
    ...(refusal.allowedFrom !== false && { allowedFrom: u.from }),
  });
}

/**
 * One event applied to many rows in one statement (the batched payment callback): `set` gives per-row values
 * aligned with `ids` (column -> postgres array type and values). Returns the rows that moved; an id in another
 * state is left out, and the caller decides what that means.
 */
export async function tryTransitionMany<Row = Record<string, unknown>>(
  em: EntityManager,
  u: Omit<ConditionalUpdate, 'key' | 'set' | 'only' | 'where' | 'whereValues'> & {
    ids: readonly number[];
    set?: Record<string, { type: string; values: unknown[] }>;
  },
): Promise<Row[]> {
  if (u.ids.length === 0) return [];
  const columns = Object.keys(u.set ?? {});
  const values: unknown[] = [u.ids, u.from, ...(u.to === null ? [] : [u.to])];
  const clock = u.clock ?? 'now()';
  const sets = [
    ...(u.to === null ? [] : ['status = $3']),
    ...(u.updatedAt === false ? [] : ['updated_at = now()']),
    ...(u.stamps ?? []).map((column) => `${column} = ${clock}`),
    ...columns.map((c) => `${c} = v.${c}`),
  ];
  const unnest = ['$1::bigint[]', ...columns.map((c) => `$${values.push(u.set![c].values)}::${u.set![c].type}[]`)].join(', ');
  const [rows] = await em.query<[Row[], number]>(
    `UPDATE ${u.table} t SET ${sets.join(', ')} FROM unnest(${unnest}) AS v(id${columns.map((c) => `, ${c}`).join('')})
     WHERE t.id = v.id AND t.status = ANY($2::text[]) RETURNING t.*`,
    values,
  );
  return rows;
}

/** `$1, $2` in a caller's condition become `$n+1, $n+2` after the kit's own parameters. */
function renumber(condition: string, offset: number): string {
  return condition.replace(/\$(\d+)/g, (_m, n) => `$${Number(n) + offset}`);
}
