import { randomBytes } from 'node:crypto';
import { encryptAes256Gcm } from '../crypto/aead.js';
import { signSha256WithRsa, signingMessage } from '../crypto/rsa.js';
import { certificateFor, makeWorld, rsaPair } from '../test-support/keys.js';
import { PlatformKeyStore, type RawCertificatesResponse } from './platform-keys.js';

const w = makeWorld();

function certificatesResponse(
  opts: { certs?: Array<{ pem: string; serial: string }>; signWith?: { serial: string; privateKeyPem: string }; apiV3Key?: string } = {},
): RawCertificatesResponse {
  const certs = opts.certs ?? [{ pem: w.platform.certPem, serial: w.platform.serial }];
  const bodyText = JSON.stringify({
    data: certs.map((c) => ({
      serial_no: c.serial,
      effective_time: '',
      expire_time: '',
      encrypt_certificate: encryptAes256Gcm(c.pem, opts.apiV3Key ?? w.apiV3Key, 'certificate'),
    })),
  });
  const signer = opts.signWith ?? { serial: w.platform.serial, privateKeyPem: w.platform.privateKeyPem };
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(8).toString('hex');
  const headers: Record<string, string> = {
    'wechatpay-serial': signer.serial,
    'wechatpay-timestamp': ts,
    'wechatpay-nonce': nonce,
    'wechatpay-signature': signSha256WithRsa(signingMessage(ts, nonce, bodyText), signer.privateKeyPem),
  };
  return { status: 200, bodyText, header: (n) => headers[n.toLowerCase()] ?? null };
}

describe('PlatformKeyStore', () => {
  it('bootstraps from /v3/certificates (self-signed response, GCM-authenticated certificate)', async () => {
    const store = new PlatformKeyStore({ apiV3Key: w.apiV3Key, fetchCertificates: async () => certificatesResponse() });
    expect(await store.keyFor(w.platform.serial)).toBeDefined();
    expect(store.knownSerials()).toEqual([w.platform.serial]);
    expect(store.fetchCount).toBe(1);
  });

  it('refuses certificates not encrypted with our APIv3 key', async () => {
    const store = new PlatformKeyStore({ apiV3Key: w.apiV3Key, fetchCertificates: async () => certificatesResponse({ apiV3Key: 'y'.repeat(32) }) });
    expect(await store.keyFor(w.platform.serial)).toBeUndefined();
    await expect(store.refresh()).rejects.toThrow();
  });

  it('refuses a certificates response whose signature does not verify', async () => {
    const attacker = rsaPair();
    const store = new PlatformKeyStore({
      apiV3Key: w.apiV3Key,
      fetchCertificates: async () => certificatesResponse({ signWith: { serial: w.platform.serial, privateKeyPem: attacker.privateKeyPem } }),
    });
    await expect(store.refresh()).rejects.toMatchObject({ code: 'CERTIFICATES_SIGNATURE_INVALID' });
    expect(store.knownSerials()).toEqual([]);
  });

  it('accepts a rotation response signed by the new certificate (trust comes from the APIv3 key)', async () => {
    const next = rsaPair();
    const nextCert = certificateFor(next);
    let round = 0;
    const store = new PlatformKeyStore({
      apiV3Key: w.apiV3Key,
      unknownSerialRefreshMinIntervalMs: 0,
      fetchCertificates: async () =>
        ++round === 1
          ? certificatesResponse()
          : certificatesResponse({
              certs: [{ pem: w.platform.certPem, serial: w.platform.serial }, nextCert],
              signWith: { serial: nextCert.serial, privateKeyPem: next.privateKeyPem },
            }),
    });
    await store.refresh();
    // The rotation response is signed by the new cert, which (being in the same response) bootstraps itself; the
    // response is still authentic because the certificates decrypt with our APIv3 key.
    expect(await store.keyFor(nextCert.serial)).toBeDefined();
    expect(store.knownSerials().sort()).toEqual([w.platform.serial, nextCert.serial].sort());
  });

  it('an unknown serial refreshes at most once per minute, never per call', async () => {
    let now = 1_700_000_000_000;
    const store = new PlatformKeyStore({ apiV3Key: w.apiV3Key, now: () => now, fetchCertificates: async () => certificatesResponse() });
    await store.refresh();
    expect(store.fetchCount).toBe(1);
    now += 61_000;
    for (let i = 0; i < 20; i++) expect(await store.keyFor('DEADBEEF')).toBeUndefined();
    expect(store.fetchCount).toBe(2);
    now += 30_000;
    await store.keyFor('DEADBEEF');
    expect(store.fetchCount).toBe(2);
    now += 31_000;
    await store.keyFor('DEADBEEF');
    expect(store.fetchCount).toBe(3);
  });

  it('concurrent lookups of an unknown serial share one fetch', async () => {
    const store = new PlatformKeyStore({
      apiV3Key: w.apiV3Key,
      fetchCertificates: async () => {
        await new Promise((r) => setTimeout(r, 20));
        return certificatesResponse();
      },
    });
    const keys = await Promise.all(Array.from({ length: 10 }, () => store.keyFor(w.platform.serial)));
    expect(keys.every(Boolean)).toBe(true);
    expect(store.fetchCount).toBe(1);
  });

  it('caches per instance (no static shared across clients)', async () => {
    const a = new PlatformKeyStore({ apiV3Key: w.apiV3Key, fetchCertificates: async () => certificatesResponse() });
    const b = new PlatformKeyStore({ apiV3Key: w.apiV3Key });
    await a.refresh();
    expect(await b.keyFor(w.platform.serial)).toBeUndefined();
  });

  it('ignores an expired certificate', async () => {
    const old = certificateFor(w.platform, { notBefore: new Date(Date.now() - 400 * 24 * 3600_000), days: 30 });
    const store = new PlatformKeyStore({ apiV3Key: w.apiV3Key, pinnedCertificatePems: [old.pem] });
    expect(await store.keyFor(old.serial)).toBeUndefined();
  });

  it('never fetches for a PUB_KEY_ID_ serial', async () => {
    const store = new PlatformKeyStore({
      apiV3Key: w.apiV3Key,
      publicKey: { id: w.publicKey.id, pem: w.publicKey.publicKeyPem },
      fetchCertificates: async () => certificatesResponse(),
    });
    expect(await store.keyFor(w.publicKey.id)).toBeDefined();
    expect(await store.keyFor('PUB_KEY_ID_0000')).toBeUndefined();
    expect(store.fetchCount).toBe(0);
    expect(store.preferredSerial()).toBe(w.publicKey.id);
  });
});
