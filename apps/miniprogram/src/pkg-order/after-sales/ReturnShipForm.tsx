import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';

const CARRIERS = ['顺丰速运', '中通快递', '圆通速递', '韵达快递', '申通快递', '京东物流', '邮政快递包裹'];

/** The buyer's parcel back to the merchant: express company (chips) and tracking number. */
export function ReturnShipForm({ busy, onSubmit }: { busy: boolean; onSubmit: (body: { carrier: string; trackingNo: string }) => void }) {
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [problem, setProblem] = useState('');
  const submit = () => {
    const no = trackingNo.trim();
    if (!carrier) return setProblem('请选择快递公司');
    if (!/^[A-Za-z0-9-]{4,40}$/.test(no)) return setProblem('运单号为 4-40 位字母、数字或 -');
    setProblem('');
    onSubmit({ carrier, trackingNo: no });
  };
  return (
    <View className="ss-card return-form">
      <Text className="after-sale__card-title">填写退货物流</Text>
      <View className="after-sale__chips">
        {CARRIERS.map((c) => (
          <Text key={c} className={`after-sale__chip${carrier === c ? ' is-active' : ''}`} onClick={() => setCarrier(c)}>
            {c}
          </Text>
        ))}
      </View>
      <Input className="return-form__no" placeholder="退货运单号" maxLength={40} value={trackingNo} onChange={setTrackingNo} />
      {problem ? <Text className="after-sale__problem">{problem}</Text> : null}
      <Button type="primary" block loading={busy} disabled={busy} onClick={submit}>
        提交退货单号
      </Button>
    </View>
  );
}
