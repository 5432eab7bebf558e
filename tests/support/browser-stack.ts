/**
 * The stack a browser suite drives, started the same way by each of them: the API with the WeChat sandbox
 * on an isolated database (the demo merchant seeded, as `pnpm start` does), the suite's own H5 build served
 * statically, and a headless Chromium. Each suite keeps its own fixed ports and build folder (the URLs are
 * baked into the bundle), so suites never share a server.
 */
import type http from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { CHROMIUM } from '../miniprogram/support/chromium.js';
import { ensureH5Build, serveStatic } from './h5-build.js';

export interface BrowserStackOptions {
  apiPort: number;
  sandboxPort: number;
  webPort: number;
  /** the suite's H5 build folder, relative to apps/miniprogram */
  outDir: string;
}

export interface BrowserStack {
  api: TestApi;
  browser: Browser;
  /** the H5 app's origin: http://127.0.0.1:<webPort> */
  web: string;
  /** closes the browser (and with it every context), the static server and the API, in that order */
  close(): Promise<void>;
}

export async function startBrowserStack({ apiPort, sandboxPort, webPort, outDir }: BrowserStackOptions): Promise<BrowserStack> {
  const dist = ensureH5Build({ outDir, apiBase: `http://127.0.0.1:${apiPort}/api/v1`, sandboxBase: `http://127.0.0.1:${sandboxPort}` });
  const api = await startTestApi({
    sandbox: true,
    isolatedDatabase: true,
    port: apiPort,
    sandboxPort,
    notifyTimeScale: 0.001,
    env: { SEED_DEMO: 'auto', SETTLEMENT_SCHEDULER_ENABLED: 'false', API_PUBLIC_URL: `http://127.0.0.1:${apiPort}` },
  });
  let server: http.Server | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (server) await new Promise((r) => server!.close(r));
    await api.close();
  };
  try {
    server = await serveStatic(dist, webPort);
    browser = await chromium.launch(CHROMIUM);
  } catch (err) {
    await close();
    throw err;
  }
  return { api, browser, web: `http://127.0.0.1:${webPort}`, close };
}
