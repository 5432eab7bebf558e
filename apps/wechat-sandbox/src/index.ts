import { assertUsable, generateCredentials, loadOrCreateCredentials } from './credentials.js';
import { registerBills } from './bills.js';
import { registerControl } from './control.js';
import { registerMiniProgram } from './miniprogram.js';
import { registerPages } from './pages.js';
import { registerPay } from './pay.js';
import { registerProfitSharing } from './profitsharing.js';
import { registerRefunds } from './refunds.js';
import { Sandbox } from './sandbox.js';
import { registerTransfers } from './transfers.js';
import type { RunningSandbox, SandboxOptions } from './types.js';

export type { RunningSandbox, SandboxCredentials, SandboxOptions, SigningMode } from './types.js';
export { generateCredentials } from './credentials.js';
export { RETRY_DELAYS_S } from './notifier.js';

/** Start a WeChat sandbox (mini program server APIs + WeChat Pay v3 + control API) on one HTTP port. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const credentials = opts.credentials ?? (opts.credentialsFile ? loadOrCreateCredentials(opts.credentialsFile) : generateCredentials());
  assertUsable(credentials);
  const scale = opts.notifyTimeScale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error('notifyTimeScale must be a positive number');
  const sb = new Sandbox(credentials, opts.signingMode ?? 'publicKey', scale);
  registerMiniProgram(sb);
  registerPay(sb);
  registerRefunds(sb);
  registerBills(sb);
  registerTransfers(sb);
  registerProfitSharing(sb);
  registerControl(sb);
  registerPages(sb);
  const baseUrl = await sb.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  return { baseUrl, credentials, close: () => sb.close() };
}
