import { Foundation1763800000000 } from './1763800000000-Foundation.js';
import { DomainEvents1763800001000 } from './1763800001000-DomainEvents.js';

/** Every migration, in order. Listed explicitly (no globs) so ESM builds and tests load the same set. */
export const migrations = [
  Foundation1763800000000,
  DomainEvents1763800001000,
];
