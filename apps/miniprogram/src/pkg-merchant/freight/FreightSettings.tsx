import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, CellGroup, Input } from '@nutui/nutui-react-taro';
import { api, type MerchantView } from '../../api';
import { Field } from '../../components/Field';
import { freightBody, freightForm, freightSummary, type FreightForm } from './form';
import { useAction } from '../../hooks/useAction';

/**
 * 运费设置: the merchant's freight rule (a fee per order, 满 X 包邮), typed in yuan and saved in fen through
 * PATCH /merchant/settings. Checkout charges it per merchant order (POST /orders/quote shows the same number).
 */
export function FreightSettings({ merchant, onSaved }: { merchant: MerchantView; onSaved: (m: MerchantView) => void }) {
  const [form, setForm] = useState<FreightForm>(() => freightForm(merchant));
  const { busy: saving, run } = useAction();
  // the saved rule changed (loaded, or saved here): show it; only the two numbers matter, not the object's identity
  const { freightFee, freeShippingAbove } = merchant;
  useEffect(() => setForm(freightForm({ freightFee, freeShippingAbove })), [freightFee, freeShippingAbove]);
  const parsed = freightBody(form);

  const save = async () => {
    if ('problem' in parsed) return void Taro.showToast({ title: parsed.problem, icon: 'none' });
    await run(async () => onSaved(await api.merchant.saveSettings(parsed.body)), { done: '已保存' });
  };

  return (
    <View className="merchant-freight">
      <CellGroup title="运费设置（每个订单收一次，0 为包邮）">
        <Field label="每单运费" suffix="元">
          <Input className="merchant-freight__fee" type="digit" value={form.fee} placeholder="0.00" onChange={(v) => setForm((f) => ({ ...f, fee: v }))} />
        </Field>
        <Field label="满额包邮" suffix="元">
          <Input
            className="merchant-freight__free-above"
            type="digit"
            value={form.freeAbove}
            placeholder="不设置"
            onChange={(v) => setForm((f) => ({ ...f, freeAbove: v }))}
          />
        </Field>
      </CellGroup>
      <Text className={`ss-muted merchant-freight__hint${'problem' in parsed ? ' merchant-freight__hint--error' : ''}`}>
        {'problem' in parsed ? parsed.problem : `买家看到：${freightSummary(parsed.body.freightFee!, parsed.body.freeShippingAbove ?? null)}`}
      </Text>
      <View className="ss-actions">
        <Button block type="primary" loading={saving} disabled={saving || 'problem' in parsed} onClick={save}>
          保存运费设置
        </Button>
      </View>
    </View>
  );
}
