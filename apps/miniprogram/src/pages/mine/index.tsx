import { Text, View } from '@tarojs/components'
import { Avatar, Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { useAuth } from '../../hooks/useAuth'
import { go, routes, type Route } from '../../routes'
import './index.scss'

export default function MinePage() {
  const { user, loggedIn, signingIn, login, ensure, logout } = useAuth()
  const open = async (route: Route, params?: Record<string, string>) => {
    if (await ensure()) go(route, params)
  }
  const isMerchant = !!user?.merchants?.some((m) => m.status === 'approved')

  return (
    <View className='ss-page mine-page'>
      <View className='mine-head'>
        <Avatar size='large' src={user?.avatarUrl || ''} />
        <View className='mine-head__text'>
          {loggedIn && user ? (
            <>
              <Text className='mine-head__name'>{user.nickname}</Text>
              {user.referralCode ? <Text className='mine-head__code'>邀请码 {user.referralCode}</Text> : null}
            </>
          ) : (
            <Button size='small' type='primary' loading={signingIn} onClick={() => void login()}>
              微信登录
            </Button>
          )}
        </View>
      </View>

      <CellGroup title='订单'>
        <Cell title='我的订单' extra='全部' clickable onClick={() => open(routes.orderList)} />
        <Cell title='待付款' clickable onClick={() => open(routes.orderList, { status: 'created' })} />
        <Cell title='待收货' clickable onClick={() => open(routes.orderList, { status: 'shipped' })} />
      </CellGroup>

      <CellGroup title='我的小店'>
        {user?.shopId ? (
          <>
            <Cell title='店铺设置' clickable onClick={() => open(routes.shopSettings)} />
            <Cell title='选品' clickable onClick={() => open(routes.shopProducts)} />
            <Cell title='店铺海报' clickable onClick={() => open(routes.poster)} />
            <Cell title='分销中心' description='收益、佣金、团队、提现' clickable onClick={() => open(routes.distributorCenter)} />
          </>
        ) : (
          <Cell title='我也要开店' description='免费开店，分享好物赚佣金' clickable onClick={() => open(routes.openShop)} />
        )}
      </CellGroup>

      {isMerchant ? (
        <CellGroup title='商家'>
          <Cell title='商家后台' clickable onClick={() => open(routes.merchantDashboard)} />
        </CellGroup>
      ) : null}

      {loggedIn ? (
        <View className='mine-page__logout'>
          <Button block fill='outline' onClick={logout}>
            退出登录
          </Button>
        </View>
      ) : null}
    </View>
  )
}
