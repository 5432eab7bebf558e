import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { createUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, createMerchant, createProduct, startCommerceApi } from './commerce-fixtures.js';

const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareshop-uploads-'));
const MAX_KB = 64;

let w: CommerceWorld;
beforeAll(async () => {
  w = await startCommerceApi({ env: { UPLOAD_DIR: uploadDir, UPLOAD_MAX_KB: String(MAX_KB) } });
}, 60_000);
afterAll(async () => {
  await w?.t.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

// a real 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])]);

/** POST /merchant/uploads as the browser and WeChat send it: multipart/form-data. */
async function upload(parts: Array<[string, Buffer, string?]>, opts: { token?: string; merchantId?: number } = {}) {
  const form = new FormData();
  for (const [field, data, type] of parts) form.append(field, new Blob([new Uint8Array(data)], { type: type ?? 'application/octet-stream' }), 'photo.bin');
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.merchantId) headers['x-merchant-id'] = String(opts.merchantId);
  const res = await fetch(`${w.t.url}/api/v1/merchant/uploads`, { method: 'POST', body: form, headers });
  return { status: res.status, body: await res.json() };
}
const as = (m: TestMerchant) => ({ token: m.owner.token, merchantId: m.id });
const filesOf = (m: TestMerchant) => (fs.existsSync(path.join(uploadDir, String(m.id))) ? fs.readdirSync(path.join(uploadDir, String(m.id))) : []);

test('a merchant uploads an image; it is stored under the upload dir and served back with its sniffed type', async () => {
  const m = await createMerchant(w);
  const res = await upload([['file', PNG, 'image/jpeg']], as(m)); // the declared type is not believed
  expect(res.status).toBe(201);
  expect(res.body).toEqual({ url: expect.stringMatching(new RegExp(`^/uploads/${m.id}/[0-9a-f]{32}\\.png$`)), contentType: 'image/png', size: PNG.length });
  expect(filesOf(m)).toEqual([path.basename(res.body.url)]);

  const served = await fetch(`${w.t.url}${res.body.url}`);
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('image/png');
  expect(served.headers.get('x-content-type-options')).toBe('nosniff');
  expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

  // the URL is a valid product image: the edit page saves it like any other
  const p = await createProduct(w, m);
  const edited = await w.t.request('PATCH', `/merchant/products/${p.id}`, {
    token: m.owner.token,
    headers: { 'x-merchant-id': String(m.id) },
    body: { images: [res.body.url] },
  });
  expect(edited.body.images).toEqual([res.body.url]);

  const jpeg = await upload([['file', JPEG, 'image/jpeg']], as(m));
  expect(jpeg.body).toMatchObject({ contentType: 'image/jpeg', url: expect.stringMatching(/\.jpg$/) });
  expect(filesOf(m)).toHaveLength(2);
});

test('too big, not an image, no file, extra files: 4xx naming the field, nothing stored', async () => {
  const m = await createMerchant(w);
  const big = Buffer.concat([PNG, Buffer.alloc(MAX_KB * 1024)]);
  const cases: Array<[Array<[string, Buffer, string?]>, number, string]> = [
    [[['file', big, 'image/png']], 413, 'file'],
    [[['file', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png']], 400, 'file'],
    [[['file', Buffer.from('<!doctype html><p>hi'), 'image/gif']], 400, 'file'],
    [[['file', Buffer.alloc(0), 'image/png']], 400, 'file'],
    [[['image', PNG, 'image/png']], 400, 'image'],
    [
      [
        ['file', PNG],
        ['file', PNG],
      ],
      400,
      'file',
    ],
    [[], 400, 'file'],
  ];
  for (const [parts, status, field] of cases) {
    const res = await upload(parts, as(m));
    expect({ parts: parts.map((p) => p[0]), status: res.status, field: res.body.message?.split(':')[0] }).toEqual({
      parts: parts.map((p) => p[0]),
      status,
      field,
    });
    expect(res.body.details?.[0]?.field).toBe(field);
  }
  const json = await w.t.request('POST', '/merchant/uploads', { token: m.owner.token, body: { file: 'aGVsbG8=' } });
  expect([json.status, json.body.message.split(':')[0]]).toEqual([400, 'file']);
  expect(filesOf(m)).toEqual([]);
});

test('only merchants upload; the file route serves nothing but upload names', async () => {
  const buyer = await createUser(w.t);
  expect((await upload([['file', PNG]])).status).toBe(401);
  expect((await upload([['file', PNG]], { token: buyer.token })).status).toBe(403);
  expect(fs.readdirSync(uploadDir).filter((d) => !/^\d+$/.test(d))).toEqual([]);

  fs.writeFileSync(path.join(uploadDir, 'secret.txt'), 'not for you');
  for (const p of [
    '/uploads/1/..%2Fsecret.txt',
    '/uploads/1/secret.txt',
    '/uploads/x/0123456789abcdef0123456789abcdef.png',
    '/uploads/1/0123456789abcdef0123456789abcdef.png',
    '/uploads/1/0123456789abcdef0123456789abcdef.svg',
  ]) {
    const res = await fetch(`${w.t.url}${p}`);
    expect({ p, status: res.status }).toEqual({ p, status: 404 });
  }
});

test('by default images go under DATA_DIR/uploads', () => {
  expect(loadConfig({ DATA_DIR: '/srv/shareshop' }).uploads).toEqual({ UPLOAD_DIR: '/srv/shareshop/uploads', UPLOAD_MAX_KB: 2048 });
  expect(() => loadConfig({ UPLOAD_MAX_KB: '0' })).toThrow(/UPLOAD_MAX_KB/);
});
