import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface RsaPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function rsaPair(): RsaPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}

export function randomSerial(): string {
  const b = randomBytes(20);
  b[0] = 0x10 + (b[0]! % 0x60); // no leading zero nibble, positive
  return b.toString('hex').toUpperCase();
}

/** A self-signed X.509 certificate for `pair` (node-forge), valid from a day ago for `days`. */
export function certificateFor(
  pair: RsaPair,
  opts: { serial?: string; commonName?: string; days?: number; notBefore?: Date } = {},
): { pem: string; serial: string } {
  const serial = opts.serial ?? randomSerial();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKeyPem);
  cert.serialNumber = serial;
  const from = opts.notBefore ?? new Date(Date.now() - 24 * 3600_000);
  cert.validity.notBefore = from;
  cert.validity.notAfter = new Date(from.getTime() + (opts.days ?? 365) * 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: opts.commonName ?? 'test' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(pair.privateKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return { pem: forge.pki.certificateToPem(cert), serial };
}

export interface TestWorld {
  appid: string;
  appSecret: string;
  mchid: string;
  apiV3Key: string;
  merchant: RsaPair & { certPem: string; serial: string };
  platform: RsaPair & { certPem: string; serial: string };
  publicKey: RsaPair & { id: string };
}

export function makeWorld(): TestWorld {
  const merchant = rsaPair();
  const mc = certificateFor(merchant, { commonName: '1900000001' });
  const platform = rsaPair();
  const pc = certificateFor(platform, { commonName: 'Tenpay.com Sign' });
  const pub = rsaPair();
  return {
    appid: 'wx1234567890abcdef',
    appSecret: 'secret-' + randomBytes(8).toString('hex'),
    mchid: '1900000001',
    apiV3Key: randomBytes(16).toString('hex'), // 32 ASCII bytes
    merchant: { ...merchant, certPem: mc.pem, serial: mc.serial },
    platform: { ...platform, certPem: pc.pem, serial: pc.serial },
    publicKey: { ...pub, id: `PUB_KEY_ID_${Array.from(randomBytes(32), (b) => b % 10).join('')}` },
  };
}
