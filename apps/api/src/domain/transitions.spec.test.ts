import type { EntityManager } from 'typeorm';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { Conflict, DomainError, IllegalTransition, NotFound } from './errors.js';
import { applyTransition, assertMove, buildUpdate, canMoveIn, type ConditionalUpdate, nextState, tryTransition, tryTransitionMany } from './transitions.js';

/** The kit against a real table: a temporary one per test, dropped when its transaction commits. */
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => {
  await t?.close();
});

const EVENTS = {
  open: { from: ['draft'], to: 'open' },
  close: { from: ['draft', 'open'], to: 'closed' },
  touch: { from: ['open'], to: null },
} as const;
const GRAPH: Record<'a' | 'b' | 'c', Array<'a' | 'b' | 'c'>> = { a: ['b'], b: ['c'], c: [] };

/** Runs `body` with a fresh `kit_row` table holding rows 1 (draft, owner 7, kind x) and 2 (open, owner 8, kind y), counting statements. */
async function withRows<T>(body: (em: EntityManager, statements: string[]) => Promise<T>): Promise<T> {
  return t.ds.transaction(async (em) => {
    await em.query(`CREATE TEMP TABLE kit_row (id bigint PRIMARY KEY, status text NOT NULL, owner int NOT NULL, kind text NOT NULL, note text,
      updated_at timestamptz, opened_at timestamptz) ON COMMIT DROP`);
    await em.query(`INSERT INTO kit_row (id, status, owner, kind) VALUES (1, 'draft', 7, 'x'), (2, 'open', 8, 'y')`);
    const statements: string[] = [];
    const query = em.query.bind(em);
    // counts the round trips the kit makes; every statement still runs on PostgreSQL
    em.query = ((sql: string, values?: unknown[]) => (statements.push(sql), query(sql, values))) as EntityManager['query'];
    return body(em, statements);
  });
}

const open = (id: number, extra: Partial<ConditionalUpdate> = {}): ConditionalUpdate => ({
  table: 'kit_row',
  key: { id },
  from: EVENTS.open.from,
  to: EVENTS.open.to,
  stamps: ['opened_at'],
  ...extra,
});

test('the tables stay data: an event table and a graph table answer what may happen, without SQL', () => {
  expect([nextState(EVENTS, 'draft', 'open'), nextState(EVENTS, 'open', 'open'), nextState(EVENTS, 'open', 'touch')]).toEqual(['open', null, 'open']);
  expect([nextState(EVENTS, 'draft', 'teleport'), nextState(EVENTS, 'draft', 'toString')]).toEqual([null, null]);
  expect([canMoveIn(GRAPH, 'a', 'b'), canMoveIn(GRAPH, 'a', 'c'), canMoveIn(GRAPH, 'c', 'a')]).toEqual([true, false, false]);
  expect(() => assertMove(GRAPH, '测试单', 'c', 'a')).toThrow(new IllegalTransition('测试单不能从 c 变为 a'));
});

test('a move is one conditional UPDATE: key, status guard, type guard, stamps, sets, and a caller condition numbered after them', () => {
  const { sql, values } = buildUpdate(
    open(5, { set: { note: 'n' }, only: { kind: 'x' }, where: 'owner = $1 AND note IS DISTINCT FROM $2', whereValues: [7, 'old'] }),
  );
  expect(sql).toBe(
    'UPDATE kit_row SET status = $4, updated_at = now(), opened_at = now(), note = $5 ' +
      'WHERE id = $1 AND status = ANY($2::text[]) AND kind = $3 AND (owner = $6 AND note IS DISTINCT FROM $7) RETURNING *',
  );
  expect(values).toEqual([5, ['draft'], 'x', 'open', 'n', 7, 'old']);
  const stay = buildUpdate({
    table: 'kit_row',
    key: { a: 1, b: 2 },
    from: ['open'],
    to: null,
    updatedAt: false,
    clock: 'clock_timestamp()',
    stamps: ['s'],
    returning: 'id',
  });
  expect(stay).toEqual({
    sql: 'UPDATE kit_row SET s = clock_timestamp() WHERE a = $1 AND b = $2 AND status = ANY($3::text[]) RETURNING id',
    values: [1, 2, ['open']],
  });
});

test('the first caller moves the row in one statement; a duplicate gets null, also in one statement', async () => {
  await withRows(async (em, statements) => {
    const moved = await tryTransition<{ status: string; opened_at: Date | null; updated_at: Date | null }>(em, open(1));
    expect(moved).toMatchObject({ status: 'open', opened_at: expect.any(Date), updated_at: expect.any(Date) });
    expect(statements).toHaveLength(1);
    expect(await tryTransition(em, open(1))).toBeNull();
    expect(statements).toHaveLength(2);
  });
});

test('an event with no target state changes columns under the same guard', async () => {
  await withRows(async (em) => {
    const touched = await applyTransition(em, { table: 'kit_row', key: { id: 2 }, ...EVENTS.touch, set: { note: 'seen' } }, { noun: '测试单', event: 'touch' });
    expect(touched).toMatchObject({ status: 'open', note: 'seen' });
  });
});

test('a refusal names the current state and the event; a row hidden by the caller condition is not found', async () => {
  await withRows(async (em, statements) => {
    const refused = await applyTransition(em, open(2), { noun: '测试单', event: 'open' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(IllegalTransition);
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      message: '测试单当前状态为 open，不能执行 open',
      details: { from: 'open', event: 'open', allowedFrom: ['draft'] },
    });
    expect(statements).toHaveLength(2); // the UPDATE that found nothing, and the SELECT that says why

    const hidden = await applyTransition(em, open(1, { where: 'owner = $1', whereValues: [8] }), { noun: '测试单', event: 'open' }).catch((e: unknown) => e);
    expect(hidden).toBeInstanceOf(NotFound);
    expect(hidden).toMatchObject({ code: 'NOT_FOUND', message: '测试单不存在' });

    const missing = await applyTransition(em, open(99), { noun: '测试单', missing: '测试记录', event: 'open' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: '测试记录不存在' });
  });
});

test('a type guard refuses (409 showing the column), where ownership hides (404); details can leave out allowedFrom', async () => {
  await withRows(async (em) => {
    const wrongKind = await applyTransition(em, open(1, { only: { kind: 'y' }, where: 'owner = $1', whereValues: [7] }), {
      noun: '测试单',
      event: 'open',
      show: ['kind'],
      allowedFrom: false,
    }).catch((e: unknown) => e);
    expect(wrongKind).toBeInstanceOf(DomainError);
    expect(wrongKind).toMatchObject({ kind: 'conflict', details: { from: 'draft', kind: 'x', event: 'open' } });
    expect(Object.keys((wrongKind as DomainError).details as object)).toEqual(['from', 'kind', 'event']);
    expect(await applyTransition(em, open(1, { only: { kind: 'x' } }), { noun: '测试单', event: 'open' })).toMatchObject({ id: 1, status: 'open' });
  });
});

test('many rows in one statement: per-row values, and a row in another state is left out', async () => {
  await withRows(async (em, statements) => {
    const rows = await tryTransitionMany<{ id: number; note: string }>(em, {
      table: 'kit_row',
      ids: [1, 2],
      from: EVENTS.open.from,
      to: EVENTS.open.to,
      stamps: ['opened_at'],
      set: { note: { type: 'text', values: ['first', 'second'] } },
    });
    expect(rows.map((r) => [Number(r.id), r.note])).toEqual([[1, 'first']]);
    expect(statements).toHaveLength(1);
    expect(await tryTransitionMany(em, { table: 'kit_row', ids: [], from: ['draft'], to: 'open' })).toEqual([]);
    expect(statements).toHaveLength(1);
  });
});
