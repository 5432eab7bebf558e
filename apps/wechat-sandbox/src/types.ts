/** Keys and ids a sandbox uses. Everything here is sandbox-generated test material, never real secrets. */
export interface SandboxCredentials {
  appid: string;
  appSecret: string; // mini program
  mchid: string;
  merchantSerialNo: string; // merchant API certificate serial (UPPERCASE hex)
  merchantPrivateKeyPem: string;
  merchantCertificatePem: string;
  apiV3Key: string; // 32 ASCII chars
  platformSerialNo: string;
  platformCertificatePem: string; // platform-certificate mode
  publicKeyId: string;
  publicKeyPem: string; // WeChat Pay public key mode, id starts with PUB_KEY_ID_
  /**
   * Sandbox-only: the private keys WeChat holds on its side (they sign responses and notifies).
   * Real WeChat never hands these out. Generated credentials always include them; credentials passed in
   * without them are rejected by startSandbox, because the sandbox could not sign anything.
   */
  platformPrivateKeyPem?: string;
  publicKeyPrivateKeyPem?: string;
}

export type SigningMode = 'certificate' | 'publicKey';

export interface SandboxOptions {
  port?: number; // 0 = random
  host?: string; // default 127.0.0.1
  credentials?: SandboxCredentials; // reuse (e.g. loaded from a file) instead of generating
  credentialsFile?: string; // if set: load it when it exists, else generate and write it (mode 0600)
  /** Multiplies WeChat's notify retry delays (15s,15s,30s,3m,...) and other sandbox delays; default 1. */
  notifyTimeScale?: number;
  signingMode?: SigningMode; // default 'publicKey'
}

export interface RunningSandbox {
  baseUrl: string;
  credentials: SandboxCredentials;
  close(): Promise<void>;
}
