import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { AFTER_SALE_REASON_LABELS, AFTER_SALE_TYPE_LABELS } from '@shareshop/common';
import { assetUrl } from '../../../api';
import { type AfterSaleView, afterSalesApi } from '../../../api/afterSales';
import { PageState } from '../../../components/PageState';
import { Price } from '../../../components/Price';
import { useAsync } from '../../../hooks/useAsync';
import { go, idParam, routes } from '../../../routes';
import { errorMessage } from '../../../utils/errors';
import { formatDateTime } from '../../../utils/format';
import { afterSaleStatusText, buyerHint, progressSteps } from '../progress';
import { ReturnShipForm } from '../ReturnShipForm';
import '../after-sale.scss';

/** 售后进度: where the request stands, the timeline, the return address and tracking form, cancel. */
export default function AfterSaleDetailPage() {
  const { params } = useRouter();
  const afterSaleId = idParam(params.id) ?? 0;
  const req = useAsync(() => afterSalesApi.get(afterSaleId), [afterSaleId], { enabled: !!afterSaleId });
  useDidShow(() => {
    if (req.data) void req.reload();
  });
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (name: string, fn: () => Promise<AfterSaleView>, confirm?: string) => {
    if (confirm) {
      const { confirm: ok } = await Taro.showModal({ title: '提示', content: confirm });
      if (!ok) return;
    }
    setBusy(name);
    try {
      req.setData(await fn());
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setBusy(null);
    }
  };

  const a = req.data;
  const steps = a ? progressSteps(a.timeline) : [];
  return (
    <View className="ss-page after-sale-detail">
      <PageState loading={req.loading && !a} error={a ? undefined : req.error} onRetry={req.reload} empty={!afterSaleId} emptyText="售后申请不存在">
        {a ? (
          <>
            <View className="after-sale__header">
              <Text className="after-sale__header-title">{afterSaleStatusText(a.status)}</Text>
              <Text className="after-sale__header-hint">{buyerHint(a)}</Text>
            </View>
            {a.returnAddress && ['awaiting_return', 'returning'].includes(a.status) ? (
              <View className="ss-card">
                <Text className="after-sale__card-title">退货地址</Text>
                <Text className="after-sale__address">
                  {a.returnAddress.name} {a.returnAddress.phone}
                </Text>
                <Text className="after-sale__address ss-muted">
                  {a.returnAddress.province}
                  {a.returnAddress.city}
                  {a.returnAddress.district}
                  {a.returnAddress.detail}
                </Text>
              </View>
            ) : null}
            {a.status === 'awaiting_return' ? (
              <ReturnShipForm busy={busy === 'ship'} onSubmit={(body) => void act('ship', () => afterSalesApi.shipReturn(afterSaleId, body))} />
            ) : null}
            <View className="ss-card">
              <Text className="after-sale__card-title">售后进度</Text>
              {steps.map((s, i) => (
                <View className={`after-sale-steps__step${i === 0 ? ' is-current' : ''}`} key={s.key}>
                  <View className="after-sale-steps__dot" />
                  <View className="after-sale-steps__body">
                    <Text className="after-sale-steps__name">{s.title}</Text>
                    {s.detail ? <Text className="after-sale-steps__detail">{s.detail}</Text> : null}
                    <Text className="after-sale-steps__time">{formatDateTime(s.at)}</Text>
                  </View>
                </View>
              ))}
            </View>
            <View className="ss-card">
              <Text className="after-sale__card-title">申请信息</Text>
              <View className="after-sale__line">
                <Text className="after-sale__line-label">退款金额</Text>
                <Price fen={a.amount} />
              </View>
              <View className="after-sale__line">
                <Text className="after-sale__line-label">售后类型</Text>
                <Text className="after-sale__line-value">{AFTER_SALE_TYPE_LABELS[a.type]}</Text>
              </View>
              <View className="after-sale__line">
                <Text className="after-sale__line-label">售后原因</Text>
                <Text className="after-sale__line-value">{AFTER_SALE_REASON_LABELS[a.reason]}</Text>
              </View>
              {a.description ? (
                <View className="after-sale__line">
                  <Text className="after-sale__line-label">补充描述</Text>
                  <Text className="after-sale__line-value">{a.description}</Text>
                </View>
              ) : null}
              {a.returnTrackingNo ? (
                <View className="after-sale__line">
                  <Text className="after-sale__line-label">退货物流</Text>
                  <Text className="after-sale__line-value">
                    {a.returnCarrier} {a.returnTrackingNo}
                  </Text>
                </View>
              ) : null}
              <View className="after-sale__line">
                <Text className="after-sale__line-label">退款单号</Text>
                <Text className="after-sale__line-value">{a.outRefundNo}</Text>
              </View>
              <View className="after-sale__line">
                <Text className="after-sale__line-label">申请时间</Text>
                <Text className="after-sale__line-value">{formatDateTime(a.createdAt)}</Text>
              </View>
              {a.photos.length ? (
                <View className="after-sale__photos">
                  {a.photos.map((p) => (
                    <Image
                      key={p}
                      className="after-sale__photo"
                      src={assetUrl(p)}
                      mode="aspectFill"
                      onClick={() => void Taro.previewImage({ urls: a.photos.map(assetUrl), current: assetUrl(p) })}
                    />
                  ))}
                </View>
              ) : null}
            </View>
            <View className="ss-card">
              <Text className="after-sale__card-title">售后商品</Text>
              {a.items.map((it) => (
                <View className="after-sale__item" key={it.orderItemId}>
                  {it.image ? (
                    <Image className="after-sale__item-image" src={assetUrl(it.image)} mode="aspectFill" />
                  ) : (
                    <View className="after-sale__item-image" />
                  )}
                  <View className="after-sale__item-body">
                    <Text className="after-sale__item-title">{it.title}</Text>
                    <Text className="ss-muted">
                      {(it.specValues as string[] | null)?.join(' / ')} ×{it.quantity}
                    </Text>
                    <Price fen={it.amount} size="small" />
                  </View>
                </View>
              ))}
            </View>
            <View className="ss-bottom-bar">
              <Text className="ss-muted" onClick={() => go(routes.orderDetail, { id: a.orderId })}>
                查看订单 {a.outTradeNo}
              </Text>
              {['pending', 'awaiting_return'].includes(a.status) ? (
                <Button
                  loading={busy === 'cancel'}
                  disabled={!!busy}
                  onClick={() => act('cancel', () => afterSalesApi.cancel(afterSaleId), '确定撤销售后申请吗？撤销后订单恢复正常。')}
                >
                  撤销申请
                </Button>
              ) : null}
            </View>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
