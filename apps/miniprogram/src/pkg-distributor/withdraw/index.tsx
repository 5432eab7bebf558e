import { useRef, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup, Input } from '@nutui/nutui-react-taro';
import { fenToYuanString, parseYuan } from '@shareshop/common';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';
import { platform } from '../../platform';
import { errorMessage } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import { newIdempotencyKey } from '../../utils/id';
import './index.scss';

const WITHDRAWAL_TEXT: Record<string, string> = {
  created: '处理中',
  wait_user_confirm: '待确认收款',
  transferring: '转账中',
  succeeded: '已到账',
  failed: '提现失败',
  cancelled: '已取消',
};

export default function WithdrawPage() {
  const earnings = useAsync(() => api.distributor.earnings(), []);
  const history = useAsync(() => api.distributor.withdrawals({ page: 1, pageSize: 10 }), []);
  const [text, setAmountText] = useState('');
  // One key per intended withdrawal: a retried tap (timeout, double tap) with the same amount is the same
  // withdrawal on the server; a new amount, or a withdrawal that went through, starts a new key.
  const idempotencyKey = useRef(newIdempotencyKey());
  const setText = (value: string) => {
    if (value !== text) idempotencyKey.current = newIdempotencyKey();
    setAmountText(value);
  };
  const [submitting, setSubmitting] = useState(false);
  const available = earnings.data?.available ?? 0;
  const amount = parseYuan(text);
  const problem = !text ? null : amount === null || amount <= 0 ? '请输入正确的金额' : amount > available ? '超出可提现金额' : null;

  const submit = async () => {
    if (amount === null || problem) return;
    setSubmitting(true);
    try {
      const bill = await api.distributor.withdraw({ amount, idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = newIdempotencyKey();
      // 商家转账: the bill waits for the user's confirmation (wx.requestMerchantTransfer / sandbox).
      const outcome = await platform.confirmTransfer(bill);
      void Taro.showToast({ title: outcome === 'confirmed' ? '提现已提交' : '已取消收款确认', icon: 'none' });
      setAmountText('');
      await Promise.all([earnings.reload(), history.reload()]);
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="ss-page withdraw-page">
      <PageState loading={earnings.loading} error={earnings.error} onRetry={earnings.reload}>
        <CellGroup title="提现到微信零钱">
          <Cell title="可提现" extra={<Price fen={available} size="small" />} />
          <Field
            label="提现金额（元）"
            suffix={
              <Text className="withdraw-page__all" onClick={() => setText(fenToYuanString(available))}>
                全部
              </Text>
            }
          >
            <Input type="digit" value={text} placeholder="0.00" onChange={setText} />
          </Field>
        </CellGroup>
        {problem ? <Text className="withdraw-page__error">{problem}</Text> : null}
        <View className="withdraw-page__action">
          <Button block type="primary" loading={submitting} disabled={submitting || !amount || !!problem} onClick={submit}>
            提现
          </Button>
          <Text className="ss-muted withdraw-page__tip">提现需在微信中确认收款，到账时间以微信为准。</Text>
        </View>
        {history.data?.items.length ? (
          <CellGroup title="提现记录">
            {history.data.items.map((w) => (
              <Cell
                key={w.id}
                title={<Price fen={w.amount} size="small" />}
                description={formatDateTime(w.createdAt)}
                extra={WITHDRAWAL_TEXT[w.status] ?? w.status}
              />
            ))}
          </CellGroup>
        ) : null}
      </PageState>
    </View>
  );
}
