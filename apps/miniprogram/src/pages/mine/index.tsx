import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Avatar, Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { api, assetUrl } from '../../api';
import { useAuth } from '../../hooks/useAuth';
import { platform } from '../../platform';
import { go, routes, type Route } from '../../routes';
import { session } from '../../store/session';
import './index.scss';

export default function MinePage() {
  const { user, loggedIn, signingIn, login, ensure, logout } = useAuth();
  // memberships and roles change elsewhere (an application approved, an invitation accepted): refresh on show
  useDidShow(() => {
    if (session.getToken())
      void api.auth.me().then(
        (me) => session.updateUser(me),
        () => undefined,
      );
  });
  const open = async (route: Route, params?: Record<string, string>) => {
    if (await ensure()) go(route, params);
  };
  const isMerchant = !!user?.merchants?.some((m) => m.status === 'approved');
  // an application of mine still under review, or rejected (its page shows the reason)
  const application = user?.merchants?.find((m) => m.role === 'owner' && (m.status === 'pending' || m.status === 'rejected'));

  /** The 微信登录 button: a sandbox persona (H5) lands in its role's pages, like a merchant opening 商家后台. */
  const signInHere = async () => {
    const u = await login();
    const role = platform.pickedPersonaRole?.();
    if (u && role === 'merchant' && u.merchants.some((m) => m.status === 'approved')) go(routes.merchantDashboard);
    else if (u && role === 'admin' && u.isAdmin) go(routes.adminMerchants);
  };

  return (
    <View className="ss-page mine-page">
      <View className="mine-head">
        <Avatar size="large" src={assetUrl(user?.avatarUrl)} />
        <View className="mine-head__text">
          {loggedIn && user ? (
            <>
              <Text className="mine-head__name">{user.nickname}</Text>
              {user.referralCode ? <Text className="mine-head__code">邀请码 {user.referralCode}</Text> : null}
            </>
          ) : (
            <Button size="small" type="primary" loading={signingIn} onClick={() => void signInHere()}>
              微信登录
            </Button>
          )}
        </View>
      </View>

      <CellGroup title="订单">
        <Cell title="我的订单" extra="全部" clickable onClick={() => open(routes.orderList)} />
        <Cell title="待付款" clickable onClick={() => open(routes.orderList, { status: 'created' })} />
        <Cell title="待收货" clickable onClick={() => open(routes.orderList, { status: 'shipped' })} />
        <Cell title="退款/售后" clickable onClick={() => open(routes.afterSales)} />
      </CellGroup>

      <CellGroup title="我的小店">
        {user?.shopId ? (
          <>
            <Cell title="店铺设置" clickable onClick={() => open(routes.shopSettings)} />
            <Cell title="选品" clickable onClick={() => open(routes.shopProducts)} />
            <Cell title="店铺海报" clickable onClick={() => open(routes.poster)} />
            <Cell title="分销中心" description="收益、佣金、团队、提现" clickable onClick={() => open(routes.distributorCenter)} />
          </>
        ) : (
          <Cell title="我也要开店" description="免费开店，分享好物赚佣金" clickable onClick={() => open(routes.openShop)} />
        )}
      </CellGroup>

      <CellGroup title="商家">
        {isMerchant ? (
          <Cell title="商家后台" clickable onClick={() => open(routes.merchantDashboard)} />
        ) : application ? (
          <Cell
            title="商家入驻"
            extra={application.status === 'pending' ? '审核中' : '未通过，查看原因'}
            clickable
            onClick={() => open(routes.merchantApplication)}
          />
        ) : (
          <Cell title="商家入驻" description="品牌商、产地商家入驻，店主帮你卖" clickable onClick={() => open(routes.merchantApply)} />
        )}
        <Cell title="加入商家团队" description="输入商家发给你的邀请码" clickable onClick={() => open(routes.merchantJoin)} />
      </CellGroup>

      {user?.isAdmin ? (
        <CellGroup title="平台运营">
          <Cell title="运营后台" description="规则、结算、对账、打款、用户" clickable onClick={() => open(routes.adminHome)} />
          <Cell title="商家入驻审核" clickable onClick={() => open(routes.adminMerchants)} />
        </CellGroup>
      ) : null}

      {loggedIn ? (
        <View className="mine-page__logout">
          <Button block fill="outline" onClick={logout}>
            退出登录
          </Button>
        </View>
      ) : null}
    </View>
  );
}
