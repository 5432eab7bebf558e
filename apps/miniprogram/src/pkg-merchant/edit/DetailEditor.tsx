import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { TextArea } from '@nutui/nutui-react-taro';
import { api, assetUrl, type DetailBlock } from '../../api';
import { chooseImages } from '../../utils/images';
import { uploadErrorText } from '../components/ImageUploader';
import { MAX_DETAIL_BLOCKS } from './form';

/** 图文详情: text paragraphs and images in order; each block can move up, down or go. */
export function DetailEditor({ blocks, onChange }: { blocks: DetailBlock[]; onChange: (blocks: DetailBlock[]) => void }) {
  const [uploading, setUploading] = useState(false);
  const move = (i: number, by: number) => {
    const j = i + by;
    if (j < 0 || j >= blocks.length) return;
    const next = [...blocks];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  const addImage = async () => {
    if (uploading) return;
    const path = (await chooseImages(1))?.[0];
    if (!path) return;
    setUploading(true);
    try {
      const { url } = await api.merchant.uploadImage(path);
      onChange([...blocks, { type: 'image', url }]);
    } catch (err) {
      void Taro.showToast({ title: `上传失败：${uploadErrorText(err)}`, icon: 'none' });
    } finally {
      setUploading(false);
    }
  };
  const full = blocks.length >= MAX_DETAIL_BLOCKS;
  return (
    <View className="detail-editor">
      {blocks.map((b, i) => (
        <View className="detail-editor__block" key={i}>
          {b.type === 'text' ? (
            <TextArea
              className="detail-editor__text"
              placeholder="一段文字，如产地、做法、保存方式"
              maxLength={2000}
              value={b.text}
              onChange={(v) => onChange(blocks.map((x, j) => (j === i ? { type: 'text', text: v } : x)))}
            />
          ) : (
            <Image className="detail-editor__image" src={assetUrl(b.url)} mode="widthFix" />
          )}
          <View className="detail-editor__tools">
            <Text className="detail-editor__tool" onClick={() => move(i, -1)}>
              上移
            </Text>
            <Text className="detail-editor__tool" onClick={() => move(i, 1)}>
              下移
            </Text>
            <Text className="detail-editor__tool is-danger" onClick={() => onChange(blocks.filter((_, j) => j !== i))}>
              删除
            </Text>
          </View>
        </View>
      ))}
      {full ? null : (
        <View className="detail-editor__add">
          <Text className="detail-editor__add-btn detail-editor__add-text" onClick={() => onChange([...blocks, { type: 'text', text: '' }])}>
            ＋ 文字
          </Text>
          <Text className={`detail-editor__add-btn detail-editor__add-image${uploading ? ' is-busy' : ''}`} onClick={addImage}>
            {uploading ? '上传中…' : '＋ 图片'}
          </Text>
        </View>
      )}
    </View>
  );
}
