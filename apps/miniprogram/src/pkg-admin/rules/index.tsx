import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Input, Switch } from '@nutui/nutui-react-taro';
import { ApiError, api } from '../../api';
import { Field } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { errorMessage } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import {
  AFTER_SALE_LIMITS,
  BINDING_OPTIONS,
  FIELD_LABEL,
  LEVEL_OPTIONS,
  apiFieldErrors,
  formFromSettings,
  needsAcknowledgement,
  submission,
  type Change,
  type RulesForm,
  type SettingsField,
} from './form';
import './index.scss';

/**
 * The API's message as the operator reads it: the Chinese half of a bilingual one ("中文 / English"), and the
 * request field the compliance rule names replaced by the box on this page that sets it.
 */
const readable = (message: string) =>
  (/[\u4e00-\u9fa5]/.test(message) ? message.split(' / ')[0]! : message).replace(/提交 ?acknowledgeMultiLevelRisk: ?true ?以?/, '勾选下方的风险确认，以');

function FieldError({ text }: { text?: string }) {
  return text ? <Text className="admin-rules__error">{text}</Text> : null;
}

/** Platform operators: the distribution rules every merchant and distributor works under (GET/PUT /admin/settings). */
export default function AdminRulesPage() {
  const settings = useAsync(() => api.admin.settings(), []);
  const s = settings.data;
  const [form, setForm] = useState<RulesForm>();
  const [errors, setErrors] = useState<Partial<Record<SettingsField | '', string>>>({});
  const [saved, setSaved] = useState<Change[] | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (s) setForm(formFromSettings(s));
  }, [s]);

  const set = <K extends keyof RulesForm>(key: K, value: RulesForm[K]) => setForm((f) => (f ? { ...f, [key]: value } : f));
  const pending = form && s ? submission(form, s) : null;

  const save = async () => {
    if (!form || !s || !pending) return;
    setSaved(null);
    if (Object.keys(pending.errors).length) {
      setErrors(pending.errors);
      void Taro.showToast({
        title: `请检查：${Object.keys(pending.errors)
          .map((k) => FIELD_LABEL[k as SettingsField])
          .join('、')}`,
        icon: 'none',
      });
      return;
    }
    if (!pending.changes.length) {
      void Taro.showToast({ title: '没有修改', icon: 'none' });
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const next = await api.admin.saveSettings(pending.body);
      setSaved(pending.changes);
      settings.setData(next);
      void Taro.showToast({ title: `已保存 ${pending.changes.length} 项修改`, icon: 'success' });
    } catch (err) {
      const byField = err instanceof ApiError ? apiFieldErrors(err.details) : {};
      if (!Object.keys(byField).length) byField[''] = errorMessage(err);
      for (const k of Object.keys(byField) as Array<SettingsField | ''>) byField[k] = readable(byField[k]!);
      setErrors(byField);
      const first = Object.keys(byField)[0] as SettingsField | '';
      void Taro.showToast({ title: first ? `${FIELD_LABEL[first]}：未保存` : '保存失败', icon: 'none' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="ss-page admin-rules">
      <PageState loading={settings.loading && !s} error={s ? undefined : settings.error} onRetry={settings.reload}>
        {form && s ? (
          <>
            <View className="ss-section-title">分销佣金</View>
            <View className="admin-rules__group">
              <View className="admin-rules__row admin-rules__levels">
                <Text className="admin-rules__label">分佣层级</Text>
                <View className="admin-rules__chips">
                  {LEVEL_OPTIONS.map((o) => (
                    <Text
                      key={o.value}
                      className={`admin-rules__chip${form.commissionLevels === o.value ? ' is-active' : ''}`}
                      onClick={() => set('commissionLevels', o.value)}
                    >
                      {o.label}
                    </Text>
                  ))}
                </View>
              </View>
              <FieldError text={errors.commissionLevels} />
              <Text className="admin-rules__hint">默认一级：分销员只从自己店铺卖出的商品获得佣金（CPS），这是微信允许的方式。</Text>
              {form.commissionLevels >= 2 ? (
                <View className={`admin-rules__compliance${needsAcknowledgement(form, s) ? ' is-warning' : ''}`}>
                  <Text className="admin-rules__compliance-title">开启{form.commissionLevels === 2 ? '二' : '三'}级分佣前请确认合规风险</Text>
                  <Text className="admin-rules__compliance-text">
                    《微信小程序平台运营规范》5.9
                    禁止多级分销，违规可能被限制功能或封禁；《禁止传销条例》第七条禁止按发展人员或层级计酬，司法实践以「三级以上、三十人以上」作为传销认定标准，已有二级分销小程序被处罚的案例。
                    本平台的佣金只来自商品销售，从不按注册、拉人头计酬，成为分销员永远免费。
                  </Text>
                  {/* asked when the levels change to 2–3; the levels in force were acknowledged when they were set */}
                  {form.commissionLevels !== s.commissionLevels ? (
                    <View className="admin-rules__ack" onClick={() => set('acknowledgeMultiLevelRisk', !form.acknowledgeMultiLevelRisk)}>
                      <Text className={`admin-rules__box${form.acknowledgeMultiLevelRisk ? ' is-checked' : ''}`}>
                        {form.acknowledgeMultiLevelRisk ? '✓' : ''}
                      </Text>
                      <Text>我已了解上述风险，确认开启{form.commissionLevels === 2 ? '二' : '三'}级分佣</Text>
                    </View>
                  ) : null}
                  {s.multiLevelAcknowledgement ? (
                    <Text className="admin-rules__hint admin-rules__acked">
                      风险确认：运营 #{s.multiLevelAcknowledgement.by}，{formatDateTime(s.multiLevelAcknowledgement.at)}
                    </Text>
                  ) : null}
                </View>
              ) : null}
              <Field label="佣金总比例上限" suffix="%">
                <Input
                  className="admin-rules__input admin-rules__cap"
                  type="digit"
                  value={form.commissionCapPercent}
                  placeholder="30"
                  onChange={(v) => set('commissionCapPercent', v)}
                />
              </Field>
              <FieldError text={errors.commissionCapBps} />
              <Text className="admin-rules__hint">各级佣金合计不超过商品实付金额的这个比例，默认 30%，最高 50%；超出部分从最末一级扣减。</Text>
              <View className="admin-rules__row">
                <Text className="admin-rules__label">自购返佣</Text>
                <Switch checked={form.selfPurchaseCommission} onChange={(v) => set('selfPurchaseCommission', v)} />
              </View>
              <Text className="admin-rules__hint">开启后，分销员在自己店铺购买也获得佣金。</Text>
            </View>

            <View className="ss-section-title">客户绑定</View>
            <View className="admin-rules__group">
              <View className="admin-rules__row admin-rules__binding">
                <Text className="admin-rules__label">绑定规则</Text>
                <View className="admin-rules__chips">
                  {BINDING_OPTIONS.map((o) => (
                    <Text
                      key={o.value}
                      className={`admin-rules__chip${form.bindingMode === o.value ? ' is-active' : ''}`}
                      onClick={() => set('bindingMode', o.value)}
                    >
                      {o.label}
                    </Text>
                  ))}
                </View>
              </View>
              <FieldError text={errors.bindingMode} />
              <Text className="admin-rules__hint">{BINDING_OPTIONS.find((o) => o.value === form.bindingMode)?.hint}</Text>
              <Field label="绑定有效期" suffix="天">
                <Input
                  className="admin-rules__input admin-rules__expiry"
                  type="number"
                  value={form.bindingExpiryDays}
                  placeholder="留空为永久有效"
                  onChange={(v) => set('bindingExpiryDays', v)}
                />
              </Field>
              <FieldError text={errors.bindingExpiryDays} />
            </View>

            <View className="ss-section-title">提现</View>
            <View className="admin-rules__group">
              <Field label="单笔最低提现" suffix="元">
                <Input
                  className="admin-rules__input admin-rules__withdraw-min"
                  type="digit"
                  value={form.withdrawalMinYuan}
                  placeholder="1.00"
                  onChange={(v) => set('withdrawalMinYuan', v)}
                />
              </Field>
              <FieldError text={errors.withdrawalMinFen} />
              <Field label="每日提现上限" suffix="元">
                <Input
                  className="admin-rules__input admin-rules__withdraw-daily"
                  type="digit"
                  value={form.withdrawalDailyLimitYuan}
                  placeholder="20000.00"
                  onChange={(v) => set('withdrawalDailyLimitYuan', v)}
                />
              </Field>
              <FieldError text={errors.withdrawalDailyLimitFen} />
              <Text className="admin-rules__hint">每位分销员每天提现到微信零钱的合计上限；微信商家转账单笔不低于 ¥0.10。</Text>
            </View>

            <View className="ss-section-title">店铺与订单</View>
            <View className="admin-rules__group">
              <Field label="店铺商品上限" suffix="件">
                <Input
                  className="admin-rules__input admin-rules__shop-limit"
                  type="number"
                  value={form.shopProductLimit}
                  onChange={(v) => set('shopProductLimit', v)}
                />
              </Field>
              <FieldError text={errors.shopProductLimit} />
              <Field label="默认售后期" suffix="天">
                <Input className="admin-rules__input" type="number" value={form.afterSaleDaysFallback} onChange={(v) => set('afterSaleDaysFallback', v)} />
              </Field>
              <FieldError text={errors.afterSaleDaysFallback} />
              <Text className="admin-rules__hint">商家未设置售后期时使用；售后期结束后佣金才可提现。</Text>
              <Field label="每人未付款订单上限" suffix="笔">
                <Input className="admin-rules__input" type="number" value={form.maxUnpaidOrdersPerUser} onChange={(v) => set('maxUnpaidOrdersPerUser', v)} />
              </Field>
              <FieldError text={errors.maxUnpaidOrdersPerUser} />
              <Text className="admin-rules__hint">未付款订单会占用库存，限制每人同时未付款的订单数，防止恶意占库存。</Text>
            </View>

            {AFTER_SALE_LIMITS.some((f) => s[f] !== undefined) ? (
              <>
                <View className="ss-section-title">售后时限</View>
                <View className="admin-rules__group">
                  {AFTER_SALE_LIMITS.filter((f) => s[f] !== undefined).map((f) => (
                    <View key={f}>
                      <Field label={FIELD_LABEL[f]} suffix="天">
                        <Input className={`admin-rules__input admin-rules__${f}`} type="number" value={form[f]} onChange={(v) => set(f, v)} />
                      </Field>
                      <FieldError text={errors[f]} />
                    </View>
                  ))}
                  <Text className="admin-rules__hint">超时未处理按规则自动执行：商家未答复视为同意，买家未寄回视为放弃，商家未确认视为已收货并退款。</Text>
                </View>
              </>
            ) : null}

            {errors[''] ? <Text className="admin-rules__error admin-rules__error--form">{errors['']}</Text> : null}
            {pending && pending.changes.length && !saved ? (
              <View className="admin-rules__changes">
                <Text className="admin-rules__changes-title">待保存的修改（{pending.changes.length}）</Text>
                {pending.changes.map((c) => (
                  <Text key={c.field} className="admin-rules__change">
                    {c.label}：{c.from} → {c.to}
                  </Text>
                ))}
              </View>
            ) : null}
            {saved ? (
              <View className="admin-rules__changes is-saved">
                <Text className="admin-rules__changes-title">已保存 {saved.length} 项修改</Text>
                {saved.map((c) => (
                  <Text key={c.field} className="admin-rules__change">
                    {c.label}：{c.from} → {c.to}
                  </Text>
                ))}
              </View>
            ) : null}
            {s.updatedAt ? (
              <Text className="admin-rules__hint admin-rules__updated">
                最近修改：运营 #{s.updatedBy}，{formatDateTime(s.updatedAt)}
              </Text>
            ) : null}
            <View className="ss-actions">
              <Button block type="primary" className="admin-rules__save" loading={saving} disabled={saving} onClick={() => void save()}>
                保存修改
              </Button>
            </View>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
