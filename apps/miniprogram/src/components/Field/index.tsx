import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './index.scss';

/**
 * A labelled form row (merchant forms, the checkout address, the withdrawal amount). NutUI's <Cell> drops
 * its `title` when it has children, so an input placed in a Cell showed no label at all.
 */
export function Field({ label, children, suffix, className }: { label: string; children: ReactNode; suffix?: ReactNode; className?: string }) {
  return (
    <View className={`ss-field${className ? ` ${className}` : ''}`}>
      <Text className="ss-field__label">{label}</Text>
      <View className="ss-field__control">{children}</View>
      {suffix ? <View className="ss-field__suffix">{suffix}</View> : null}
    </View>
  );
}

export default Field;
