import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { api, assetUrl, type AdminUserView } from '../../api';
import { PageState } from '../../components/PageState';
import { usePaged } from '../../hooks/usePaged';
import { useAuth } from '../../hooks/useAuth';
import { errorMessage } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import './index.scss';

/**
 * Platform operators: find a user by id or nickname; block (every session of theirs ends at once, they
 * cannot sign in again) or unblock. Both ask for confirmation first.
 */
export default function AdminUsersPage() {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const list = usePaged((page) => api.admin.users({ q: q || undefined, page, pageSize: 20 }), [q]);
  const [busy, setBusy] = useState<number | null>(null);
  const me = useAuth().user;
  useReachBottom(() => void list.loadMore());

  const toggle = async (u: AdminUserView) => {
    const blocking = !u.blockedAt;
    const { confirm } = await Taro.showModal({
      title: blocking ? `停用「${u.nickname}」？` : `恢复「${u.nickname}」？`,
      content: blocking ? '停用后该用户的所有登录立即失效，无法再登录、下单或提现，直到恢复。' : '恢复后该用户可以重新登录并正常使用。',
      confirmText: blocking ? '确认停用' : '确认恢复',
      // a string or nothing: Taro H5 rejects an explicit undefined
      ...(blocking ? { confirmColor: '#fa2c19' } : {}),
      cancelText: '取消',
    });
    if (!confirm) return;
    setBusy(u.id);
    try {
      const next = blocking ? await api.admin.blockUser(u.id) : await api.admin.unblockUser(u.id);
      list.setItems((items) => items.map((x) => (x.id === next.id ? next : x)));
      void Taro.showToast({ title: blocking ? '已停用，登录已失效' : '已恢复', icon: 'none' });
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <View className="ss-page admin-users">
      <View className="admin-users__search">
        <Input
          className="admin-users__input"
          value={typed}
          maxLength={32}
          placeholder="用户 ID 或昵称"
          confirmType="search"
          onChange={(v) => setTyped(v)}
          onConfirm={() => setQ(typed.trim())}
        />
        <Button type="primary" size="small" className="admin-users__go" onClick={() => setQ(typed.trim())}>
          搜索
        </Button>
      </View>
      <Text className="ss-muted ss-note">{q ? `「${q}」的查找结果：${list.total} 位用户` : `全部用户，最新注册在前（共 ${list.total} 位）`}</Text>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText={q ? `没有找到「${q}」：请输入完整的用户 ID，或昵称中的几个字` : '还没有用户'}
      >
        {list.items.map((u) => (
          <View key={u.id} className={`admin-users__card${u.blockedAt ? ' is-blocked' : ''}`}>
            {u.avatarUrl ? (
              <Image className="admin-users__avatar" src={assetUrl(u.avatarUrl)} mode="aspectFill" />
            ) : (
              <View className="admin-users__avatar admin-users__avatar--none">{u.nickname.slice(0, 1)}</View>
            )}
            <View className="admin-users__info">
              <View className="admin-users__name-row">
                <Text className="admin-users__name">{u.nickname}</Text>
                {u.isDistributor ? <Text className="admin-users__tag">分销员</Text> : null}
                {u.blockedAt ? <Text className="admin-users__tag is-blocked">已停用</Text> : null}
              </View>
              <Text className="ss-muted">
                ID {u.id} · 注册于 {formatDateTime(u.createdAt)}
              </Text>
              {u.blockedAt ? <Text className="ss-muted">停用于 {formatDateTime(u.blockedAt)}</Text> : null}
            </View>
            {u.id === me?.id ? (
              <Text className="ss-muted admin-users__self">当前账号</Text>
            ) : (
              <Button
                size="small"
                type={u.blockedAt ? 'default' : 'danger'}
                fill="outline"
                loading={busy === u.id}
                disabled={busy !== null}
                onClick={() => void toggle(u)}
              >
                {u.blockedAt ? '恢复' : '停用'}
              </Button>
            )}
          </View>
        ))}
        {list.hasMore ? (
          <Text className="ss-muted admin-users__more" onClick={() => void list.loadMore()}>
            加载更多
          </Text>
        ) : null}
      </PageState>
    </View>
  );
}
