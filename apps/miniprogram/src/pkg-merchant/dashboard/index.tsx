import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Cell, CellGroup } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { useAsync } from '../../hooks/useAsync'
import { go, routes } from '../../routes'
import './index.scss'

const DAY = 24 * 3600_000
/** Asia/Shanghai calendar day of an instant, 'YYYY-MM-DD'. */
const shanghaiDay = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10)

/** Dashboard built from the merchant routes: today's paid orders and sales, a 7-day chart, work queues. */
async function loadDashboard() {
  const now = Date.now()
  const from = new Date(Date.parse(`${shanghaiDay(now - 6 * DAY)}T00:00:00+08:00`)).toISOString()
  const [merchant, recent, toShip, refunds, lowStock] = await Promise.all([
    api.merchant.settings(),
    api.merchant.orders({ page: 1, pageSize: 100, from }),
    api.merchant.orders({ status: 'paid', page: 1, pageSize: 1 }),
    api.merchant.refunds('requested'),
    api.merchant.lowStock(10),
  ])
  const days = Array.from({ length: 7 }, (_, i) => shanghaiDay(now - (6 - i) * DAY))
  const sales = new Map(days.map((d) => [d, 0]))
  let todayOrders = 0
  const today = days[6]
  for (const o of recent.items) {
    if (!o.paidAt) continue
    const d = shanghaiDay(Date.parse(o.paidAt))
    if (!sales.has(d)) continue
    sales.set(d, sales.get(d)! + o.paidTotal - o.refundedTotal)
    if (d === today) todayOrders++
  }
  return {
    merchant,
    todaySales: sales.get(today) ?? 0,
    todayOrders,
    toShip: toShip.total,
    afterSales: refunds.items.length,
    lowStock: lowStock.items.length,
    chart: days.map((d) => ({ day: d.slice(5), fen: sales.get(d) ?? 0 })),
  }
}

export default function MerchantDashboardPage() {
  const dash = useAsync(loadDashboard, [])
  usePullDownRefresh(async () => {
    await dash.reload()
    Taro.stopPullDownRefresh()
  })
  useDidShow(() => {
    if (dash.data) void dash.reload()
  })
  const d = dash.data
  const max = d ? Math.max(1, ...d.chart.map((c) => c.fen)) : 1
  return (
    <View className='ss-page merchant-dashboard'>
      <PageState loading={dash.loading && !d} error={d ? undefined : dash.error} onRetry={dash.reload}>
        {d ? (
          <View className='ss-card'>
            <Text className='merchant-dashboard__name'>{d.merchant.name}</Text>
            <Text className='ss-muted merchant-dashboard__label'>今日成交</Text>
            <Price fen={d.todaySales} size='large' />
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
                <Text className='ss-stat-grid__label'>待处理售后</Text>
              </View>
            </View>
            <View className='merchant-chart'>
              {d.chart.map((c) => (
                <View className='merchant-chart__col' key={c.day}>
                  <View className='merchant-chart__bar' style={{ height: `${Math.round((c.fen / max) * 100)}%` }} />
                  <Text className='merchant-chart__label'>{c.day}</Text>
                </View>
              ))}
            </View>
          </View>
        ) : null}
        <CellGroup>
          <Cell title='商品管理' extra='›' clickable onClick={() => go(routes.merchantProducts)} />
          <Cell title='发布商品' extra='›' clickable onClick={() => go(routes.merchantProductEdit)} />
          <Cell title='库存' extra={d?.lowStock ? `${d.lowStock} 个 SKU 库存不足 ›` : '›'} clickable onClick={() => go(routes.merchantStock)} />
          <Cell title='订单' extra='›' clickable onClick={() => go(routes.merchantOrders)} />
          <Cell title='佣金设置' extra='›' clickable onClick={() => go(routes.merchantCommission)} />
          <Cell title='结算单（T+1）' extra='›' clickable onClick={() => go(routes.merchantSettlements)} />
        </CellGroup>
      </PageState>
    </View>
  )
}
