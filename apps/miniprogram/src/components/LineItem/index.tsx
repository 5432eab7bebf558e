import type { ReactNode } from 'react';
import { Image, Text, View } from '@tarojs/components';
import type { CartLine } from '../../store/cart';
import { Price } from '../Price';
import './index.scss';

export interface LineItemProps {
  line: Pick<CartLine, 'imageUrl' | 'title' | 'specText' | 'priceFen'>;
  /** the page's own class (cart-line, checkout-line): its spacing and image size */
  className: string;
  /** before the image: the cart's checkbox */
  leading?: ReactNode;
  /** beside the unit price: the cart's stepper, checkout's ×n */
  quantity: ReactNode;
  /** after the text: the cart's 删除 */
  trailing?: ReactNode;
}

/** One product line as the cart and checkout show it: image, title, spec and unit price, with the page's controls around it. */
export function LineItem({ line, className, leading, quantity, trailing }: LineItemProps) {
  return (
    <View className={`line-item ${className}`}>
      {leading}
      {line.imageUrl ? <Image className="line-item__image" src={line.imageUrl} mode="aspectFill" /> : <View className="line-item__image" />}
      <View className="line-item__body">
        <Text className="line-item__title">{line.title}</Text>
        <Text className="ss-muted">{line.specText}</Text>
        <View className="ss-row">
          <Price fen={line.priceFen} size="small" />
          {quantity}
        </View>
      </View>
      {trailing}
    </View>
  );
}
