import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import './money.js'; // registers the int8 parser before any pool exists
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

/** PostgreSQL session limits set on every pooled connection (config: DB_*_TIMEOUT_MS); 0 means none. */
export interface SessionTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export function sessionTimeouts(config: AppConfig): SessionTimeouts {
  const db = config.database;
  return { statementMs: db.DB_STATEMENT_TIMEOUT_MS, lockMs: db.DB_LOCK_TIMEOUT_MS, idleInTransactionMs: db.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS };
}

export function dataSourceOptions(url: string, poolSize: number, timeouts?: SessionTimeouts): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
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
      // sent in the startup packet by node-postgres, so every connection has them before its first query
      ...(timeouts && {
        statement_timeout: timeouts.statementMs,
        lock_timeout: timeouts.lockMs,
        idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
      }),
    },
  };
}
