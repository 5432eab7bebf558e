import Taro from '@tarojs/taro';
import { isCancel } from '../platform';

/**
 * Lets the user pick up to `count` images (album or camera in WeChat, a file input in the browser) and returns
 * their local temp paths, ready for an upload; null when the user cancelled or picking failed (a failure is
 * told with a toast, a cancel is silent). Every image picker of the mini program goes through here.
 */
export async function chooseImages(count: number): Promise<string[] | null> {
  try {
    const res = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    return res.tempFiles.map((f) => f.tempFilePath);
  } catch (err) {
    if (!isCancel(err)) void Taro.showToast({ title: '无法选择图片', icon: 'none' });
    return null;
  }
}
