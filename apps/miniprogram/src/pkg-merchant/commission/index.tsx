import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Cell, CellGroup, Input } from '@nutui/nutui-react-taro';
import { api, type UpdateMerchantSettingsBody } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { Field } from '../../components/Field';
import { FreightSettings } from '../freight/FreightSettings';
import { effectiveRates } from '@shareshop/common/rules';
import { bpsToPercent, percentToBps } from './rules';
import './index.scss';
import { useAction } from '../../hooks/useAction';

type LevelKey = 'commissionL1Bps' | 'commissionL2Bps' | 'commissionL3Bps';
const LEVELS: [LevelKey, string][] = [
  ['commissionL1Bps', '一级佣金（店主）'],
  ['commissionL2Bps', '二级佣金'],
  ['commissionL3Bps', '三级佣金'],
];

export default function MerchantCommissionPage() {
  const settings = useAsync(() => api.merchant.settings(), []);
  // the limits in force come from the platform settings, never from constants here
  const rules = useAsync(() => api.merchant.platformRules(), []);
  const [form, setForm] = useState<Record<LevelKey, string>>({ commissionL1Bps: '', commissionL2Bps: '', commissionL3Bps: '' });
  const { busy: saving, run } = useAction();
  const s = settings.data;
  const r = rules.data;

  useEffect(() => {
    if (s)
      setForm({
        commissionL1Bps: bpsToPercent(s.commissionL1Bps),
        commissionL2Bps: bpsToPercent(s.commissionL2Bps),
        commissionL3Bps: bpsToPercent(s.commissionL3Bps),
      });
  }, [s]);

  const levels = s && r ? LEVELS.slice(0, r.commissionLevels) : [];
  const parsed = levels.map(([k]) => percentToBps(form[k]));
  const totalBps = parsed.reduce<number>((a, b) => a + (b ?? 0), 0);
  const invalid = parsed.some((b) => b === null || b > (r?.maxLevelBps ?? 0));
  const overCap = !!r && totalBps > r.commissionCapBps;
  const effective = r
    ? effectiveRates(
        parsed.map((b) => b ?? 0),
        r.commissionLevels,
        r.commissionCapBps,
      )
    : [];

  const save = async () => {
    if (!s || !r || invalid || overCap) return;
    const body: UpdateMerchantSettingsBody = {};
    levels.forEach(([k], i) => (body[k] = parsed[i]!));
    await run(async () => settings.setData(await api.merchant.saveSettings(body)), { done: '已保存' });
  };

  const loading = settings.loading || rules.loading;
  return (
    <View className="ss-page merchant-commission">
      <PageState
        loading={loading && !(s && r)}
        error={s && r ? undefined : (settings.error ?? rules.error)}
        onRetry={() => void Promise.all([settings.reload(), rules.reload()])}
        empty={!!r && r.commissionLevels === 0}
        emptyText="平台未开启分销佣金：分销员不会获得佣金"
      >
        {r ? (
          <CellGroup title="平台规则" className="merchant-commission__rules">
            <Cell title="分佣层级" extra={r.commissionLevels === 1 ? '仅一级（店主）' : `${r.commissionLevels} 级`} />
            <Cell title="佣金合计上限" extra={`${bpsToPercent(r.commissionCapBps)}%`} />
            <Cell title="单级上限" extra={`${bpsToPercent(r.maxLevelBps)}%`} />
          </CellGroup>
        ) : null}
        <CellGroup title="按商品实付金额计算（不含运费），向下取整">
          {levels.map(([key, label], i) => (
            <Field key={key} label={label} suffix={parsed[i] !== null && effective[i] !== parsed[i] ? `%（实际 ${bpsToPercent(effective[i] ?? 0)}%）` : '%'}>
              <Input
                className={`merchant-commission__rate merchant-commission__rate--${i + 1}`}
                type="digit"
                value={form[key]}
                placeholder="0"
                onChange={(v) => setForm((f) => ({ ...f, [key]: v }))}
              />
            </Field>
          ))}
        </CellGroup>
        {invalid && r ? <Text className="ss-muted merchant-commission__hint">每级请输入 0–{bpsToPercent(r.maxLevelBps)} 之间、最多两位小数的比例</Text> : null}
        {overCap && r ? (
          <Text className="ss-muted merchant-commission__hint merchant-commission__hint--error">
            合计 {bpsToPercent(totalBps)}% 超过平台上限 {bpsToPercent(r.commissionCapBps)}%，请调低后保存（超出部分不会发放）
          </Text>
        ) : null}
        {r && r.commissionLevels >= 2 ? (
          <Text className="ss-muted merchant-commission__hint">二级及以上佣金仅在平台确认合规风险后开启；佣金只来自商品销售，不按人头或层级计酬。</Text>
        ) : null}
        <View className="ss-actions">
          <Button block type="primary" loading={saving} disabled={saving || invalid || overCap} onClick={save}>
            保存
          </Button>
        </View>
      </PageState>
      {/* outside PageState: the freight rule applies even when the platform pays no commission */}
      {s ? <FreightSettings merchant={s} onSaved={settings.setData} /> : null}
    </View>
  );
}
