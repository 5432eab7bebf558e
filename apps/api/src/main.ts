import 'reflect-metadata';
import { startApi } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/config.js';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const api = await startApi(config);
  process.stdout.write(
    `${JSON.stringify({ level: 'log', msg: 'ShareShop API listening', url: `${api.url}/api/v1`, docs: `${api.url}/docs`, database: config.database.DATABASE_URL ? 'external' : 'embedded' })}\n`,
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${JSON.stringify({ level: 'log', msg: `received ${signal}, shutting down` })}\n`);
    await api.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
