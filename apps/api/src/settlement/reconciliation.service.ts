import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Conflict, NotFound } from '../domain/errors.js';
import { PayoutsService } from './payouts.service.js';

/** Admin handling of reconciliation differences: resolving one (with a note) may release a held statement. */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly payouts: PayoutsService,
  ) {}

  async resolve(adminUserId: number, itemId: number, note: string): Promise<void> {
    const [[item]] = await this.dataSource.query<[Array<{ merchant_id: number | null; d: string }>, number]>(
      `UPDATE reconciliation_item SET status = 'resolved', resolved_by = $2, resolved_at = now(), note = $3
       WHERE id = $1 AND status = 'open' RETURNING merchant_id, business_date::text AS d`,
      [itemId, adminUserId, note],
    );
    if (!item) {
      const [exists] = await this.dataSource.query<Array<{ status: string }>>('SELECT status FROM reconciliation_item WHERE id = $1', [itemId]);
      if (!exists) throw new NotFound('对账差异');
      throw new Conflict('ILLEGAL_TRANSITION', '该对账差异已处理');
    }
    await this.dataSource.query('UPDATE settlement_batch SET open_items = GREATEST(open_items - 1, 0), updated_at = now() WHERE business_date = $1', [item.d]);
    if (item.merchant_id) await this.payouts.releaseHeld(item.merchant_id, item.d);
  }
}
