import 'reflect-metadata';
import { Column, DataSource, type DataSourceOptions, Entity, PrimaryColumn } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source.js';
import { entities } from '../src/database/entities.js';
import { migrationIndexDefinitions } from '../src/database/migration-index.js';
import { runMigrations } from '../src/database/migrate.js';
import { settlementBillStageColumns } from '../src/settlement/settlement.entity.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

/**
 * The entities (src/database/entities.ts) and the migrations describe the same schema. A fresh database is
 * migrated, then TypeORM compares every entity with it: the SQL it would run to make the database match the
 * entities must be empty. What TypeORM cannot express (partial, expression and DESC indexes; triggers and
 * functions) stays in the migrations: such indexes are declared with `synchronize: false` (MigrationIndex), and
 * this file compares their names, columns and definitions with the database itself.
 */

/** The SQL TypeORM would run to make the migrated database match `entityList`. */
async function pendingSchemaChanges(url: string, entityList: NonNullable<DataSourceOptions['entities']>): Promise<string[]> {
  const ds = await new DataSource({ ...dataSourceOptions(url, 2), entities: entityList }).initialize();
  try {
    return (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

let db: ScratchDatabase;
let url: string;
beforeAll(async () => {
  db = await createScratchDatabase('shareshop_drift');
  url = db.url;
  const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    await runMigrations(ds);
  } finally {
    await ds.destroy();
  }
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

test('the entities describe exactly the schema the migrations create (TypeORM schema diff is empty)', async () => {
  const queries = await pendingSchemaChanges(url, entities);
  // printed so a drift reads as the SQL that would fix it
  if (queries.length) console.error(`schema drift: TypeORM would run\n${queries.join(';\n')}`);
  expect(queries).toEqual([]);
}, 60_000);

test('every table has an entity (settlement_bill_stage, without a primary key, is checked column by column)', async () => {
  const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    const tables: { name: string }[] = await ds.query(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'schema_migration' ORDER BY 1`,
    );
    const modelled = ds.entityMetadatas.map((m) => m.tableName);
    expect(tables.map((t) => t.name).filter((t) => !modelled.includes(t))).toEqual(['settlement_bill_stage']);
    expect(new Set(modelled).size).toBe(modelled.length);

    const stage: { column_name: string; data_type: string; is_nullable: string }[] = await ds.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'settlement_bill_stage' ORDER BY ordinal_position`,
    );
    const described = Object.fromEntries(stage.map((c) => [c.column_name, `${c.data_type}${c.is_nullable === 'YES' ? ' NULL' : ''}`]));
    expect(described).toEqual(settlementBillStageColumns);
  } finally {
    await ds.destroy();
  }
}, 60_000);

test('indexes kept out of the diff (synchronize: false) exist under their names, with their columns and definitions', async () => {
  const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
  try {
    const rows: { name: string; columns: string[]; unique: boolean; definition: string }[] = await ds.query(
      `SELECT i.relname AS name, x.indisunique AS unique,
              regexp_replace(replace(pg_get_indexdef(x.indexrelid), '::text', ''), '^.* USING btree ', '') AS definition,
              (SELECT array_agg(a.attname::text ORDER BY k.i) FROM unnest(x.indkey) WITH ORDINALITY k(n, i)
                 JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n) AS columns
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
       WHERE n.nspname = 'public'`,
    );
    const inDatabase = new Map(rows.map(({ name, ...index }) => [name, index]));
    // TypeORM does not resolve the columns of an index it never synchronizes: map the declared properties here
    const declared = ds.entityMetadatas.flatMap((m) =>
      m.indices
        .filter((i) => !i.synchronize)
        .map((i) => {
          const properties = i.givenColumnNames as string[];
          const columns = properties.map((p) => m.findColumnWithPropertyName(p)?.databaseName ?? `?${p}`);
          return [i.name!, { columns, unique: i.isUnique, definition: migrationIndexDefinitions.get(i.name!) }] as const;
        }),
    );
    expect(declared.length).toBe(migrationIndexDefinitions.size);
    expect(declared).toEqual(declared.map(([name]) => [name, inDatabase.get(name)]));
  } finally {
    await ds.destroy();
  }
}, 60_000);

test('a wrong entity makes the diff non-empty, so the first test can fail', async () => {
  // platform_setting as it is not: value declared text instead of jsonb
  @Entity('platform_setting')
  class WrongPlatformSetting {
    @PrimaryColumn({ type: 'text' }) key: string;
    @Column({ type: 'text' }) value: string;
  }
  const queries = await pendingSchemaChanges(url, [WrongPlatformSetting]);
  expect(queries.some((q) => /"platform_setting"/.test(q) && /"value"/.test(q) && /text/i.test(q))).toBe(true);
}, 60_000);
