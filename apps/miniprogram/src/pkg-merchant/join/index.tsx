import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { api, ApiError, type InvitationLookupView } from '../../api';
import { go, routes } from '../../routes';
import { currentMerchant } from '../../store/merchant';
import { session } from '../../store/session';
import { formatDateTime } from '../../utils/format';
import './index.scss';
import { useAction } from '../../hooks/useAction';

const STATUS_TEXT: Record<InvitationLookupView['status'], string> = {
  pending: '',
  accepted: '该邀请码已被使用',
  revoked: '该邀请码已被商家撤销',
  expired: '该邀请码已过期，请联系商家重新邀请',
};

/** Normalises what people type: spaces dropped, upper case (codes have no 0/O/1/I). */
const clean = (v: string) => v.replace(/\s+/g, '').toUpperCase();

/** Accepting a staff invitation: enter (or open a link with ?code=) the code a merchant shared, check it, accept. */
export default function MerchantJoinPage() {
  const { params } = useRouter();
  const [code, setCode] = useState(clean(decodeURIComponent(params.code ?? '')));
  const [found, setFound] = useState<InvitationLookupView | null>(null);
  const { busy, run } = useAction();

  const lookup = async () => {
    const c = clean(code);
    if (!/^[A-Z0-9]{8}$/.test(c)) {
      void Taro.showToast({ title: '请输入 8 位邀请码', icon: 'none' });
      return;
    }
    const invitation = await run(() => api.invitations.get(c), {
      errorText: (err) => (err instanceof ApiError && err.status === 404 ? '邀请码不存在，请核对后重试' : undefined),
    });
    setFound(invitation ?? null);
  };

  const accept = async () => {
    if (!found) return;
    await run(async () => {
      const membership = await api.invitations.accept(found.code);
      currentMerchant.select(membership.merchantId);
      session.updateUser(await api.auth.me());
      void Taro.showToast({ title: `已加入${membership.name}`, icon: 'success' });
      void go(routes.merchantDashboard, undefined, { replace: true });
    });
  };

  return (
    <View className="ss-page merchant-join">
      <View className="merchant-join__card">
        <Text className="merchant-join__title">输入邀请码</Text>
        <Text className="ss-muted">商家主账号在「员工管理 → 邀请店员」生成邀请码</Text>
        <Input
          className="merchant-join__input"
          value={code}
          maxLength={8}
          placeholder="8 位邀请码"
          onChange={(v) => {
            setCode(clean(v));
            setFound(null);
          }}
        />
        <Button block type="primary" fill={found ? 'outline' : 'solid'} loading={busy && !found} disabled={busy} onClick={() => void lookup()}>
          查看邀请
        </Button>
      </View>
      {found ? (
        <View className="merchant-join__card merchant-join__found">
          <Text className="ss-muted">邀请您加入</Text>
          <Text className="merchant-join__merchant">{found.merchantName}</Text>
          {found.status === 'pending' ? (
            <>
              <Text className="ss-muted">成为店员后可管理商品、库存和订单 · {formatDateTime(found.expiresAt)} 前有效</Text>
              <Button block type="primary" className="merchant-join__accept" loading={busy} disabled={busy} onClick={() => void accept()}>
                接受邀请
              </Button>
            </>
          ) : (
            <Text className="merchant-join__invalid">{STATUS_TEXT[found.status]}</Text>
          )}
        </View>
      ) : null}
    </View>
  );
}
