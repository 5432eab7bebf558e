/** WeChat mini program implementation of the platform seam. */
import Taro from '@tarojs/taro';
import { PlatformError, isCancel, type Platform } from './types';

function wxCall<T = any>(fn: (opts: any) => void, opts: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => fn({ ...opts, success: resolve, fail: reject }));
}

/**
 * wx.saveImageToPhotosAlbum failures as typed errors (pages decide what to show): the user refused the
 * album permission now or before ('auth deny', 'authorize no response', 'auth denied'), has not accepted
 * the privacy agreement (errno 104), or cancelled.
 */
export function albumError(err: unknown): PlatformError {
  const msg = String((err as any)?.errMsg ?? (err as any)?.message ?? '');
  if ((err as any)?.errno === 104 || /privacy/i.test(msg)) return new PlatformError('请先同意隐私保护指引后再保存', err, 'privacy');
  if (/auth|authorize|deny|denied/i.test(msg)) return new PlatformError('没有相册权限，请在设置中允许保存到相册', err, 'denied');
  if (isCancel(err)) return new PlatformError('已取消保存', err, 'cancelled');
  return new PlatformError('保存失败，请稍后重试', err);
}

/** The Canvas 2D node of `<Canvas type='2d' id>`; the native canvas may appear a moment after the render. */
async function findCanvasNode(id: string): Promise<any> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const node = await new Promise<any>((resolve) =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: any[]) => resolve(res?.[0]?.node ?? null)),
    );
    if (node) return node;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new PlatformError('画布未就绪，请重试');
}

export function createWeappPlatform(): Platform {
  return {
    name: 'weapp',

    async getLoginCode() {
      const res = await Taro.login();
      if (!res.code) throw new PlatformError(`微信登录失败：${res.errMsg}`);
      return res.code;
    },

    async pay(params) {
      try {
        await Taro.requestPayment({ ...params });
        return 'paid';
      } catch (err) {
        if (isCancel(err)) return 'cancelled';
        throw new PlatformError('支付失败，请稍后重试', err);
      }
    },

    async confirmTransfer(bill) {
      if (typeof wx === 'undefined' || !wx.canIUse?.('requestMerchantTransfer')) {
        throw new PlatformError('当前微信版本过低，请升级后再提现');
      }
      try {
        await wxCall(wx.requestMerchantTransfer, { mchId: bill.mchId, appId: bill.appId, package: bill.packageInfo });
        return 'confirmed';
      } catch (err) {
        if (isCancel(err)) return 'cancelled';
        throw new PlatformError('确认收款失败，请稍后重试', err);
      }
    },

    getLaunchQuery() {
      const opts = Taro.getEnterOptionsSync?.() ?? Taro.getLaunchOptionsSync();
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(opts?.query ?? {})) if (v != null) out[k] = String(v);
      return out;
    },

    async saveImageToAlbum(filePath) {
      try {
        await Taro.saveImageToPhotosAlbum({ filePath });
      } catch (err) {
        throw albumError(err);
      }
    },

    async openSettings() {
      await Taro.openSetting();
    },

    async openFile(filePath, fileName) {
      // openDocument previews office files and PDF only; a CSV goes to a chat (文件传输助手) to open on a computer
      if (!/\.csv$/i.test(fileName)) {
        try {
          await Taro.openDocument({ filePath, showMenu: true } as any);
          return;
        } catch (err) {
          if (isCancel(err)) throw new PlatformError('已取消', err, 'cancelled');
        }
      }
      try {
        await (Taro as any).shareFileMessage({ filePath, fileName });
      } catch (err) {
        if (isCancel(err)) throw new PlatformError('已取消', err, 'cancelled');
        throw new PlatformError('无法打开文件，请稍后重试', err);
      }
    },

    async openCanvas(id, size, scale) {
      const canvas = await findCanvasNode(id);
      canvas.width = Math.round(size.width * scale);
      canvas.height = Math.round(size.height * scale);
      const ctx = canvas.getContext('2d');
      ctx.scale(scale, scale);
      return {
        ctx,
        loadImage: (src) =>
          new Promise((resolve, reject) => {
            const img = canvas.createImage();
            img.onload = () => resolve(img);
            img.onerror = (err: unknown) => reject(new PlatformError('图片加载失败', err));
            img.src = src;
          }),
        async toImageFile() {
          try {
            const { tempFilePath } = await Taro.canvasToTempFilePath({ canvas, fileType: 'png' } as any);
            return tempFilePath;
          } catch (err) {
            throw new PlatformError('海报生成失败，请重试', err);
          }
        },
      };
    },
  };
}
