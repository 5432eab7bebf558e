import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { api, ApiError, assetUrl } from '../../../api';
import { errorMessage } from '../../../utils/errors';
import { chooseImages } from '../../../utils/images';
import './index.scss';

export interface ImageUploaderProps {
  images: string[];
  onChange: (images: string[]) => void;
  max: number;
}

/** The API's reason without the field prefix (`file: 图片不能超过 2 MB` → `图片不能超过 2 MB`). */
export function uploadErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const issue = (Array.isArray(err.details) ? err.details[0] : undefined) as { message?: string } | undefined;
    if (err.status === 413) return `图片${issue?.message ?? '过大'}`;
    if (issue?.message) return issue.message;
  }
  return errorMessage(err);
}

/**
 * Product images: thumbnails (the first is the main image), × to remove, + to add. Picks with
 * chooseMedia (album or camera in WeChat, a file input in the browser) and uploads each with
 * Taro.uploadFile to POST /merchant/uploads, which answers the image's URL.
 */
export function ImageUploader({ images, onChange, max }: ImageUploaderProps) {
  const [uploading, setUploading] = useState(0);

  const add = async () => {
    if (uploading) return;
    const picked = await chooseImages(Math.min(max - images.length, 9));
    if (!picked) return;
    let next = images;
    setUploading(picked.length);
    for (const path of picked) {
      try {
        const { url } = await api.merchant.uploadImage(path);
        next = [...next, url];
        onChange(next);
      } catch (err) {
        void Taro.showToast({ title: `上传失败：${uploadErrorText(err)}`, icon: 'none' });
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const remove = (i: number) => onChange(images.filter((_, j) => j !== i));
  // the gallery's order is the buyer's: the first image is the main one (share cards, lists)
  const makeMain = (i: number) => onChange([images[i]!, ...images.filter((_, j) => j !== i)]);

  return (
    <View className="image-uploader">
      {images.map((src, i) => (
        <View className="image-uploader__item" key={`${src}-${i}`}>
          <Image className="image-uploader__image" src={assetUrl(src)} mode="aspectFill" />
          {i === 0 ? (
            <Text className="image-uploader__badge">主图</Text>
          ) : (
            <Text className="image-uploader__badge is-action" onClick={() => makeMain(i)}>
              设为主图
            </Text>
          )}
          <View className="image-uploader__remove" onClick={() => remove(i)}>
            ×
          </View>
        </View>
      ))}
      {images.length < max ? (
        <View className={`image-uploader__add${uploading ? ' is-busy' : ''}`} onClick={add}>
          <Text className="image-uploader__plus">{uploading ? '…' : '+'}</Text>
          <Text className="image-uploader__hint">{uploading ? '上传中' : '上传图片'}</Text>
        </View>
      ) : null}
    </View>
  );
}

export default ImageUploader;
