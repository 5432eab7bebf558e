import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { Button, Input, TabPane, Tabs } from '@nutui/nutui-react-taro';
import { api, type OrderStatus, type OrderView } from '../../api';
import { PageState } from '../../components/PageState';
import { Price } from '../../components/Price';
import { usePaged } from '../../hooks/usePaged';
import { platform } from '../../platform';
import { go, routes } from '../../routes';
import { errorMessage } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import { orderStatusText } from '../../utils/orderStatus';
import { ShipForm } from './ShipForm';
import './index.scss';
import { useAction } from '../../hooks/useAction';

const TABS: (OrderStatus | 'all')[] = ['all', 'paid', 'shipped', 'received', 'completed', 'refunded'];

/** The buyer's refund still being decided or paid out, if any (售后中 / 退款中). */
const openRefund = (o: OrderView) => o.refunds.find((r) => r.status === 'requested' || r.status === 'processing');

export default function MerchantOrdersPage() {
  const { params } = useRouter();
  const [tab, setTab] = useState<string>(params.status || 'all');
  const status = tab === 'all' ? undefined : (tab as OrderStatus);
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const list = usePaged((page) => api.merchant.orders({ page, pageSize: 20, status, q: search || undefined }), [tab, search]);
  useReachBottom(() => void list.loadMore());

  // In-page shipping form (Taro.showModal's editable input is WeChat-only): one order at a time.
  const [shippingId, setShippingId] = useState<number | null>(null);
  const { busy, run } = useAction();
  const ship = (orderId: number, body: { carrier: string; trackingNo: string }) =>
    run(
      async () => {
        const updated = await api.merchant.ship(orderId, body);
        list.setItems((items) => items.map((o) => (o.id === updated.id ? updated : o)));
        setShippingId(null);
      },
      { done: '已发货' },
    );

  // CSV of what the filters show (Excel opens it: UTF-8 with BOM); H5 downloads it, WeChat sends it to a chat
  const [exporting, setExporting] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    try {
      const file = await api.merchant.exportOrders({ status, q: search || undefined });
      await platform.openFile(file, `订单-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (err) {
      if ((err as { reason?: string }).reason !== 'cancelled') void Taro.showToast({ title: `导出失败：${errorMessage(err)}`, icon: 'none' });
    } finally {
      setExporting(false);
    }
  };

  return (
    <View className="ss-page">
      <View className="merchant-orders__bar">
        <Input
          className="merchant-orders__search"
          placeholder="订单号 / 收货人 / 手机号 / 备注"
          maxLength={40}
          value={query}
          onChange={setQuery}
          onConfirm={() => setSearch(query.trim())}
        />
        <Text className="merchant-orders__search-btn" onClick={() => setSearch(query.trim())}>
          搜索
        </Text>
        <Text className={`merchant-orders__export${exporting ? ' is-busy' : ''}`} onClick={() => !exporting && void exportCsv()}>
          {exporting ? '导出中…' : '导出 CSV'}
        </Text>
      </View>
      <Tabs value={tab} onChange={(v) => setTab(String(v))}>
        {TABS.map((t) => (
          <TabPane key={t} value={t} title={t === 'all' ? '全部' : orderStatusText(t)} />
        ))}
      </Tabs>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText={search ? '没有找到匹配的订单' : '暂无订单'}
      >
        {list.items.map((o) => (
          <View className="ss-card merchant-order" key={o.id}>
            <View className="ss-row">
              <Text className="ss-muted">{o.outTradeNo}</Text>
              <Text className="merchant-order__status">
                {openRefund(o) ? <Text className="merchant-order__after-sale">{openRefund(o)!.status === 'processing' ? '退款中' : '售后中'}</Text> : null}
                {orderStatusText(o.status)}
              </Text>
            </View>
            <Text className="ss-muted">
              {formatDateTime(o.createdAt)} · {o.items.reduce((n, i) => n + i.quantity, 0)} 件
            </Text>
            {o.items.map((it) => (
              <Text key={it.id} className="merchant-order__item">
                {it.title} {it.specValues.join(' / ')} ×{it.quantity}
              </Text>
            ))}
            <Text className="ss-muted">
              收货人 {o.address.name} {o.address.phone} {o.address.province}
              {o.address.city}
              {o.address.district}
              {o.address.detail}
            </Text>
            {o.remark ? <Text className="merchant-order__remark">买家备注：{o.remark}</Text> : null}
            {o.carrier ? (
              <Text className="ss-muted">
                物流 {o.carrier} {o.trackingNo}
              </Text>
            ) : null}
            <View className="ss-row">
              <Price fen={o.paidTotal} size="small" />
              {o.status === 'paid' && openRefund(o) ? (
                // the API refuses to ship while a refund is open (409 REFUND_OPEN): say why instead of offering 发货
                <Text className="merchant-order__blocked" onClick={() => go(routes.merchantAfterSales)}>
                  买家申请了售后，处理后才能发货 ›
                </Text>
              ) : null}
              {o.status === 'paid' && !openRefund(o) && shippingId !== o.id ? (
                <Button size="small" type="primary" onClick={() => setShippingId(o.id)}>
                  发货
                </Button>
              ) : null}
            </View>
            {shippingId === o.id ? (
              <ShipForm
                busy={busy}
                onCancel={() => setShippingId(null)}
                onSubmit={(body) => void ship(o.id, body)}
                onProblem={(message) => void Taro.showToast({ title: message, icon: 'none' })}
              />
            ) : null}
          </View>
        ))}
      </PageState>
    </View>
  );
}
