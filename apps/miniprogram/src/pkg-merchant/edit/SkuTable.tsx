import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Input, Switch } from '@nutui/nutui-react-taro';
import { type SkuRow, fillRows, rowLabel, rowOnSale } from './skuMatrix';

/**
 * One card per SKU row (the phone is too narrow for a six-column table): its spec label and switch, then
 * 价格 / 划线价 / 库存 / 编码. Existing SKUs show their stock (changed on the 库存 page); rows of removed values
 * are shown disabled. A 批量设置 line fills every row that is on sale.
 */
export function SkuTable({ rows, onChange, editing }: { rows: SkuRow[]; onChange: (rows: SkuRow[]) => void; editing: boolean }) {
  const [fill, setFill] = useState({ price: '', listPrice: '', stock: '' });
  const set = (i: number, patch: Partial<SkuRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <View className="sku-table">
      {rows.length > 1 ? (
        <View className="sku-table__fill">
          <Text className="sku-table__fill-label">批量设置</Text>
          <Input className="sku-table__fill-input" type="digit" placeholder="价格" value={fill.price} onChange={(v) => setFill((f) => ({ ...f, price: v }))} />
          <Input
            className="sku-table__fill-input"
            type="digit"
            placeholder="划线价"
            value={fill.listPrice}
            onChange={(v) => setFill((f) => ({ ...f, listPrice: v }))}
          />
          <Input className="sku-table__fill-input" type="number" placeholder="库存" value={fill.stock} onChange={(v) => setFill((f) => ({ ...f, stock: v }))} />
          <Text className="sku-table__fill-apply" onClick={() => onChange(fillRows(rows, fill))}>
            应用
          </Text>
        </View>
      ) : null}
      {rows.map((r, i) => (
        <View
          className={`sku-table__row${rowOnSale(r) ? '' : ' is-off'}${r.id === undefined && editing ? ' is-new' : ''}`}
          key={r.id ?? `new-${r.specs.join('|')}`}
        >
          <View className="sku-table__row-head">
            <Text className="sku-table__label">
              {rowLabel(r)}
              {r.id === undefined && editing ? <Text className="sku-table__badge">新增</Text> : null}
              {r.removed ? <Text className="sku-table__badge is-grey">规格值已删除</Text> : null}
            </Text>
            {r.removed ? null : (
              <Switch className="sku-table__active" checked={r.active} onChange={(v) => set(i, { active: v })} activeText="在售" inactiveText="停用" />
            )}
          </View>
          <View className="sku-table__grid">
            <View className="sku-table__cell">
              <Text className="sku-table__cell-label">价格（元）</Text>
              <Input
                className="sku-table__input sku-table__price"
                type="digit"
                placeholder="0.00"
                value={r.price}
                disabled={r.removed}
                onChange={(v) => set(i, { price: v })}
              />
            </View>
            <View className="sku-table__cell">
              <Text className="sku-table__cell-label">划线价（元）</Text>
              <Input
                className="sku-table__input sku-table__list-price"
                type="digit"
                placeholder="选填"
                value={r.listPrice}
                disabled={r.removed}
                onChange={(v) => set(i, { listPrice: v })}
              />
            </View>
            <View className="sku-table__cell">
              <Text className="sku-table__cell-label">库存</Text>
              {r.id === undefined ? (
                <Input className="sku-table__input sku-table__stock" type="number" placeholder="0" value={r.stock} onChange={(v) => set(i, { stock: v })} />
              ) : (
                <Text className="sku-table__stock-text">{r.currentStock}</Text>
              )}
            </View>
            <View className="sku-table__cell">
              <Text className="sku-table__cell-label">编码</Text>
              <Input
                className="sku-table__input sku-table__code"
                placeholder="选填"
                maxLength={40}
                value={r.code}
                disabled={r.removed}
                onChange={(v) => set(i, { code: v })}
              />
            </View>
          </View>
        </View>
      ))}
    </View>
  );
}
