import type { EntityManager } from 'typeorm';

export interface PayoutRecord {
  id: number;
  statementId: number;
  merchantId: number;
  businessDate: string;
  method: 'profit_sharing' | 'manual';
  amount: number;
  manualAmount: number;
  status: 'created' | 'processing' | 'awaiting_manual' | 'succeeded' | 'failed';
}

/** Called by a gateway when the money has certainly arrived: moves the payout, posts the ledger, marks the statement. */
export type CompletePayout = (em: EntityManager, payout: PayoutRecord, from: PayoutRecord['status'], extra?: Record<string, unknown>) => Promise<boolean>;

/**
 * How a statement's net payable reaches the merchant. `send` is called once per payout by the batch (and again
 * after a crash while the payout is still `created`); `refresh` follows an asynchronous result. Both must be
 * safe to repeat: a gateway derives its external ids from the payout and asks before it resends.
 */
export interface PayoutGateway {
  readonly method: PayoutRecord['method'];
  /** `now` decides which waiting retries are due (tests pass a later time instead of waiting). */
  send(payout: PayoutRecord, complete: CompletePayout, now?: Date): Promise<void>;
  refresh(payout: PayoutRecord, complete: CompletePayout, now?: Date): Promise<void>;
}
