/**
 * The one place that chooses what the automator suites drive:
 *
 * - WECHAT_DEVTOOLS_CLI set (a Mac or Windows machine with WeChat DevTools): `automator.launch` opens
 *   apps/miniprogram/dist/weapp in DevTools (build it first for the local API, see tests/miniprogram/README.md);
 * - otherwise (Linux CI): the H5 build in Chromium behind the automator bridge, reached with
 *   `automator.connect({ wsEndpoint })`.
 *
 * Either way the suites get the SDK's own MiniProgram object and use nothing else.
 */
import http from 'node:http';
import path from 'node:path';
import automator from 'miniprogram-automator';
import { chromium } from 'playwright-core';
import { ensureH5Build, repoRoot, serveStatic } from '../../support/h5-build.js';
import { BRIDGE_SDK_VERSION } from '../bridge/protocol.js';
import { startBridge } from '../bridge/server.js';
import { CHROMIUM } from './chromium.js';
import type { ILaunchOptions, MiniProgram } from './sdk.js';

export interface Target {
  miniProgram: MiniProgram;
  kind: 'devtools' | 'bridge';
  close(): Promise<void>;
}

/**
 * How the suites launch WeChat DevTools. Typed against the SDK's own ILaunchOptions, so the type checker
 * (tests/miniprogram/tsconfig.json, run by typecheck.test.ts) rejects an option the SDK does not take.
 */
export function devToolsLaunchOptions(cliPath: string): ILaunchOptions {
  return {
    cliPath,
    projectPath: path.join(repoRoot, 'apps/miniprogram/dist/weapp'),
    // DevTools' automation port (the SDK's default); the service port itself is DevTools' security setting
    port: 9420,
    // the first launch of a project can take a while: compiling, then opening the simulator
    timeout: 120_000,
    trustProject: true,
    // 不校验合法域名: the mini program calls the local API and sandbox over http://127.0.0.1; the base library
    // pinned to the one the bridge reports (Canvas 2D, getEnterOptionsSync and the SDK's ≥ 2.7.3 all hold)
    projectConfig: { libVersion: BRIDGE_SDK_VERSION, setting: { urlCheck: false } },
  };
}

export async function openMiniProgram(opts: { webPort: number; apiBase: string; sandboxBase: string }): Promise<Target> {
  const cliPath = process.env.WECHAT_DEVTOOLS_CLI;
  if (cliPath) {
    const miniProgram = await automator.launch(devToolsLaunchOptions(cliPath));
    return { miniProgram, kind: 'devtools', close: () => miniProgram.close() };
  }

  const distDir = ensureH5Build({ outDir: 'dist-automator/h5', apiBase: opts.apiBase, sandboxBase: opts.sandboxBase });
  const web: http.Server = await serveStatic(distDir, opts.webPort);
  const browser = await chromium.launch(CHROMIUM);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const bridge = await startBridge({ context, appUrl: `http://127.0.0.1:${opts.webPort}/` });
  const miniProgram = await automator.connect({ wsEndpoint: bridge.wsEndpoint });
  return {
    miniProgram,
    kind: 'bridge',
    async close() {
      miniProgram.disconnect();
      await bridge.close();
      await browser.close();
      await new Promise((r) => web.close(r));
    },
  };
}
