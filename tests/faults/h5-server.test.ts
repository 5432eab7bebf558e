import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error plain ESM script without types (scripts/ is not a TypeScript package)
import { createH5Server } from '../../scripts/h5-server.mjs';

/** The H5 preview server of `pnpm start` must answer anything a browser (or a scanner) sends, never crash. */
let server: http.Server;
let base: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareshop-h5-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>分享小店</title>');
  fs.writeFileSync(path.join(dir, 'app.js'), 'console.log(1)');
  server = createH5Server(dir);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** fetch() normalises URLs; a raw request sends the path exactly as given. */
function rawGet(pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/`, { path: pathname }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a malformed URL is a 400 and the server keeps serving', async () => {
  for (const bad of ['/%', '/%E0%A4%A', '/pages/%zz/index']) expect({ bad, status: (await rawGet(bad)).status }).toEqual({ bad, status: 400 });
  expect(await rawGet('/app.js')).toEqual({ status: 200, body: 'console.log(1)' });
});

test('files are served, unknown paths get the app shell, and nothing outside the build is reachable', async () => {
  expect((await rawGet('/pages/shop/index')).body).toContain('分享小店');
  expect((await rawGet('/../../etc/passwd')).body).toContain('分享小店');
  expect((await rawGet('/%2e%2e/%2e%2e/etc/passwd')).body).toContain('分享小店');
});
