import { z } from 'zod';
import { boolFromEnv, intFromEnv } from '../env.js';

/** HH:MM on a 24-hour clock, Asia/Shanghai. */
const clockTime = (def: string) =>
  z.preprocess((v) => (v === undefined || v === '' ? def : v), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00-23:59, Asia/Shanghai)'));

export const settlementSchema = z.object({
  /** Day D is settled at this Asia/Shanghai time on D+1. */
  SETTLEMENT_RUN_AT: clockTime('02:00'),
  /** Run the settlement scheduler in this process (tests and one-off scripts turn it off). */
  SETTLEMENT_SCHEDULER_ENABLED: boolFromEnv(true),
  /** How often the scheduler wakes to start due days and follow asynchronous payouts. */
  SETTLEMENT_TICK_SECONDS: intFromEnv(60, 1, 3600),
  /**
   * WeChat publishes D's bill after ~10:00 on D+1 and answers STATEMENT_CREATING until then (NO_STATEMENT_EXIST
   * is final: no trades that day). While it is being generated we wait; after this many hours past D's end we
   * take the missing bill as empty, so the ledger rows show up as missing_in_bill instead of blocking forever.
   */
  SETTLEMENT_BILL_GIVE_UP_HOURS: intFromEnv(48, 1, 24 * 30),
  /** While WeChat answers STATEMENT_CREATING, the scheduler asks again after this many minutes (WeChat: about every half hour). */
  SETTLEMENT_BILL_RETRY_MINUTES: intFromEnv(30, 1, 240),
  /**
   * Profit sharing parts WeChat closes (receiver result CLOSED) are sent again, up to this many attempts in
   * all, before their amount falls back to payment by hand.
   */
  SETTLEMENT_PS_MAX_ATTEMPTS: intFromEnv(3, 1, 10),
  /** Wait before attempt n+1: this many seconds × 2^(n-1). Parts stay frozen meanwhile (30 days on WeChat). */
  SETTLEMENT_PS_RETRY_SECONDS: intFromEnv(600, 1, 24 * 3600),
});
export type SettlementConfig = z.infer<typeof settlementSchema>;
