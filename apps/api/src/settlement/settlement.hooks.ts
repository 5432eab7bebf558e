import { Injectable } from '@nestjs/common';

export type BatchStep = 'downloaded' | 'reconciled' | 'stated' | 'finished';

/**
 * Fault injection for tests: a hook that throws stops the batch right there, as a crash would (the step
 * before it committed, nothing after it ran). Production leaves both empty.
 */
@Injectable()
export class SettlementHooks {
  afterStep?: (step: BatchStep, businessDate: string) => void | Promise<void>;
  /** Called before the n-th (0-based) payout of a run is sent. */
  beforePayout?: (index: number, payoutId: number) => void | Promise<void>;
}
