import { X509Certificate, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import forge from 'node-forge';
import { randomAlnum, randomDigits, randomHex } from './ids.js';
import type { SandboxCredentials } from './types.js';

interface KeyPair {
  publicKey: string;
  privateKey: string;
}

function rsaKeyPair(): KeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** 20-byte positive serial whose hex has no leading zero nibble (so every tool prints it the same way). */
function serialHex(): string {
  const b = randomBytes(20);
  b[0] = 0x10 + (b[0] % 0x70);
  return b.toString('hex').toUpperCase();
}

function issueCertificate(subject: forge.pki.CertificateField[], key: KeyPair, ca: { key: KeyPair; subject: forge.pki.CertificateField[] }): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicKey);
  cert.serialNumber = serialHex();
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now + 5 * 365 * 24 * 3600 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(ca.subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, keyEncipherment: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key.privateKey) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export function certificateSerial(pem: string): string {
  return new X509Certificate(pem).serialNumber.toUpperCase();
}

/** Fresh sandbox credentials: merchant API cert, platform cert and WeChat Pay public key, all RSA-2048. */
export function generateCredentials(): SandboxCredentials {
  const mchid = `19${randomDigits(8)}`;
  const caKey = rsaKeyPair();
  const caSubject = [
    { name: 'commonName', value: 'ShareShop WeChat Sandbox Root CA' },
    { name: 'organizationName', value: 'ShareShop Sandbox' },
    { name: 'countryName', value: 'CN' },
  ];
  const ca = { key: caKey, subject: caSubject };
  const merchantKey = rsaKeyPair();
  const merchantCertificatePem = issueCertificate(
    [
      { name: 'commonName', value: mchid },
      { name: 'organizationalUnitName', value: 'ShareShop Sandbox Merchant' },
      { name: 'organizationName', value: 'WeChat Pay Merchant (sandbox)' },
      { name: 'countryName', value: 'CN' },
    ],
    merchantKey,
    ca,
  );
  const platformKey = rsaKeyPair();
  const platformCertificatePem = issueCertificate(
    [
      { name: 'commonName', value: 'Tenpay.com Sign (sandbox)' },
      { name: 'organizationName', value: 'Tenpay.com (sandbox)' },
      { name: 'countryName', value: 'CN' },
    ],
    platformKey,
    ca,
  );
  const pubKey = rsaKeyPair();
  return {
    appid: `wx${randomHex(8)}`,
    appSecret: randomHex(16),
    mchid,
    merchantSerialNo: certificateSerial(merchantCertificatePem),
    merchantPrivateKeyPem: merchantKey.privateKey,
    merchantCertificatePem,
    apiV3Key: randomAlnum(32),
    platformSerialNo: certificateSerial(platformCertificatePem),
    platformCertificatePem,
    publicKeyId: `PUB_KEY_ID_01${mchid}${randomDigits(14)}`,
    publicKeyPem: pubKey.publicKey,
    platformPrivateKeyPem: platformKey.privateKey,
    publicKeyPrivateKeyPem: pubKey.privateKey,
  };
}

/** Throws with a clear message when credentials cannot drive a sandbox. */
export function assertUsable(c: SandboxCredentials): void {
  const missing = (
    [
      'appid',
      'appSecret',
      'mchid',
      'merchantSerialNo',
      'merchantCertificatePem',
      'apiV3Key',
      'platformSerialNo',
      'platformCertificatePem',
      'publicKeyId',
      'publicKeyPem',
      'platformPrivateKeyPem',
      'publicKeyPrivateKeyPem',
    ] as const
  ).filter((k) => !c[k]);
  if (missing.length) throw new Error(`sandbox credentials are missing ${missing.join(', ')}`);
  if (Buffer.byteLength(c.apiV3Key) !== 32) throw new Error('apiV3Key must be 32 ASCII characters');
  if (!c.publicKeyId.startsWith('PUB_KEY_ID_')) throw new Error('publicKeyId must start with PUB_KEY_ID_');
  if (certificateSerial(c.merchantCertificatePem) !== c.merchantSerialNo.toUpperCase())
    throw new Error('merchantSerialNo does not match merchantCertificatePem');
  if (certificateSerial(c.platformCertificatePem) !== c.platformSerialNo.toUpperCase())
    throw new Error('platformSerialNo does not match platformCertificatePem');
  const platformPub = createPublicKey(c.platformPrivateKeyPem!).export({ type: 'spki', format: 'pem' });
  const certPub = new X509Certificate(c.platformCertificatePem).publicKey.export({ type: 'spki', format: 'pem' });
  if (platformPub !== certPub) throw new Error('platformPrivateKeyPem does not match platformCertificatePem');
}

/** Load credentials from `file` when it exists, else generate them and write the file with mode 0600. */
export function loadOrCreateCredentials(file: string): SandboxCredentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SandboxCredentials;
  const creds = generateCredentials();
  // Only the credentials' own folder is private: a recursive mkdir with mode 0700 would also make every
  // missing parent (e.g. .data/) 0700, and the embedded PostgreSQL's user could not reach .data/pg.
  mkdirSync(dirname(dirname(file)), { recursive: true });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return creds;
}
