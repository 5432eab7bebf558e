import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Input, TabPane, Tabs } from '@nutui/nutui-react-taro';
import { api, assetUrl, type StockAdjustmentView, type StockRowView } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { usePaged } from '../../hooks/usePaged';
import { errorMessage } from '../../utils/errors';
import { formatDateTime } from '../../utils/format';
import { KIND_TEXT, type StockMode, signed, stockChange, thresholdProblem } from './change';
import './index.scss';
import { useAction } from '../../hooks/useAction';

/**
 * Stock per SKU: low ones (at or below the merchant's threshold) first and in red; 增减 by a delta or 设为 an
 * absolute count (盘点), both recorded; 记录 shows the SKU's stock history.
 */
export default function MerchantStockPage() {
  const [tab, setTab] = useState<'all' | 'low'>('all');
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const list = usePaged(
    (page) => api.merchant.stock({ page, pageSize: 20, q: search || undefined, lowOnly: tab === 'low' ? 'true' : undefined }),
    [tab, search],
  );
  useReachBottom(() => void list.loadMore());
  const settings = useAsync(() => api.merchant.stockSettings(), []);
  const [threshold, setThreshold] = useState('');
  useEffect(() => {
    if (settings.data) setThreshold(String(settings.data.lowStockThreshold));
  }, [settings.data]);

  const saveThreshold = async () => {
    const problem = thresholdProblem(threshold);
    if (problem) return void Taro.showToast({ title: `低库存阈值：${problem}`, icon: 'none' });
    try {
      await api.merchant.saveStockSettings({ lowStockThreshold: Number(threshold.trim()) });
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void list.refresh();
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    }
  };

  return (
    <View className="ss-page merchant-stock">
      <View className="merchant-stock__settings">
        <Text className="merchant-stock__settings-text">库存 ≤</Text>
        <Input className="merchant-stock__threshold" type="number" value={threshold} onChange={setThreshold} />
        <Text className="merchant-stock__settings-text">件时提醒补货</Text>
        <Text className="merchant-stock__settings-save" onClick={saveThreshold}>
          保存
        </Text>
      </View>
      <View className="merchant-stock__search">
        <Input
          className="merchant-stock__search-input"
          placeholder="搜索商品名称或编码"
          value={query}
          onChange={setQuery}
          onConfirm={() => setSearch(query.trim())}
        />
        <Text className="merchant-stock__search-btn" onClick={() => setSearch(query.trim())}>
          搜索
        </Text>
      </View>
      <Tabs value={tab} onChange={(v) => setTab(v as 'all' | 'low')}>
        <TabPane value="all" title="全部 SKU" />
        <TabPane value="low" title="库存不足" />
      </Tabs>
      <PageState
        loading={list.initialLoading}
        error={list.items.length ? undefined : list.error}
        onRetry={list.refresh}
        empty={!list.items.length}
        emptyText={tab === 'low' ? '没有库存不足的商品' : '还没有商品'}
      >
        {list.items.map((s) => (
          <StockCard
            key={s.id}
            sku={s}
            onChanged={(stock) =>
              list.setItems((items) =>
                items.map((x) => (x.id === s.id ? { ...x, stock, low: x.active && stock <= Number(settings.data?.lowStockThreshold ?? 0) } : x)),
              )
            }
          />
        ))}
      </PageState>
    </View>
  );
}

function StockCard({ sku, onChanged }: { sku: StockRowView; onChanged: (stock: number) => void }) {
  const [mode, setMode] = useState<StockMode>('adjust');
  const [value, setValue] = useState('');
  const { busy, run } = useAction();
  const [history, setHistory] = useState<StockAdjustmentView[] | null>(null);

  const loadHistory = async () => {
    try {
      setHistory((await api.merchant.stockHistory(sku.id)).items);
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    }
  };
  const submit = async () => {
    const change = stockChange(mode, value, sku.stock);
    if (change.kind === 'problem') return void Taro.showToast({ title: change.message, icon: 'none' });
    await run(async () => {
      const r =
        change.kind === 'set'
          ? await api.merchant.setStock(sku.id, { stock: change.stock, reason: change.reason })
          : await api.merchant.adjustStock(sku.id, { delta: change.delta, reason: change.reason });
      onChanged(r.stockAfter);
      setValue('');
      if (history) void loadHistory();
      void Taro.showToast({ title: `库存已更新为 ${r.stockAfter}`, icon: 'none' });
    });
  };

  const specs = sku.specValues.map((v, i) => (sku.specNames[i] ? `${sku.specNames[i]}：${v}` : v)).join('  ') || '默认规格';
  return (
    <View className={`ss-card merchant-stock__card${sku.low ? ' is-low' : ''}${sku.active ? '' : ' is-off'}`}>
      <View className="merchant-stock__main">
        {sku.productImage ? (
          <Image className="merchant-stock__image" src={assetUrl(sku.productImage)} mode="aspectFill" />
        ) : (
          <View className="merchant-stock__image" />
        )}
        <View className="merchant-stock__info">
          <Text className="merchant-stock__title">{sku.productTitle}</Text>
          <Text className="ss-muted merchant-stock__specs">{specs}</Text>
          <Text className="ss-muted">
            已售 {sku.sold}
            {sku.code ? ` · 编码 ${sku.code}` : ''}
            {sku.active ? '' : ' · 已停用'}
          </Text>
        </View>
        <View className="merchant-stock__figure">
          <Text className="merchant-stock__stock">{sku.stock}</Text>
          {sku.low ? <Text className="merchant-stock__low">库存不足</Text> : <Text className="ss-muted">库存</Text>}
        </View>
      </View>
      <View className="merchant-stock__ops">
        <View className="merchant-stock__modes">
          <Text className={`merchant-stock__mode${mode === 'adjust' ? ' is-on' : ''}`} onClick={() => setMode('adjust')}>
            增减
          </Text>
          <Text className={`merchant-stock__mode${mode === 'set' ? ' is-on' : ''}`} onClick={() => setMode('set')}>
            设为
          </Text>
        </View>
        <Input
          className="merchant-stock__input"
          type={mode === 'set' ? 'number' : 'text'}
          placeholder={mode === 'set' ? '盘点数量' : '+20 或 -3'}
          value={value}
          onChange={setValue}
        />
        <Button size="small" type="primary" loading={busy} disabled={busy} onClick={submit}>
          确定
        </Button>
        <Text className="merchant-stock__history-link" onClick={() => (history ? setHistory(null) : void loadHistory())}>
          {history ? '收起' : '记录'}
        </Text>
      </View>
      {history ? (
        <View className="merchant-stock__history">
          {history.length ? (
            history.map((h) => (
              <View className="merchant-stock__history-row" key={h.id}>
                <Text className="merchant-stock__history-kind">{KIND_TEXT[h.kind] ?? h.kind}</Text>
                <Text className={`merchant-stock__history-delta${h.delta < 0 ? ' is-minus' : ''}`}>{signed(h.delta)}</Text>
                <Text className="merchant-stock__history-after">结余 {h.stockAfter}</Text>
                <Text className="ss-muted merchant-stock__history-meta">
                  {h.reason} · {formatDateTime(h.createdAt)}
                </Text>
              </View>
            ))
          ) : (
            <Text className="ss-muted">暂无记录</Text>
          )}
          <Text className="ss-muted merchant-stock__history-note">下单占用与取消释放记在订单上，不在此列。</Text>
        </View>
      ) : null}
    </View>
  );
}
