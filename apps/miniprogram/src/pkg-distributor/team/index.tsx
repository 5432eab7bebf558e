import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { useReachBottom } from '@tarojs/taro';
import { Avatar, TabPane, Tabs } from '@nutui/nutui-react-taro';
import { api, assetUrl } from '../../api';
import { PageState } from '../../components/PageState';
import { usePaged } from '../../hooks/usePaged';
import { formatDateTime } from '../../utils/format';
import './index.scss';

export default function TeamPage() {
  const [level, setLevel] = useState<1 | 2 | 3>(1);
  const team = usePaged((page) => api.distributor.team(level, { page, pageSize: 20 }), [level]);
  useReachBottom(() => void team.loadMore());

  return (
    <View className="ss-page">
      {/* Levels beyond 1 only have members when the platform enabled them (default: 1 level). */}
      <Tabs value={level} onChange={(v) => setLevel(Number(v) as 1 | 2 | 3)}>
        <TabPane value={1} title="直接开店" />
        <TabPane value={2} title="间接开店" />
      </Tabs>
      <PageState
        loading={team.initialLoading}
        error={team.items.length ? undefined : team.error}
        onRetry={team.refresh}
        empty={!team.items.length}
        emptyText="还没有通过你开店的好友"
      >
        <Text className="ss-muted team-total">共 {team.total} 人</Text>
        {team.items.map((m) => (
          <View className="team-row" key={m.userId}>
            <Avatar src={assetUrl(m.avatarUrl)} />
            <View className="team-row__body">
              <Text>{m.nickname}</Text>
              <Text className="ss-muted">{formatDateTime(m.boundAt)} 开店</Text>
            </View>
          </View>
        ))}
      </PageState>
    </View>
  );
}
