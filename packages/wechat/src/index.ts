export * from './errors.js';
export { parseWechatConfig, configFromSandboxCredentials, WECHAT_API_BASE_PRODUCTION, WECHATPAY_BASE_PRODUCTION } from './config.js';
export type { WechatConfig, ParseOptions, SandboxCredentials } from './config.js';
export { decryptAes256Gcm, encryptAes256Gcm } from './crypto/aead.js';
export type { AeadResource } from './crypto/aead.js';
export { signSha256WithRsa, verifySha256WithRsa, certificateSerial, signingMessage } from './crypto/rsa.js';
export type { FetchLike } from './http.js';
export { MiniProgramClient } from './mp/client.js';
export type { Code2SessionResult, UnlimitedQrCodeInput, SubscribeMessageInput, MiniProgramClientOptions } from './mp/client.js';
export { AccessTokenCache } from './mp/access-token.js';
export type { AccessTokenCacheOptions, FetchedToken } from './mp/access-token.js';
export { assertValidScene, MAX_SCENE_LENGTH } from './mp/scene.js';
export { WechatPayClient, toShanghaiRfc3339, openBillFile } from './pay/client.js';
export type {
  WechatPayClientOptions,
  JsapiPrepayInput,
  RefundInput,
  CreateTransferBillInput,
  CreateTransferBillResult,
  ProfitSharingReceiverInput,
  TradeBillDownload,
  DownloadTradeBillOptions,
} from './pay/client.js';
export { PlatformKeyStore } from './pay/platform-keys.js';
export type { PlatformKeyStoreOptions, RawCertificatesResponse } from './pay/platform-keys.js';
export { WechatPaySignatureVerifier, headerGetter } from './pay/signature.js';
export type { HeaderBag, SignedMessage, SignatureVerifierOptions } from './pay/signature.js';
export { NotificationVerifier, notificationReply } from './pay/notification.js';
export type { VerifiedNotification } from './pay/notification.js';
export { parseTradeBill, splitTradeBillLine } from './pay/trade-bill.js';
export type { TradeBill, TradeBillRow, TradeBillSummary } from './pay/trade-bill.js';
export { yuanTextToFen, fenToYuanText } from './pay/money.js';
export type * from './pay/types.js';
