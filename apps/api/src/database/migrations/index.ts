import { Foundation1763800000000 } from './1763800000000-Foundation.js';

/** Every migration, in order. Listed explicitly (no globs) so ESM builds and tests load the same set. */
export const migrations = [Foundation1763800000000];
