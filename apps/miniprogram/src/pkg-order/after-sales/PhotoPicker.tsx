import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ApiError, assetUrl } from '../../api';
import { afterSalesApi } from '../../api/afterSales';
import { errorMessage } from '../../utils/errors';
import { chooseImages } from '../../utils/images';

/** Up to `max` photos for a request: pick (album/camera; a file input in the browser), upload, × to remove. */
export function PhotoPicker({ photos, onChange, max = 3 }: { photos: string[]; onChange: (photos: string[]) => void; max?: number }) {
  const [uploading, setUploading] = useState(false);
  const add = async () => {
    if (uploading) return;
    const picked = await chooseImages(max - photos.length);
    if (!picked) return;
    setUploading(true);
    let next = photos;
    for (const path of picked.slice(0, max - photos.length)) {
      try {
        next = [...next, (await afterSalesApi.uploadPhoto(path)).url];
        onChange(next);
      } catch (err) {
        const issue = err instanceof ApiError && Array.isArray(err.details) ? (err.details[0] as { message?: string }) : undefined;
        void Taro.showToast({ title: `上传失败：${issue?.message ?? errorMessage(err)}`, icon: 'none' });
      }
    }
    setUploading(false);
  };
  return (
    <View className="photo-picker">
      {photos.map((src, i) => (
        <View className="photo-picker__item" key={`${src}-${i}`}>
          <Image className="photo-picker__image" src={assetUrl(src)} mode="aspectFill" />
          <View className="photo-picker__remove" onClick={() => onChange(photos.filter((_, j) => j !== i))}>
            ×
          </View>
        </View>
      ))}
      {photos.length < max ? (
        <View className="photo-picker__add" onClick={add}>
          <Text className="photo-picker__plus">{uploading ? '…' : '+'}</Text>
          <Text className="photo-picker__hint">{uploading ? '上传中' : `上传凭证（最多 ${max} 张）`}</Text>
        </View>
      ) : null}
    </View>
  );
}
