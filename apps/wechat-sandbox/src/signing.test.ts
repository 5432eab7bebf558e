import { generateKeyPairSync } from 'node:crypto';
import type { RunningSandbox } from './types.js';
import { authorization, control, decrypt, start, v3, verifyWechatpay } from './testing/helpers.js';

let sb: RunningSandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());
beforeEach(() => control(sb, 'POST', '/reset'));

const path = '/v3/pay/transactions/out-trade-no/NOPE0001?mchid=';

describe('merchant request signatures', () => {
  it('accepts a correctly signed request (reaching the business error)', async () => {
    const r = await v3(sb, 'GET', path + sb.credentials.mchid);
    expect(r.status).toBe(404);
    expect(r.json.code).toBe('ORDER_NOT_EXIST');
  });

  it('rejects missing, forged, mis-keyed and stale signatures with 401 SIGN_ERROR', async () => {
    const p = path + sb.credentials.mchid;
    const c = sb.credentials;
    const cases: Array<string | undefined> = [
      '', // missing
      authorization(c, 'GET', p, '').replace(/signature="[^"]+"/, 'signature="AAAA"'),
      authorization(c, 'GET', '/v3/other', ''), // signed a different URL
      authorization(c, 'POST', p, ''), // signed a different method
      authorization(c, 'GET', p, '', {
        key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
      }),
      authorization(c, 'GET', p, '', { serial: c.merchantSerialNo.toLowerCase() }), // wechatpay-node-v3's getSN pitfall
      authorization(c, 'GET', p, '', { timestamp: String(Math.floor(Date.now() / 1000) - 600) }),
    ];
    for (const auth of cases) {
      const res = await fetch(sb.baseUrl + p, { headers: auth ? { Authorization: auth } : {} });
      expect(res.status).toBe(401);
      expect((await res.json()).code).toBe('SIGN_ERROR');
    }
  });

  it('covers the body: a tampered body fails, and a foreign mchid is a PARAM_ERROR', async () => {
    const body = JSON.stringify({ mchid: sb.credentials.mchid });
    const p = '/v3/pay/transactions/out-trade-no/NOPE0001/close';
    const auth = authorization(sb.credentials, 'POST', p, body);
    const res = await fetch(sb.baseUrl + p, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: body.replace('}', ' }'),
    });
    expect(res.status).toBe(401);
    const wrong = await v3(
      sb,
      'GET',
      path + sb.credentials.mchid,
      undefined,
      authorization(sb.credentials, 'GET', path + sb.credentials.mchid, '', { mchid: '1900000001' }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.json.code).toBe('PARAM_ERROR');
  });
});

describe('response signatures', () => {
  it('signs every response with the WeChat Pay public key by default, and with the platform certificate when switched', async () => {
    const r = await v3(sb, 'GET', path + sb.credentials.mchid);
    expect(r.headers.get('request-id')).toMatch(/^[0-9A-F]{32}$/);
    const pk = verifyWechatpay(sb.credentials, (n) => r.headers.get(n) ?? undefined, r.text);
    expect(pk).toEqual({ ok: true, serial: sb.credentials.publicKeyId });
    expect(pk.serial.startsWith('PUB_KEY_ID_')).toBe(true);

    await control(sb, 'POST', '/signing-mode', { mode: 'certificate' });
    const r2 = await v3(sb, 'GET', path + sb.credentials.mchid);
    expect(verifyWechatpay(sb.credentials, (n) => r2.headers.get(n) ?? undefined, r2.text)).toEqual({ ok: true, serial: sb.credentials.platformSerialNo });
    // a tampered body no longer verifies
    expect(verifyWechatpay(sb.credentials, (n) => r2.headers.get(n) ?? undefined, r2.text + ' ').ok).toBe(false);
    // error responses from signature failures are signed too
    const bad = await fetch(sb.baseUrl + path + sb.credentials.mchid);
    const text = await bad.text();
    expect(verifyWechatpay(sb.credentials, (n) => bad.headers.get(n) ?? undefined, text).ok).toBe(true);
  });

  it('GET /v3/certificates returns the platform certificate encrypted with the APIv3 key', async () => {
    const r = await v3(sb, 'GET', '/v3/certificates');
    expect(r.status).toBe(200);
    expect(r.json.data).toHaveLength(1);
    const item = r.json.data[0];
    expect(item.serial_no).toBe(sb.credentials.platformSerialNo);
    expect(item.effective_time).toMatch(/\+08:00$/);
    expect(item.encrypt_certificate.algorithm).toBe('AEAD_AES_256_GCM');
    expect(decrypt(sb.credentials.apiV3Key, item.encrypt_certificate)).toBe(sb.credentials.platformCertificatePem);
    expect(() => decrypt('x'.repeat(32), item.encrypt_certificate)).toThrow();
  });
});

describe('credentials', () => {
  it('serves its credentials on the control API and writes a 0600 credentials file', async () => {
    const creds = (await control(sb, 'GET', '/credentials')).json;
    expect(creds.mchid).toBe(sb.credentials.mchid);
    expect(creds.merchantSerialNo).toMatch(/^[0-9A-F]{40}$/);
    expect(creds.apiV3Key).toHaveLength(32);

    const { mkdtempSync, statSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { startSandbox } = await import('./index.js');
    const dir = mkdtempSync(join(tmpdir(), 'sbx-'));
    const file = join(dir, 'nested', 'credentials.json');
    const a = await startSandbox({ credentialsFile: file });
    await a.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const b = await startSandbox({ credentialsFile: file });
    await b.close();
    expect(b.credentials).toEqual(a.credentials);
    expect(JSON.parse(readFileSync(file, 'utf8')).mchid).toBe(a.credentials.mchid);
    rmSync(dir, { recursive: true });
    const { platformPrivateKeyPem: _p, ...withoutKeys } = sb.credentials;
    await expect(startSandbox({ credentials: withoutKeys })).rejects.toThrow(/platformPrivateKeyPem/);
  });
});
