import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { formatFen } from '@shareshop/common';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { useAsync } from '../../hooks/useAsync';
import { go, routes } from '../../routes';
import { formatDateTime } from '../../utils/format';
import { PAYOUT_METHOD_TEXT, PAYOUT_STATUS_TEXT } from '../../pkg-merchant/settlements/statement';
import { IN_FLIGHT, NEEDS_ACTION, recentPayouts, type PayoutRow } from '../settlements/labels';
import './index.scss';
import { useAction } from '../../hooks/useAction';

/** What the operator pays by hand: the whole amount for manual merchants, or what profit sharing could not carry. */
const dueByHand = (p: PayoutRow) => (p.payout.method === 'manual' ? p.payout.amount : p.payout.manualAmount || p.payout.amount);

/**
 * Platform operators: payouts of the last 14 settlement days. Those waiting for a manual transfer are marked
 * paid with the bank or transfer reference, after a confirmation; 刷新状态 follows WeChat's profit sharing now.
 */
export default function AdminPayoutsPage() {
  const list = useAsync(() => recentPayouts(), []);
  const [paying, setPaying] = useState<number | null>(null);
  const [reference, setReference] = useState('');
  const { busy, run } = useAction();
  usePullDownRefresh(async () => {
    await list.reload();
    Taro.stopPullDownRefresh();
  });

  const rows = list.data ?? [];
  const needsAction = rows.filter((p) => NEEDS_ACTION.has(p.payout.status));
  const inFlight = rows.filter((p) => IN_FLIGHT.has(p.payout.status));
  const done = rows.filter((p) => p.payout.status === 'succeeded').slice(0, 10);

  const refresh = () =>
    run(async () => {
      const { checked } = await api.admin.refreshPayouts();
      void Taro.showToast({ title: checked ? `已向微信查询 ${checked} 笔` : '没有打款中的记录', icon: 'none' });
      await list.reload();
    });

  const markPaid = async (p: PayoutRow) => {
    const ref = reference.trim();
    if (!ref) {
      void Taro.showToast({ title: '请填写打款凭证号', icon: 'none' });
      return;
    }
    const { confirm } = await Taro.showModal({
      title: '确认已线下打款？',
      content: `${p.merchantName} ${p.businessDate} 结算款 ${formatFen(dueByHand(p))}，凭证号 ${ref}。确认后结算单记为已打款，无法撤销。`,
      // WeChat (and Taro H5) refuse modal buttons longer than 4 Chinese characters
      confirmText: '已打款',
      cancelText: '再核对',
    });
    if (!confirm) return;
    await run(
      async () => {
        await api.admin.markPaid(p.payout.id, ref);
        setPaying(null);
        setReference('');
        await list.reload();
      },
      { done: '已记为已打款' },
    );
  };

  const card = (p: PayoutRow) => (
    <View key={p.payout.id} className="admin-payouts__card">
      <View className="ss-row">
        <Text className="admin-payouts__merchant">{p.merchantName}</Text>
        <Text className={`admin-payouts__badge is-${p.payout.status}`}>{PAYOUT_STATUS_TEXT[p.payout.status] ?? p.payout.status}</Text>
      </View>
      <View className="ss-row admin-payouts__amount">
        <Text className="ss-muted">
          结算日 {p.businessDate} · {PAYOUT_METHOD_TEXT[p.payout.method] ?? p.payout.method}
        </Text>
        <Price fen={NEEDS_ACTION.has(p.payout.status) ? dueByHand(p) : p.payout.amount} />
      </View>
      {p.payout.method === 'profit_sharing' && p.payout.manualAmount && NEEDS_ACTION.has(p.payout.status) ? (
        <Text className="ss-muted admin-payouts__note">微信分账未能完成的部分需人工打款</Text>
      ) : null}
      {p.payout.paidReference ? (
        <Text className="ss-muted admin-payouts__note">
          凭证号 {p.payout.paidReference}
          {p.payout.succeededAt ? ` · ${formatDateTime(p.payout.succeededAt)}` : ''}
        </Text>
      ) : null}
      {NEEDS_ACTION.has(p.payout.status) ? (
        paying === p.payout.id ? (
          <View className="admin-payouts__form">
            <Input
              className="admin-payouts__input"
              value={reference}
              maxLength={64}
              placeholder="银行流水号或转账单号（必填）"
              onChange={(v) => setReference(v)}
            />
            <View className="admin-payouts__actions">
              <Button size="small" onClick={() => setPaying(null)}>
                取消
              </Button>
              <Button size="small" type="primary" loading={busy} disabled={busy} onClick={() => void markPaid(p)}>
                确认已打款
              </Button>
            </View>
          </View>
        ) : (
          <View className="admin-payouts__actions">
            <Button
              size="small"
              type="primary"
              onClick={() => {
                setPaying(p.payout.id);
                setReference('');
              }}
            >
              标记已打款
            </Button>
          </View>
        )
      ) : null}
    </View>
  );

  return (
    <View className="ss-page admin-payouts">
      <View className="ss-row admin-payouts__bar">
        <Text className="ss-muted">最近 14 个结算日的商家打款</Text>
        <Button size="small" loading={busy && paying === null} disabled={busy} onClick={() => void refresh()}>
          刷新状态
        </Button>
      </View>
      <PageState
        loading={list.loading && !list.data}
        error={list.data ? undefined : list.error}
        onRetry={list.reload}
        empty={!!list.data && rows.length === 0}
        emptyText="最近没有需要打款的结算单"
        emptyAction={
          <Button size="small" onClick={() => go(routes.adminSettlements)}>
            查看结算批次
          </Button>
        }
      >
        <View className="ss-section-title">待人工打款（{needsAction.length}）</View>
        {needsAction.length ? needsAction.map(card) : <Text className="ss-muted admin-payouts__empty">没有待人工打款的记录</Text>}
        {inFlight.length ? (
          <>
            <View className="ss-section-title">打款中（{inFlight.length}）</View>
            {inFlight.map(card)}
          </>
        ) : null}
        {done.length ? (
          <>
            <View className="ss-section-title">最近已到账</View>
            {done.map(card)}
          </>
        ) : null}
      </PageState>
    </View>
  );
}
