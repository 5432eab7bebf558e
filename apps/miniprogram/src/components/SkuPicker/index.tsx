import { useEffect, useMemo, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { assetUrl } from '../../api';
import type { ProductView, SkuView } from '../../api/types';
import { clampQuantity } from '../../store/cart';
import { Price } from '../Price';
import { findSku, initialSelection, isValueAvailable, priceRange, specDimensions, type Selection } from './sku';
import './index.scss';

export interface SkuChoice {
  sku: SkuView;
  quantity: number;
}

export interface SkuPickerProps {
  product: ProductView;
  /** Text of the confirm button, e.g. 加入购物车 / 立即购买. */
  confirmText?: string;
  onChange?: (choice: SkuChoice | null) => void;
  onConfirm?: (choice: SkuChoice) => void;
}

/** Spec selection -> SKU; out-of-stock combinations are disabled; quantity is bounded by stock. */
export function SkuPicker({ product, confirmText = '确定', onChange, onConfirm }: SkuPickerProps) {
  const dims = useMemo(() => specDimensions(product), [product]);
  const [selection, setSelection] = useState<Selection>(() => initialSelection(product));
  const [quantity, setQuantity] = useState(1);
  const sku = findSku(product, selection);
  const stock = sku?.stock ?? 0;
  const range = priceRange(product.skus);

  useEffect(() => {
    setQuantity((q) => Math.max(1, clampQuantity(q, stock || 1)));
  }, [stock]);

  useEffect(() => {
    onChange?.(sku && stock > 0 ? { sku, quantity } : null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sku?.id, quantity]);

  const pick = (name: string, value: string) => {
    if (!isValueAvailable(product, selection, name, value)) return;
    setSelection((s) => ({ ...s, [name]: s[name] === value ? undefined : value }));
  };

  const missing = dims.filter((d) => selection[d.name] === undefined).map((d) => d.name);
  const canConfirm = !!sku && stock > 0;
  const image = assetUrl(product.images[0]);

  return (
    <View className="ss-sku">
      <View className="ss-sku__head">
        {image ? <Image className="ss-sku__image" src={image} mode="aspectFill" /> : <View className="ss-sku__image" />}
        <View className="ss-sku__summary">
          {sku ? <Price fen={sku.price} listFen={sku.listPrice} /> : range ? <Price fen={range.min} /> : null}
          <Text className="ss-sku__stock">{sku ? (stock > 0 ? `库存 ${stock} 件` : '已售罄') : missing.length ? `请选择 ${missing.join(' ')}` : ''}</Text>
        </View>
      </View>

      {dims.map((dim) => (
        <View className="ss-sku__dim" key={dim.name}>
          <Text className="ss-sku__dim-name">{dim.name}</Text>
          <View className="ss-sku__values">
            {dim.values.map((value) => {
              const available = isValueAvailable(product, selection, dim.name, value);
              const active = selection[dim.name] === value;
              return (
                <View
                  key={value}
                  className={`ss-sku__value${active ? ' is-active' : ''}${available ? '' : ' is-disabled'}`}
                  aria-disabled={!available}
                  aria-selected={active}
                  onClick={() => pick(dim.name, value)}
                >
                  {value}
                </View>
              );
            })}
          </View>
        </View>
      ))}

      <View className="ss-sku__qty">
        <Text className="ss-sku__dim-name">数量</Text>
        <View className="ss-stepper">
          <View className={`ss-stepper__btn${quantity <= 1 ? ' is-disabled' : ''}`} aria-label="减少" onClick={() => quantity > 1 && setQuantity(quantity - 1)}>
            −
          </View>
          <Text className="ss-stepper__value">{quantity}</Text>
          <View
            className={`ss-stepper__btn${!sku || quantity >= clampQuantity(Infinity, stock) ? ' is-disabled' : ''}`}
            aria-label="增加"
            onClick={() => sku && setQuantity(clampQuantity(quantity + 1, stock) || quantity)}
          >
            +
          </View>
        </View>
      </View>

      <View className={`ss-sku__confirm${canConfirm ? '' : ' is-disabled'}`} onClick={() => canConfirm && onConfirm?.({ sku: sku!, quantity })}>
        {sku && stock === 0 ? '已售罄' : confirmText}
      </View>
    </View>
  );
}

export default SkuPicker;
