/**
 * Build smoke test: runs `taro build` for weapp then h5 (one at a time; they are heavy), or reuses
 * dist/ when MINIPROGRAM_BUILT=1, and checks the outputs and the package size limits.
 *
 *   cd /work/main && NODE_OPTIONS=--experimental-vm-modules npx jest --selectProjects apps/miniprogram:build
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const APP = path.resolve(__dirname, '..');
const WEAPP = path.join(APP, 'dist', 'weapp');
const H5 = path.join(APP, 'dist', 'h5');
const reuse = process.env.MINIPROGRAM_BUILT === '1';
const TEST_ENV = {
  TARO_APP_APPID: 'wx00000000build0test',
  TARO_APP_API_BASE: 'https://api.build-test.invalid/api/v1',
  TARO_APP_SANDBOX_BASE: 'https://sandbox.build-test.invalid',
};

function run(script: string) {
  const started = Date.now();
  const res = spawnSync('pnpm', ['run', script], {
    cwd: APP,
    env: { ...process.env, ...TEST_ENV, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (Date.now() - started) / 1000;
  if (res.status !== 0) throw new Error(`${script} failed (${res.status}):\n${res.stdout}\n${res.stderr}`.slice(-8000));
  console.log(`${script}: ${seconds.toFixed(1)} s`);
  return seconds;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

beforeAll(() => {
  if (reuse) return;
  run('build:weapp');
  run('build:h5');
}, 15 * 60_000);

describe('weapp output', () => {
  const appJson = () => JSON.parse(readFileSync(path.join(WEAPP, 'app.json'), 'utf8'));

  test('tab pages are the main package and the tab bar', () => {
    const app = appJson();
    const tabs = ['pages/shop/index', 'pages/cart/index', 'pages/mine/index'];
    expect(app.pages).toEqual(tabs);
    expect(app.tabBar.list.map((t: { pagePath: string }) => t.pagePath)).toEqual(tabs);
    expect(app.tabBar.list.map((t: { text: string }) => t.text)).toEqual(['店铺', '购物车', '我的']);
    for (const t of app.tabBar.list) {
      expect(existsSync(path.join(WEAPP, t.iconPath))).toBe(true);
      expect(existsSync(path.join(WEAPP, t.selectedIconPath))).toBe(true);
    }
  });

  test('everything else is in subpackages, merchant admin on its own', () => {
    const subs = Object.fromEntries(appJson().subPackages.map((p: { root: string; pages: string[] }) => [p.root, p.pages]));
    expect(Object.keys(subs).sort()).toEqual(['pkg-admin', 'pkg-distributor', 'pkg-merchant', 'pkg-order', 'pkg-product']);
    expect(subs['pkg-admin']).toEqual(
      expect.arrayContaining(['index/index', 'merchants/index', 'rules/index', 'settlements/index', 'reconciliation/index', 'payouts/index', 'users/index']),
    );
    expect(subs['pkg-product']).toEqual(['detail/index']);
    expect(subs['pkg-order']).toEqual(expect.arrayContaining(['checkout/index', 'list/index', 'detail/index']));
    expect(subs['pkg-distributor']).toEqual(
      expect.arrayContaining([
        'open/index',
        'settings/index',
        'products/index',
        'poster/index',
        'center/index',
        'earnings/index',
        'commissions/index',
        'team/index',
        'withdraw/index',
      ]),
    );
    expect(subs['pkg-merchant']).toEqual(
      expect.arrayContaining([
        'dashboard/index',
        'products/index',
        'stock/index',
        'orders/index',
        'commission/index',
        'settlements/index',
        'apply/index',
        'staff/index',
        'aftersales/index',
      ]),
    );
  });

  test('every page was emitted', () => {
    const app = appJson();
    const pages = [...app.pages, ...app.subPackages.flatMap((p: { root: string; pages: string[] }) => p.pages.map((pg) => `${p.root}/${pg}`))];
    for (const page of pages) {
      for (const ext of ['js', 'json', 'wxml']) expect(existsSync(path.join(WEAPP, `${page}.${ext}`))).toBe(true);
    }
  });

  const builtHere = reuse ? test.skip : test;
  builtHere('appid and API base come from the environment', () => {
    const project = JSON.parse(readFileSync(path.join(WEAPP, 'project.config.json'), 'utf8'));
    expect(project.appid).toBe(TEST_ENV.TARO_APP_APPID);
    const js = walk(WEAPP)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(js).toContain(TEST_ENV.TARO_APP_API_BASE);
    // The sandbox is for the browser build only.
    expect(js).not.toContain(TEST_ENV.TARO_APP_SANDBOX_BASE);
  });

  test('the API schemas (zod) stay out of the bundle', () => {
    const js = walk(WEAPP)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(js).not.toMatch(/ZodError|\$ZodType/);
  });

  test('package sizes are within limits (scripts/size.mjs)', () => {
    const res = spawnSync(process.execPath, [path.join(APP, 'scripts', 'size.mjs'), WEAPP], { encoding: 'utf8' });
    console.log(res.stdout);
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/main\s+[\d.]+ KB/);
  });
});

describe('h5 output', () => {
  test('index.html loads the app bundle', () => {
    const html = readFileSync(path.join(H5, 'index.html'), 'utf8');
    expect(html).toContain('<div id="app"></div>');
    const script = /<script[^>]+src="\/?([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    expect(existsSync(path.join(H5, script!))).toBe(true);
  });

  const builtHere = reuse ? test.skip : test;
  builtHere('the browser build talks to the sandbox', () => {
    const js = walk(H5)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(js).toContain(TEST_ENV.TARO_APP_SANDBOX_BASE);
    expect(js).toContain(TEST_ENV.TARO_APP_API_BASE);
  });
});
