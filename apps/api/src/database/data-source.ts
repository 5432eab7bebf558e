import type { DataSourceOptions } from 'typeorm';
import './money.js'; // registers the int8 parser before any pool exists
import { migrations } from './migrations/index.js';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: false,
    extra: {
      max: poolSize,
      // fail fast instead of queueing forever when the database is down; /health then reports it
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'shareshop-api',
    },
  };
}
