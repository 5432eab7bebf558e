import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PayoutGateway, PayoutRecord } from './payout.gateway.js';
import { movePayout } from './payout.machine.js';

/** Merchants settled offline: the payout waits for an admin to mark it paid by hand (with a bank reference). */
@Injectable()
export class ManualPayoutGateway implements PayoutGateway {
  readonly method = 'manual' as const;
  constructor(private readonly dataSource: DataSource) {}

  async send(payout: PayoutRecord): Promise<void> {
    await this.dataSource.transaction((em) => movePayout(em, payout.id, 'created', 'awaiting_manual', { manual_amount: payout.amount }));
  }

  async refresh(): Promise<void> {
    /* nothing to follow: an admin completes it */
  }
}
