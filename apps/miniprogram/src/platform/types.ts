import type { RequestPaymentParams as PayParams, WithdrawalView as WithdrawResponse } from '../api/types';

/** 'paid': the client reports success (the server still confirms by callback/query);
 *  'cancelled': the user closed the cashier; 'redirected': the page is navigating away (H5 cashier). */
export type PayOutcome = 'paid' | 'cancelled' | 'redirected';

export interface PayContext {
  /** Route to come back to after an off-app cashier, e.g. '/pkg-order/detail/index?id=1'. */
  returnPath: string;
}

export type TransferOutcome = 'confirmed' | 'cancelled';

/** Everything that differs between WeChat and the browser. Nothing outside src/platform branches on it. */
export interface Platform {
  readonly name: 'weapp' | 'h5';
  /** A one-time code for POST /auth/wechat/login (wx.login, or a sandbox test user picked in H5). */
  getLoginCode(): Promise<string>;
  /**
   * H5 with the sandbox only: the role of the persona picked for the last login code ('merchant', 'admin',
   * ...), so the app can open that role's pages; null for an ordinary test user, and absent in WeChat.
   */
  pickedPersonaRole?(): string | null;
  /** Pays a prepaid order with the params from POST /orders/:id/pay. */
  pay(params: PayParams, ctx: PayContext): Promise<PayOutcome>;
  /** Lets the user confirm a 商家转账 bill (withdrawal to WeChat change). */
  confirmTransfer(bill: Pick<WithdrawResponse, 'outBillNo' | 'packageInfo' | 'mchId' | 'appId'>): Promise<TransferOutcome>;
  /** The query the app was launched with (WeChat launch options, or the URL in H5); values raw. */
  getLaunchQuery(): Record<string, string>;
  /**
   * Saves a local image (e.g. a drawn poster) to the album, or downloads it in H5 as `fileName`.
   * Rejects with a PlatformError whose `reason` is 'cancelled', 'denied' (no album permission: offer
   * openSettings), 'privacy' (the privacy agreement was not accepted) or 'failed'.
   */
  saveImageToAlbum(filePath: string, fileName?: string): Promise<void>;
  /** Opens the app's permission settings (WeChat's wx.openSetting; nothing to open in the browser). */
  openSettings(): Promise<void>;
  /**
   * Hands a downloaded document (the merchant's orders CSV) to the user: WeChat previews it with
   * openDocument, or for a type it cannot preview (CSV) offers to send it to a chat (shareFileMessage) to open
   * on a computer; the browser downloads it as `fileName`. Rejects with a PlatformError ('cancelled' too).
   */
  openFile(filePath: string, fileName: string): Promise<void>;
  /**
   * The 2D canvas rendered by `<Canvas type='2d' id={id} canvasId={id} />`, its backing store sized to
   * `size` × `scale` and its context scaled, so callers draw in `size` units.
   */
  openCanvas(id: string, size: { width: number; height: number }, scale: number): Promise<DrawingSurface>;
}

/** The part of a 2D context the poster uses (the browser's and WeChat's Canvas 2D both have it). */
export type Canvas2D = Pick<
  CanvasRenderingContext2D,
  | 'fillStyle'
  | 'strokeStyle'
  | 'lineWidth'
  | 'font'
  | 'textAlign'
  | 'textBaseline'
  | 'save'
  | 'restore'
  | 'scale'
  | 'beginPath'
  | 'closePath'
  | 'moveTo'
  | 'lineTo'
  | 'arc'
  | 'arcTo'
  | 'rect'
  | 'fill'
  | 'stroke'
  | 'clip'
  | 'fillRect'
  | 'clearRect'
  | 'fillText'
  | 'measureText'
  | 'setLineDash'
> & {
  drawImage(image: any, dx: number, dy: number, dw: number, dh: number): void;
  drawImage(image: any, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void;
};

/** A loaded image a Canvas2D can draw, with its natural size. */
export interface CanvasImage {
  readonly width: number;
  readonly height: number;
}

export interface DrawingSurface {
  readonly ctx: Canvas2D;
  /** Loads an image to draw (a URL, a downloaded temp file or a data URL); rejects with PlatformError. */
  loadImage(src: string): Promise<CanvasImage>;
  /** What was drawn, as a file to save or share (a temp file path in WeChat, a PNG data URL in H5). */
  toImageFile(): Promise<string>;
}

export type PlatformErrorReason = 'cancelled' | 'denied' | 'privacy' | 'failed';

export class PlatformError extends Error {
  override readonly name = 'PlatformError';
  constructor(
    message: string,
    override readonly cause?: unknown,
    readonly reason: PlatformErrorReason = 'failed',
  ) {
    super(message);
  }
}

/** WeChat reports a user cancel as '...:fail cancel' (and the payment cashier as 'requestPayment:fail cancel'). */
export function isCancel(err: unknown): boolean {
  const msg = String((err as any)?.errMsg ?? (err as any)?.message ?? '');
  return /cancel/i.test(msg);
}
