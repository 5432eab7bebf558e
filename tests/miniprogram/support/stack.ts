/**
 * What an automator suite runs against: the real API on a database of its own, the WeChat sandbox, and the
 * mini program — WeChat DevTools when WECHAT_DEVTOOLS_CLI is set, else the H5 build in Chromium behind the
 * automator bridge (target.ts chooses).
 *
 * Ports are fixed because the mini program has the API and sandbox URLs baked in at build time: API 18000,
 * sandbox 18100, H5 18200 (the browser journey uses 17xxx, so both run in one Jest run). Suites of this folder
 * take turns through a lock file, as they share those ports.
 *
 * The platform admin is a sandbox user ("platform-admin") whose openid is given to the API as
 * PLATFORM_ADMIN_OPENIDS, so every role is reached through the API as a user would (no database writes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from '@shareshop/wechat-sandbox';
import { startTestApi, type HttpResult, type TestApi } from '../../../apps/api/test/harness.js';
import { openMiniProgram } from './target.js';
import type { MiniProgram } from './sdk.js';

export const API_PORT = 18000;
export const SANDBOX_PORT = 18100;
export const WEB_PORT = 18200;
/** As the mini program sees them (baked into the H5 build; the weapp build for DevTools is made with the same). */
export const API_BASE = `http://127.0.0.1:${API_PORT}/api/v1`;
export const SANDBOX_BASE = `http://127.0.0.1:${SANDBOX_PORT}`;

const LOCK = path.join(os.tmpdir(), 'shareshop-automator-stack.lock');

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits for the stack's ports: one suite of this folder at a time (a lock file naming the holder's pid). */
async function takeLock(timeoutMs = 600_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(LOCK, { force: true });
    } catch {
      let holderText: string;
      try {
        holderText = fs.readFileSync(LOCK, 'utf8').trim();
      } catch {
        continue; // released in between: try again
      }
      const holder = Number(holderText || NaN);
      // an empty file is a lock being written right now: wait for it like a live one
      const alive = Number.isNaN(holder) || (holder !== process.pid && processExists(holder));
      if (!alive) fs.rmSync(LOCK, { force: true });
      else if (Date.now() > deadline) throw new Error(`the automator stack is still held by pid ${holder}`);
      else await new Promise((r) => setTimeout(r, 500));
    }
  }
}

export interface Session {
  id: number;
  token: string;
  openid: string;
}

export interface Stack {
  miniProgram: MiniProgram;
  t: TestApi;
  sandbox: RunningSandbox;
  /** the signed-in platform admin */
  admin: Session;
  /** POST/GET the sandbox's control API */
  control<T = any>(method: string, controlPath: string, body?: unknown): Promise<HttpResult<T>>;
  /** Signs sandbox user `name` in through the API (the account the mini program gets for that user), named `nickname`. */
  signIn(name: string, nickname?: string): Promise<Session>;
  /** Evidence for a failed test: a screenshot through the SDK, $TMPDIR/automator-failure-<name>.png. */
  evidence(name: string): Promise<void>;
  /** The mini program's last console lines and uncaught errors (App.logAdded / App.exceptionThrown). */
  recentLogs(): string[];
  close(): Promise<void>;
}

let starting: Promise<Stack> | null = null;

/**
 * Closes the stack of this test file, including one whose start outlived its beforeAll's timeout (it would
 * otherwise keep the ports and the Jest worker alive).
 */
export async function closeStack(): Promise<void> {
  const stack = await starting?.catch(() => null);
  starting = null;
  await stack?.close();
}

export function startStack(): Promise<Stack> {
  starting = openStack();
  return starting;
}

async function openStack(): Promise<Stack> {
  const release = await takeLock();
  const closers: Array<() => Promise<unknown> | unknown> = [release];
  const close = async () => {
    for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  try {
    const sandbox = await startSandbox({ port: SANDBOX_PORT, notifyTimeScale: 0.001 });
    closers.push(() => sandbox.close());
    const control = async (method: string, controlPath: string, body?: unknown): Promise<HttpResult> => {
      const res = await fetch(`${sandbox.baseUrl}${controlPath}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    };
    const adminOpenid = (await control('POST', '/__sandbox__/users/platform-admin/login-code')).body.openid as string;
    const credentialsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shareshop-automator-')), 'credentials.json');
    fs.writeFileSync(credentialsFile, JSON.stringify(sandbox.credentials), { mode: 0o600 });
    // the sandbox is started here (not by the harness) so the admin's openid is known before the API starts
    const t = await startTestApi({
      isolatedDatabase: true,
      port: API_PORT,
      env: {
        WECHAT_SANDBOX_CREDENTIALS_FILE: credentialsFile,
        WECHAT_SANDBOX_URL: sandbox.baseUrl,
        WECHAT_HTTP_TIMEOUT_MS: '3000',
        PLATFORM_ADMIN_OPENIDS: adminOpenid,
        SETTLEMENT_SCHEDULER_ENABLED: 'false',
        API_PUBLIC_URL: `http://127.0.0.1:${API_PORT}`,
      },
    });
    closers.push(() => t.close());

    const signIn = async (name: string, nickname?: string): Promise<Session> => {
      const { code, openid } = (await control('POST', `/__sandbox__/users/${name}/login-code`)).body;
      const login = await t.request('POST', '/auth/wechat/login', { body: { code } });
      if (login.status !== 200) throw new Error(`login ${name}: ${JSON.stringify(login.body)}`);
      if (nickname) {
        const named = await t.request('PATCH', '/auth/me', { token: login.body.token, body: { nickname } });
        if (named.status !== 200) throw new Error(`rename ${name}: ${JSON.stringify(named.body)}`);
      }
      return { id: login.body.user.id, token: login.body.token, openid };
    };
    const admin = await signIn('platform-admin', '平台管理员');

    const target = await openMiniProgram({ webPort: WEB_PORT, apiBase: API_BASE, sandboxBase: SANDBOX_BASE });
    closers.push(() => target.close());
    const logs: string[] = [];
    const keep = (line: string) => logs.push(line) > 30 && logs.shift();
    target.miniProgram.on('console', (m: { type?: string; args?: unknown[] }) => keep(`${m.type}: ${(m.args ?? []).map(String).join(' ')}`));
    target.miniProgram.on('exception', (e: { message?: string }) => keep(`exception: ${e.message}`));
    return {
      miniProgram: target.miniProgram,
      t,
      sandbox,
      admin,
      control,
      signIn,
      recentLogs: () => [...logs],
      async evidence(name) {
        const file = path.join(os.tmpdir(), `automator-failure-${name.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`);
        await target.miniProgram.screenshot({ path: file }).catch(() => undefined);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
