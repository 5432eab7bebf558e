import { Text, View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import { Cell, CellGroup, Tag } from '@nutui/nutui-react-taro'
import { api } from '../../api'
import { PageState } from '../../components/PageState'
import { Price } from '../../components/Price'
import { usePaged } from '../../hooks/usePaged'
import './index.scss'

const STATUS = { held: ['对账处理中', 'warning'], payable: ['待打款', 'warning'], nothing_due: ['无需打款', 'default'], paid: ['已打款', 'success'] } as const

export default function MerchantSettlementsPage() {
  const list = usePaged((page) => api.merchant.settlements({ page, pageSize: 20 }), [])
  useReachBottom(() => void list.loadMore())
  return (
    <View className='ss-page merchant-settlements'>
      <Text className='ss-muted ss-note'>
        每个营业日（北京时间）次日生成结算单：销售额 − 退款 − 佣金 − 平台费 ± 调整 = 应结金额
      </Text>
      <PageState loading={list.initialLoading} error={list.items.length ? undefined : list.error} onRetry={list.refresh} empty={!list.items.length} emptyText='暂无结算单'>
        {list.items.map((s) => (
          <CellGroup key={s.id} title={`结算日 ${s.businessDate}`} description={undefined}>
            <Cell title='销售额' extra={<Price fen={s.sales} size='small' />} />
            <Cell title='退款' extra={<Price fen={-Math.abs(s.refunds)} size='small' />} />
            <Cell title='佣金' extra={<Price fen={-Math.abs(s.commission)} size='small' />} />
            <Cell title='平台费' extra={<Price fen={-Math.abs(s.fee)} size='small' />} />
            {s.carriedIn ? <Cell title='上期结转' extra={<Price fen={s.carriedIn} size='small' />} /> : null}
            {s.adjustments ? <Cell title='调整' extra={<Price fen={s.adjustments} size='small' />} /> : null}
            <Cell
              className='merchant-settlements__net'
              title={
                <View className='merchant-settlements__net-title'>
                  <Text>应结金额</Text>
                  <Tag type={STATUS[s.status][1]}>{STATUS[s.status][0]}</Tag>
                </View>
              }
              extra={<Price fen={s.netPayable} />}
            />
          </CellGroup>
        ))}
      </PageState>
    </View>
  )
}
