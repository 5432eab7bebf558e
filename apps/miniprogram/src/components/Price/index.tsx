import { Text, View } from '@tarojs/components';
import { formatFen, type Fen } from '@shareshop/common';
import './index.scss';

export interface PriceProps {
  /** Integer fen. */
  fen: Fen;
  /** Struck-through list price, shown only when higher than `fen`. */
  listFen?: Fen | null;
  size?: 'small' | 'normal' | 'large';
  className?: string;
}

/** ¥ amount from fen (via @shareshop/common formatFen, never floating point). */
export function Price({ fen, listFen, size = 'normal', className }: PriceProps) {
  const text = formatFen(fen); // '¥123.45' or '-¥1.00'
  const negative = text.startsWith('-');
  const [int, dec] = text.replace(/^-?¥/, '').split('.');
  return (
    <View className={`ss-price ss-price--${size}${className ? ` ${className}` : ''}`}>
      <Text className="ss-price__symbol">{negative ? '-¥' : '¥'}</Text>
      <Text className="ss-price__int">{int}</Text>
      <Text className="ss-price__dec">.{dec}</Text>
      {listFen != null && listFen > fen ? <Text className="ss-price__list">{formatFen(listFen)}</Text> : null}
    </View>
  );
}

export default Price;
