import { createPublicKey, createSign, createVerify, X509Certificate, type KeyObject } from 'node:crypto';

/** SHA256withRSA (PKCS#1 v1.5), base64 — the only signature scheme WeChat Pay v3 uses with RSA keys. */
export function signSha256WithRsa(message: string, privateKey: string | KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export function verifySha256WithRsa(message: string, signatureBase64: string, publicKey: KeyObject | string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKey, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/** Serial number as WeChat writes it: uppercase hex, no separators. */
export function certificateSerial(certPem: string | Buffer): string {
  return new X509Certificate(certPem).serialNumber.replace(/:/g, '').toUpperCase();
}

/** `"{a}\n{b}\n...\n"`: every WeChat Pay signing string is lines each ended by \n. */
export function signingMessage(...lines: string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

/** Splits a PEM bundle into its certificates. */
export function splitPemCertificates(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}
