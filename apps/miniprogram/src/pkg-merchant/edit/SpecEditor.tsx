import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Input } from '@nutui/nutui-react-taro';
import { MAX_DIMS, type Matrix, addDim, addValue, removeDim, removeValue, renameDim, valueProblem } from './skuMatrix';

/**
 * Spec dimensions and their values as chips (颜色：白色 黑色 ＋). Adding or removing a value regenerates the
 * SKU rows (skuMatrix.ts). While editing an existing product the number of dimensions is fixed.
 */
export function SpecEditor({ matrix, onChange, fixedDims }: { matrix: Matrix; onChange: (m: Matrix) => void; fixedDims: boolean }) {
  const [drafts, setDrafts] = useState<Record<number, string>>({});
  const add = (i: number) => {
    const value = drafts[i] ?? '';
    const problem = valueProblem(matrix.dims, i, value);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    onChange(addValue(matrix, i, value));
    setDrafts((d) => ({ ...d, [i]: '' }));
  };
  return (
    <View className="spec-editor">
      {matrix.dims.map((d, i) => (
        <View className="spec-editor__dim" key={i}>
          <View className="spec-editor__head">
            <Input
              className="spec-editor__name"
              placeholder={i === 0 ? '规格名，如 颜色' : '规格名，如 尺码'}
              maxLength={10}
              value={d.name}
              onChange={(v) => onChange(renameDim(matrix, i, v))}
            />
            {fixedDims ? null : (
              <Text className="spec-editor__drop" onClick={() => onChange(removeDim(matrix, i))}>
                删除规格
              </Text>
            )}
          </View>
          <View className="spec-editor__values">
            {d.values.map((v) => (
              <View className="spec-editor__chip" key={v}>
                <Text>{v}</Text>
                <Text className="spec-editor__chip-x" onClick={() => onChange(removeValue(matrix, i, v))}>
                  ×
                </Text>
              </View>
            ))}
            <View className="spec-editor__new">
              <Input
                className="spec-editor__new-input"
                placeholder="添加规格值"
                maxLength={20}
                value={drafts[i] ?? ''}
                onChange={(v) => setDrafts((x) => ({ ...x, [i]: v }))}
                onConfirm={() => add(i)}
              />
              <Text className="spec-editor__new-add" onClick={() => add(i)}>
                添加
              </Text>
            </View>
          </View>
        </View>
      ))}
      {!fixedDims && matrix.dims.length < MAX_DIMS ? (
        <View className="spec-editor__add-dim" onClick={() => onChange(addDim(matrix))}>
          ＋ 添加规格（如 颜色、尺码，最多 {MAX_DIMS} 个）
        </View>
      ) : null}
      {fixedDims ? <Text className="ss-muted spec-editor__hint">已有 SKU 的商品可增删规格值；删除的值对应的 SKU 会停用（保留销售记录）。</Text> : null}
    </View>
  );
}
