import { Text, View } from '@tarojs/components';
import type { OrderTimelineEntry } from '../../api/types';
import { formatDateTime } from '../../utils/format';
import { timelineLines } from './timeline';

/** The order's history, newest first; the newest step is highlighted. */
export function OrderTimeline({ entries }: { entries: OrderTimelineEntry[] }) {
  const lines = timelineLines(entries);
  return (
    <View className="ss-card order-timeline">
      <Text className="order-timeline__title">订单进度</Text>
      {lines.map((l, i) => (
        <View className={`order-timeline__step${i === 0 ? ' is-current' : ''}`} key={l.key}>
          <View className="order-timeline__dot" />
          <View className="order-timeline__body">
            <Text className="order-timeline__name">{l.title}</Text>
            {l.detail ? <Text className="order-timeline__detail">{l.detail}</Text> : null}
            <Text className="order-timeline__time">{formatDateTime(l.at)}</Text>
          </View>
        </View>
      ))}
    </View>
  );
}
