import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { api, type MerchantInvitationView } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { go, routes } from '../../routes';
import { currentMerchant, pickMerchant } from '../../store/merchant';
import { session } from '../../store/session';
import { formatDateTime } from '../../utils/format';
import './index.scss';
import { useAction } from '../../hooks/useAction';

/** Members, and for the owner the open invitations: staff join by accepting a code the owner shares. */
async function loadStaff() {
  const [mine, staff] = await Promise.all([api.merchant.mine(), api.merchant.staff()]);
  const membership = pickMerchant(mine.items, currentMerchant.getId());
  return { membership, staff };
}

export default function MerchantStaffPage() {
  const data = useAsync(loadStaff, []);
  const [invitation, setInvitation] = useState<MerchantInvitationView | null>(null);
  const { busy, run: act } = useAction();
  useDidShow(() => {
    if (data.data) void data.reload();
  });
  const d = data.data;
  const isOwner = d?.membership?.role === 'owner';
  const me = session.getState().user?.id;

  const run = (action: () => Promise<unknown>, done?: string) =>
    act(
      async () => {
        await action();
        await data.reload();
      },
      { done },
    );

  const invite = () => run(async () => setInvitation(await api.merchant.invite()));
  const copy = (code: string) => void Taro.setClipboardData({ data: code }).catch(() => undefined);
  const confirm = async (title: string, content: string) => (await Taro.showModal({ title, content, confirmColor: '#fa2c19' })).confirm;

  const remove = async (userId: number, nickname: string) => {
    if (await confirm('移除员工', `确定将「${nickname}」移出本店？移除后对方将无法管理店铺。`)) await run(() => api.merchant.removeStaff(userId), '已移除');
  };
  const revoke = async (code: string) => {
    if (await confirm('撤销邀请', `撤销后邀请码 ${code} 将失效。`)) {
      await run(() => api.merchant.revokeInvitation(code), '已撤销');
      if (invitation?.code === code) setInvitation(null);
    }
  };
  const leave = async () => {
    if (!(await confirm('退出商家', `确定退出「${d?.membership?.name}」？退出后需重新获得邀请才能加入。`))) return;
    await act(
      async () => {
        await api.merchant.leave();
        currentMerchant.select(null);
        session.updateUser(await api.auth.me());
        void go(routes.mine);
      },
      { done: '已退出' },
    );
  };

  return (
    <View className="ss-page merchant-staff">
      <PageState loading={data.loading && !d} error={d ? undefined : data.error} onRetry={data.reload}>
        {d ? (
          <>
            {invitation ? (
              <View className="merchant-staff__invite-card">
                <Text className="merchant-staff__invite-title">邀请码已生成</Text>
                <Text className="merchant-staff__invite-code">{invitation.code}</Text>
                <Text className="merchant-staff__invite-hint">
                  把邀请码发给店员：在「我的 → 加入商家团队」输入即可加入「{invitation.merchantName}」。{formatDateTime(invitation.expiresAt)}{' '}
                  前有效，仅可使用一次。
                </Text>
                <Button type="primary" size="small" className="merchant-staff__copy" onClick={() => copy(invitation.code)}>
                  复制邀请码
                </Button>
              </View>
            ) : null}

            <Text className="ss-section-title">成员（{d.staff.items.length}）</Text>
            <View className="ss-card merchant-staff__list">
              {d.staff.items.map((m) => (
                <View className="merchant-staff__row" key={m.userId}>
                  <View className="merchant-staff__avatar">{m.nickname.slice(0, 1)}</View>
                  <View className="merchant-staff__who">
                    <Text className="merchant-staff__name">
                      {m.nickname}
                      {m.userId === me ? '（我）' : ''}
                    </Text>
                    <Text className="ss-muted">{formatDateTime(m.createdAt)} 加入</Text>
                  </View>
                  <Text className={`merchant-staff__role is-${m.role}`}>{m.role === 'owner' ? '主账号' : '店员'}</Text>
                  {isOwner && m.role !== 'owner' ? (
                    <Text className="merchant-staff__action" onClick={() => void remove(m.userId, m.nickname)}>
                      移除
                    </Text>
                  ) : null}
                </View>
              ))}
            </View>

            {isOwner ? (
              <>
                <Text className="ss-section-title">待接受的邀请（{d.staff.invitations.length}）</Text>
                <View className="ss-card merchant-staff__list">
                  {d.staff.invitations.length === 0 ? <Text className="ss-muted">暂无未使用的邀请码</Text> : null}
                  {d.staff.invitations.map((i) => (
                    <View className="merchant-staff__row" key={i.code}>
                      <View className="merchant-staff__who">
                        <Text className="merchant-staff__code">{i.code}</Text>
                        <Text className="ss-muted">{formatDateTime(i.expiresAt)} 前有效</Text>
                      </View>
                      <Text className="merchant-staff__action merchant-staff__action--plain" onClick={() => copy(i.code)}>
                        复制
                      </Text>
                      <Text className="merchant-staff__action" onClick={() => void revoke(i.code)}>
                        撤销
                      </Text>
                    </View>
                  ))}
                </View>
                <View className="ss-actions">
                  <Button block type="primary" loading={busy} disabled={busy} onClick={() => void invite()}>
                    邀请店员
                  </Button>
                  <Text className="ss-muted merchant-staff__note">店员可以管理商品、库存和订单；佣金设置和员工管理仅主账号可操作。</Text>
                </View>
              </>
            ) : (
              <View className="ss-actions">
                <Button block fill="outline" loading={busy} disabled={busy} onClick={() => void leave()}>
                  退出该商家
                </Button>
              </View>
            )}
          </>
        ) : null}
      </PageState>
    </View>
  );
}
