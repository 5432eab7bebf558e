import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { api } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { go, routes } from '../../routes';
import { RECONCILIATION_KIND } from '../settlements/labels';
import './index.scss';
import { useAction } from '../../hooks/useAction';

type Filter = 'open' | 'resolved';

/**
 * Platform operators: where WeChat's bill and the ledger disagree. A merchant's statement is held while it
 * has an open item; resolving the last one (with a note saying what was checked) releases it for payout.
 */
export default function AdminReconciliationPage() {
  const [status, setStatus] = useState<Filter>('open');
  const list = usePaged((page) => api.admin.reconciliationItems({ status, page, pageSize: 20 }), [status]);
  const [resolving, setResolving] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const { busy, run } = useAction();
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  const resolve = async (itemId: number) => {
    if (!note.trim()) {
      void Taro.showToast({ title: '请填写处理说明', icon: 'none' });
      return;
    }
    await run(
      async () => {
        await api.admin.resolveItem(itemId, note.trim());
        setResolving(null);
        setNote('');
        await list.refresh();
      },
      { done: '已处理' },
    );
  };

  return (
    <View className="ss-page admin-recon">
      <View className="admin-recon__tabs">
        {(['open', 'resolved'] as const).map((f) => (
          <Text key={f} className={`admin-recon__tab${f === status ? ' is-active' : ''}`} onClick={() => setStatus(f)}>
            {f === 'open' ? '待处理' : '已处理'}
            {f === status && list.total ? `（${list.total}）` : ''}
          </Text>
        ))}
      </View>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText={status === 'open' ? '没有待处理的对账差异：微信账单与账本一致' : '还没有处理过的对账差异'}
        emptyAction={
          <Button size="small" onClick={() => go(routes.adminSettlements)}>
            查看结算批次
          </Button>
        }
      >
        {list.items.map((item) => {
          const kind = RECONCILIATION_KIND[item.kind] ?? { title: item.kind, hint: '' };
          return (
            <View key={item.id} className="admin-recon__card">
              <View className="ss-row">
                <Text className="admin-recon__kind">{kind.title}</Text>
                <Text className={`admin-recon__badge is-${item.status}`}>{item.status === 'open' ? '待处理' : '已处理'}</Text>
              </View>
              <Text className="ss-muted admin-recon__hint">{kind.hint}</Text>
              <View className="admin-recon__facts">
                <Text>结算日：{item.businessDate}</Text>
                <Text>
                  类型：{item.rowKind === 'payment' ? '支付' : '退款'}
                  {item.merchantId ? ` · 商家 #${item.merchantId}` : ''}
                </Text>
                {item.outTradeNo ? <Text>商户订单号：{item.outTradeNo}</Text> : null}
                <Text className="admin-recon__ext">微信单号：{item.extId}</Text>
              </View>
              <View className="admin-recon__amounts">
                <View className="admin-recon__amount">
                  <Text className="ss-muted">微信账单</Text>
                  {item.billAmount === null ? <Text className="admin-recon__none">无记录</Text> : <Price fen={item.billAmount} size="small" />}
                </View>
                <View className="admin-recon__amount">
                  <Text className="ss-muted">平台账本</Text>
                  {item.ledgerAmount === null ? <Text className="admin-recon__none">无记录</Text> : <Price fen={item.ledgerAmount} size="small" />}
                </View>
              </View>
              {item.note ? <Text className="admin-recon__note">处理说明：{item.note}</Text> : null}
              {item.status === 'open' ? (
                resolving === item.id ? (
                  <View className="admin-recon__resolve">
                    <TextArea
                      className="admin-recon__input"
                      value={note}
                      maxLength={200}
                      placeholder="处理说明（必填）：核实了什么、如何处理"
                      onChange={(v) => setNote(v)}
                    />
                    <View className="admin-recon__actions">
                      <Button size="small" onClick={() => setResolving(null)}>
                        取消
                      </Button>
                      <Button size="small" type="primary" loading={busy} disabled={busy} onClick={() => void resolve(item.id)}>
                        确认已处理
                      </Button>
                    </View>
                  </View>
                ) : (
                  <View className="admin-recon__actions">
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => {
                        setResolving(item.id);
                        setNote('');
                      }}
                    >
                      标记已处理
                    </Button>
                  </View>
                )
              ) : null}
            </View>
          );
        })}
      </PageState>
    </View>
  );
}
