import type { EntityManager } from 'typeorm';

/**
 * Settings for the set-based statements of steps 2 and 3, as SET LOCAL so they end with the step's transaction.
 * - work_mem: with the 4 MB default a million-row hash join, hash aggregate or sort spills to temp files in
 *   16+ batches; 128 MB (256 MB for hash tables with the default hash_mem_multiplier) keeps a day in memory.
 *   That memory is PostgreSQL's, for one batch connection, not the API process's.
 * - jit: the statement aggregate's cost estimate makes PostgreSQL spend ~0.7 s compiling it (measured on the
 *   1M-order bench), more than the compiled code saves on a few seconds of work.
 * - statement_timeout / idle_in_transaction_session_timeout: the API's pool limits (DB_*_TIMEOUT_MS, 15 s and
 *   60 s by default) are for requests. A day's trade bill is one COPY that lasts as long as its download, and the
 *   reconcile and statement steps are single statements over the whole day (4-10 s on the 1M-order bench): under
 *   the request limits a busy day would be cancelled on every retry and no later day could settle. lock_timeout
 *   stays: a batch step that waits on a lock fails and is retried by the scheduler.
 */
export const BATCH_SESSION_SETTINGS = [
  "SET LOCAL work_mem = '128MB'",
  'SET LOCAL jit = off',
  'SET LOCAL statement_timeout = 0',
  'SET LOCAL idle_in_transaction_session_timeout = 0',
];

export async function tuneBatchTransaction(em: EntityManager): Promise<void> {
  for (const s of BATCH_SESSION_SETTINGS) await em.query(s);
}
