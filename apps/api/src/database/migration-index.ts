import { Index, type IndexOptions } from 'typeorm';

/** Index name → its definition as PostgreSQL prints it after `USING btree` (`::text` casts left out). */
export const migrationIndexDefinitions = new Map<string, string>();

/**
 * An index the migrations create in a form TypeORM cannot express (partial `WHERE`, `DESC` order, expression),
 * declared by its exact name, columns and definition with `synchronize: false`: TypeORM's schema diff leaves it
 * alone knowingly, and test/schema-drift.test.ts compares the definition with the database's instead.
 * (TypeORM's typings allow `synchronize` only without columns; the decorator itself takes both.)
 */
export function MigrationIndex(name: string, columns: string[], definition: string, options: { unique?: boolean } = {}) {
  migrationIndexDefinitions.set(name, definition);
  return Index(name, columns, { ...options, synchronize: false } as IndexOptions);
}
