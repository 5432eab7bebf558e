import type { RunningSandbox } from './types.js';
import { start } from './testing/helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

test('the control API answers browser preflights, so the H5 build can call it', async () => {
  const pre = await fetch(`${sb.baseUrl}/__sandbox__/users/h5-user/login-code`, {
    method: 'OPTIONS',
    headers: { origin: 'http://127.0.0.1:7200', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe('*');
  expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
  const res = await fetch(`${sb.baseUrl}/__sandbox__/users/h5-user/login-code`, { method: 'POST', headers: { origin: 'http://127.0.0.1:7200' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
});

test("WeChat's own routes stay without CORS, as on WeChat's servers", async () => {
  const res = await fetch(`${sb.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=x&secret=y`, { headers: { origin: 'http://127.0.0.1:7200' } });
  expect(res.headers.get('access-control-allow-origin')).toBeNull();
});
