import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Cell, CellGroup } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { useAsync } from '../../hooks/useAsync'
import { go, routes } from '../../routes'

export default function MerchantDashboardPage() {
  const dash = useAsync(() => api.merchant.dashboard(), [])
  usePullDownRefresh(async () => {
    await dash.reload()
    Taro.stopPullDownRefresh()
  })
  const d = dash.data
  return (
    <View className='ss-page'>
      <PageState loading={dash.loading && !d} error={d ? undefined : dash.error} onRetry={dash.reload}>
        {d ? (
          <View className='ss-card'>
            <Text className='ss-muted'>今日成交（元）</Text>
            <Price fen={d.todaySalesFen} size='large' />
            <View className='ss-stat-grid'>
              <View className='ss-stat-grid__item'>
                <Text className='ss-stat-grid__value'>{d.todayOrders}</Text>
                <Text className='ss-stat-grid__label'>今日订单</Text>
              </View>
              <View className='ss-stat-grid__item' onClick={() => go(routes.merchantOrders, { status: 'paid' })}>
                <Text className='ss-stat-grid__value'>{d.toShip}</Text>
                <Text className='ss-stat-grid__label'>待发货</Text>
              </View>
              <View className='ss-stat-grid__item'>
                <Text className='ss-stat-grid__value'>{d.afterSales}</Text>
                <Text className='ss-stat-grid__label'>售后中</Text>
              </View>
            </View>
          </View>
        ) : null}
        <CellGroup>
          <Cell title='商品管理' extra='›' clickable onClick={() => go(routes.merchantProducts)} />
          <Cell title='库存' extra={d?.lowStockSkus ? `${d.lowStockSkus} 个 SKU 库存不足 ›` : '›'} clickable onClick={() => go(routes.merchantStock)} />
          <Cell title='订单' extra='›' clickable onClick={() => go(routes.merchantOrders)} />
          <Cell title='佣金设置' extra='›' clickable onClick={() => go(routes.merchantCommission)} />
          <Cell title='结算单（T+1）' extra='›' clickable onClick={() => go(routes.merchantSettlements)} />
        </CellGroup>
      </PageState>
    </View>
  )
}
