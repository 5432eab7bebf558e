import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from './index.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const port = Number(process.env.SANDBOX_PORT ?? 7100);
const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
// the same place the API looks (DATA_DIR/sandbox/credentials.json) unless named explicitly
const credentialsFile = process.env.SANDBOX_CREDENTIALS_FILE ?? resolve(repoRoot, process.env.DATA_DIR ?? '.data', 'sandbox/credentials.json');
const notifyTimeScale = process.env.SANDBOX_NOTIFY_TIME_SCALE ? Number(process.env.SANDBOX_NOTIFY_TIME_SCALE) : 1;

const sandbox = await startSandbox({ port, host, credentialsFile, notifyTimeScale });
console.log(`WeChat sandbox listening on ${sandbox.baseUrl}`);
console.log(`  dashboard:   ${sandbox.baseUrl}/`);
console.log(`  credentials: ${credentialsFile} (also GET ${sandbox.baseUrl}/__sandbox__/credentials)`);
console.log(`  appid ${sandbox.credentials.appid}, mchid ${sandbox.credentials.mchid}`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping WeChat sandbox`);
  sandbox.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
