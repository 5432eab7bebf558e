import type { EntityManager } from 'typeorm';

/**
 * Settings for the set-based statements of steps 2 and 3, as SET LOCAL so they end with the step's transaction.
 * - work_mem: with the 4 MB default a million-row hash join, hash aggregate or sort spills to temp files in
 *   16+ batches; 128 MB (256 MB for hash tables with the default hash_mem_multiplier) keeps a day in memory.
 *   That memory is PostgreSQL's, for one batch connection, not the API process's.
 * - jit: the statement aggregate's cost estimate makes PostgreSQL spend ~0.7 s compiling it (measured on the
 *   1M-order bench), more than the compiled code saves on a few seconds of work.
 */
export const BATCH_SESSION_SETTINGS = ["SET LOCAL work_mem = '128MB'", 'SET LOCAL jit = off'];

export async function tuneBatchTransaction(em: EntityManager): Promise<void> {
  for (const s of BATCH_SESSION_SETTINGS) await em.query(s);
}
