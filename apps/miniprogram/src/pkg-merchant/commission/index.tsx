import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Cell, CellGroup, Input } from '@nutui/nutui-react-taro'
import { api, type UpdateMerchantSettingsBody } from '../../api'
import { PageState } from '../../components/PageState'
import { useAsync } from '../../hooks/useAsync'
import { errorMessage } from '../../utils/errors'

type LevelKey = 'commissionL1Bps' | 'commissionL2Bps' | 'commissionL3Bps'
const LEVELS: [LevelKey, string][] = [
  ['commissionL1Bps', '一级佣金（店主）'],
  ['commissionL2Bps', '二级佣金'],
  ['commissionL3Bps', '三级佣金'],
]

/** '12.5' (%) -> 1250 bps; null when not a percentage with at most two decimals. */
export function percentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) return null
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return bps <= 10000 ? bps : null
}
const bpsToPercent = (bps: number) => (bps / 100).toString()

/** Levels and the cap are platform settings (admin only); the API enforces them on save. */
const MAX_LEVELS = 3
const CAP_BPS = 3000

export default function MerchantCommissionPage() {
  const settings = useAsync(() => api.merchant.settings(), [])
  const [form, setForm] = useState<Record<LevelKey, string>>({ commissionL1Bps: '', commissionL2Bps: '', commissionL3Bps: '' })
  const [saving, setSaving] = useState(false)
  const s = settings.data

  useEffect(() => {
    if (s) setForm({ commissionL1Bps: bpsToPercent(s.commissionL1Bps), commissionL2Bps: bpsToPercent(s.commissionL2Bps), commissionL3Bps: bpsToPercent(s.commissionL3Bps) })
  }, [s])

  const levels = s ? LEVELS.slice(0, Math.max(0, Math.min(3, MAX_LEVELS))) : []
  const parsed = levels.map(([k]) => percentToBps(form[k]))
  const totalBps = parsed.reduce<number>((a, b) => a + (b ?? 0), 0)
  const invalid = parsed.some((b) => b === null)
  const overCap = !!s && totalBps > CAP_BPS

  const save = async () => {
    if (!s || invalid || overCap) return
    setSaving(true)
    try {
      const body: UpdateMerchantSettingsBody = {}
      levels.forEach(([k], i) => (body[k] = parsed[i]!))
      settings.setData(await api.merchant.saveSettings(body))
      void Taro.showToast({ title: '已保存', icon: 'success' })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='ss-page'>
      <PageState loading={settings.loading} error={settings.error} onRetry={settings.reload} empty={false} emptyText='平台未开启分销佣金'>
        <CellGroup title='按商品实付金额计算（不含运费），向下取整' description={s ? `平台上限：合计不超过（默认） ${bpsToPercent(CAP_BPS)}%` : undefined}>
          {levels.map(([key, label]) => (
            <Cell key={key} title={label}>
              <Input type='digit' value={form[key]} placeholder='0' onChange={(v) => setForm((f) => ({ ...f, [key]: v }))} />
              <Text>%</Text>
            </Cell>
          ))}
        </CellGroup>
        {invalid ? <Text className='ss-muted' style={{ display: 'block', padding: '16rpx 32rpx' }}>请输入 0–100 之间、最多两位小数的比例</Text> : null}
        {overCap ? <Text className='ss-muted' style={{ display: 'block', padding: '16rpx 32rpx', color: '#fa2c19' }}>合计 {bpsToPercent(totalBps)}% 超过平台上限</Text> : null}
        <View style={{ padding: '48rpx 32rpx' }}>
          <Button block type='primary' loading={saving} disabled={invalid || overCap} onClick={save}>
            保存
          </Button>
        </View>
      </PageState>
    </View>
  )
}
