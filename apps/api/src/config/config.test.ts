import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './config.js';

test('defaults give a runnable embedded configuration', () => {
  // a fresh DATA_DIR: a `pnpm start` on this machine leaves sandbox keys in .data, which would add the
  // sandbox personas' admin (config/personas.test.ts covers that)
  const c = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'config-defaults-')) });
  expect(c.http.API_PORT).toBe(7000);
  expect(c.database.DATABASE_URL).toBeUndefined();
  expect(c.auth.PLATFORM_ADMIN_OPENIDS).toEqual([]);
});

test('every malformed variable is named in one error', () => {
  let error: unknown;
  try {
    loadConfig({ API_PORT: 'eighty', DATABASE_URL: 'mysql://x', AUTH_TOKEN_SECRET: 'short' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  expect(message).toMatch(/API_PORT/);
  expect(message).toMatch(/DATABASE_URL.*postgres/);
  expect(message).toMatch(/AUTH_TOKEN_SECRET.*32/);
});
