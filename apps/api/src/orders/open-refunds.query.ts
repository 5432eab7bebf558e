import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The refund states in which the money may still go back to the buyer. */
const OPEN = `('requested', 'processing')`;

/**
 * SQL: the order whose id is `orderIdSql` has no refund open. For set-based readers (commission's release
 * sweep) that must filter in the same statement; orders owns the `refund` table and its states.
 */
export const noOpenRefundSql = (orderIdSql: string): string => `NOT EXISTS (SELECT 1 FROM refund r WHERE r.order_id = ${orderIdSql} AND r.status IN ${OPEN})`;

/** Orders' open refunds for other modules, with the lock protocol a refund request takes part in. */
@Injectable()
export class OpenRefunds {
  /**
   * Locks the orders FOR KEY SHARE (a refund request's `FOR UPDATE` of its order conflicts with it, so a
   * request arriving now waits for the caller's commit) and returns those with a refund open, read under
   * that lock: a request committed since the caller's first read is seen.
   */
  async lockAndFindOpen(em: EntityManager, orderIds: number[]): Promise<Set<number>> {
    const ids = [...new Set(orderIds)].sort((a, b) => a - b);
    await em.query('SELECT id FROM "order" WHERE id = ANY($1) ORDER BY id FOR KEY SHARE', [ids]);
    const rows = await em.query<Array<{ order_id: number }>>(`SELECT DISTINCT order_id FROM refund WHERE order_id = ANY($1) AND status IN ${OPEN}`, [ids]);
    return new Set(rows.map((r) => Number(r.order_id)));
  }
}
