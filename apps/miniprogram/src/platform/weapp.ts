/** WeChat mini program implementation of the platform seam. */
import Taro from '@tarojs/taro'
import { PlatformError, isCancel, type Platform } from './types'

function wxCall<T = any>(fn: (opts: any) => void, opts: Record<string, unknown>): Promise<T> {
  return new Promise((resolve, reject) => fn({ ...opts, success: resolve, fail: reject }))
}

export function createWeappPlatform(): Platform {
  return {
    name: 'weapp',

    async getLoginCode() {
      const res = await Taro.login()
      if (!res.code) throw new PlatformError(`微信登录失败：${res.errMsg}`)
      return res.code
    },

    async pay(params) {
      try {
        await Taro.requestPayment({ ...params })
        return 'paid'
      } catch (err) {
        if (isCancel(err)) return 'cancelled'
        throw new PlatformError('支付失败，请稍后重试', err)
      }
    },

    async confirmTransfer(bill) {
      if (typeof wx === 'undefined' || !wx.canIUse?.('requestMerchantTransfer')) {
        throw new PlatformError('当前微信版本过低，请升级后再提现')
      }
      try {
        await wxCall(wx.requestMerchantTransfer, { mchId: bill.mchId, appId: bill.appId, package: bill.packageInfo })
        return 'confirmed'
      } catch (err) {
        if (isCancel(err)) return 'cancelled'
        throw new PlatformError('确认收款失败，请稍后重试', err)
      }
    },

    getLaunchQuery() {
      const opts = Taro.getEnterOptionsSync?.() ?? Taro.getLaunchOptionsSync()
      const out: Record<string, string> = {}
      for (const [k, v] of Object.entries(opts?.query ?? {})) if (v != null) out[k] = String(v)
      return out
    },

    async saveImageToAlbum(filePath) {
      try {
        await Taro.saveImageToPhotosAlbum({ filePath })
      } catch (err: any) {
        if (isCancel(err)) throw new PlatformError('已取消保存', err)
        if (/auth|authorize|deny/i.test(String(err?.errMsg))) {
          const { confirm } = await Taro.showModal({ title: '需要相册权限', content: '请在设置中允许保存到相册', confirmText: '去设置' })
          if (confirm) await Taro.openSetting()
          throw new PlatformError('没有相册权限', err)
        }
        throw new PlatformError('保存失败', err)
      }
    },
  }
}
