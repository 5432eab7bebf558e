import type { RequestPaymentParams as PayParams, WithdrawalView as WithdrawResponse } from '../api/types'

/** 'paid': the client reports success (the server still confirms by callback/query);
 *  'cancelled': the user closed the cashier; 'redirected': the page is navigating away (H5 cashier). */
export type PayOutcome = 'paid' | 'cancelled' | 'redirected'

export interface PayContext {
  /** Route to come back to after an off-app cashier, e.g. '/pkg-order/detail/index?id=1'. */
  returnPath: string
}

export type TransferOutcome = 'confirmed' | 'cancelled'

/** Everything that differs between WeChat and the browser. Nothing outside src/platform branches on it. */
export interface Platform {
  readonly name: 'weapp' | 'h5'
  /** A one-time code for POST /auth/wechat/login (wx.login, or a sandbox test user picked in H5). */
  getLoginCode(): Promise<string>
  /** Pays a prepaid order with the params from POST /orders/:id/pay. */
  pay(params: PayParams, ctx: PayContext): Promise<PayOutcome>
  /** Lets the user confirm a 商家转账 bill (withdrawal to WeChat change). */
  confirmTransfer(bill: Pick<WithdrawResponse, 'outBillNo' | 'packageInfo' | 'mchId' | 'appId'>): Promise<TransferOutcome>
  /** The query the app was launched with (WeChat launch options, or the URL in H5); values raw. */
  getLaunchQuery(): Record<string, string>
  /** Saves a local image (e.g. a downloaded poster/code) to the album, or downloads it in H5. */
  saveImageToAlbum(filePath: string): Promise<void>
}

export class PlatformError extends Error {
  override readonly name = 'PlatformError'
  constructor(message: string, override readonly cause?: unknown) {
    super(message)
  }
}

/** WeChat reports a user cancel as '...:fail cancel' (and the payment cashier as 'requestPayment:fail cancel'). */
export function isCancel(err: unknown): boolean {
  const msg = String((err as any)?.errMsg ?? (err as any)?.message ?? '')
  return /cancel/i.test(msg)
}
