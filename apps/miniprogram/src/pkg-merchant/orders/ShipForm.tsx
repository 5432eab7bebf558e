import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { CARRIERS, OTHER, type ShipDraft, carrierOf, guessCarrier, shipProblem } from './ship';

export interface ShipFormProps {
  busy: boolean;
  onCancel: () => void;
  /** called with a valid carrier and tracking number */
  onSubmit: (body: { carrier: string; trackingNo: string }) => void;
  /** shown under the form (e.g. a validation or API message) */
  onProblem: (message: string) => void;
}

/**
 * In-page shipping form: pick the express company (chips), type the tracking number. The same on WeChat
 * and in the browser, where showModal has no editable input.
 */
export function ShipForm({ busy, onCancel, onSubmit, onProblem }: ShipFormProps) {
  const [draft, setDraft] = useState<ShipDraft>({ choice: '', other: '', trackingNo: '' });

  const setTracking = (trackingNo: string) => setDraft((d) => ({ ...d, trackingNo, choice: d.choice || guessCarrier(trackingNo) || '' }));

  const submit = () => {
    const problem = shipProblem(draft);
    if (problem) return onProblem(problem);
    onSubmit({ carrier: carrierOf(draft), trackingNo: draft.trackingNo.trim() });
  };

  return (
    <View className="ship-form">
      <Text className="ship-form__label">快递公司</Text>
      <View className="ship-form__carriers">
        {[...CARRIERS, OTHER].map((c) => (
          <Text key={c} className={`ship-form__carrier${draft.choice === c ? ' is-active' : ''}`} onClick={() => setDraft((d) => ({ ...d, choice: c }))}>
            {c}
          </Text>
        ))}
      </View>
      {draft.choice === OTHER ? (
        <Input
          className="ship-form__other"
          placeholder="快递公司名称"
          maxLength={30}
          value={draft.other}
          onChange={(v) => setDraft((d) => ({ ...d, other: v }))}
        />
      ) : null}
      <Input className="ship-form__no" placeholder="运单号" maxLength={40} value={draft.trackingNo} onChange={setTracking} />
      <View className="ship-form__actions">
        <Button size="small" disabled={busy} onClick={onCancel}>
          取消
        </Button>
        <Button size="small" type="primary" loading={busy} disabled={busy} onClick={submit}>
          确认发货
        </Button>
      </View>
    </View>
  );
}
