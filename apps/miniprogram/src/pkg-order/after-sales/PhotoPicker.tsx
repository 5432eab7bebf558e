import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ApiError, assetUrl } from '../../api'
import { afterSalesApi } from '../../api/afterSales'
import { isCancel } from '../../platform'
import { errorMessage } from '../../utils/errors'

/** Up to `max` photos for a request: pick (album/camera; a file input in the browser), upload, × to remove. */
export function PhotoPicker({ photos, onChange, max = 3 }: { photos: string[]; onChange: (photos: string[]) => void; max?: number }) {
  const [uploading, setUploading] = useState(false)
  const add = async () => {
    if (uploading) return
    let picked: string[]
    try {
      const res = await Taro.chooseMedia({ count: max - photos.length, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      picked = res.tempFiles.map((f) => f.tempFilePath)
    } catch (err) {
      if (!isCancel(err)) void Taro.showToast({ title: '无法选择图片', icon: 'none' })
      return
    }
    setUploading(true)
    let next = photos
    for (const path of picked.slice(0, max - photos.length)) {
      try {
        next = [...next, (await afterSalesApi.uploadPhoto(path)).url]
        onChange(next)
      } catch (err) {
        const issue = err instanceof ApiError && Array.isArray(err.details) ? (err.details[0] as { message?: string }) : undefined
        void Taro.showToast({ title: `上传失败：${issue?.message ?? errorMessage(err)}`, icon: 'none' })
      }
    }
    setUploading(false)
  }
  return (
    <View className='photo-picker'>
      {photos.map((src, i) => (
        <View className='photo-picker__item' key={`${src}-${i}`}>
          <Image className='photo-picker__image' src={assetUrl(src)} mode='aspectFill' />
          <View className='photo-picker__remove' onClick={() => onChange(photos.filter((_, j) => j !== i))}>
            ×
          </View>
        </View>
      ))}
      {photos.length < max ? (
        <View className='photo-picker__add' onClick={add}>
          <Text className='photo-picker__plus'>{uploading ? '…' : '+'}</Text>
          <Text className='photo-picker__hint'>{uploading ? '上传中' : `上传凭证（最多 ${max} 张）`}</Text>
        </View>
      ) : null}
    </View>
  )
}
