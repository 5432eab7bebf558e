import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input } from '@nutui/nutui-react-taro';
import { AFTER_SALE_REASON_LABELS, AFTER_SALE_TYPE_LABELS, type Address, formatFen } from '@shareshop/common';
import { assetUrl } from '../../../api';
import { ApiError } from '../../../api/client';
import { type MerchantAfterSaleDetail, afterSalesApi } from '../../../api/afterSales';
import { PageState } from '../../../components/PageState';
import { Price } from '../../../components/Price';
import { useAsync } from '../../../hooks/useAsync';
import { idParam } from '../../../routes';
import { errorMessage } from '../../../utils/errors';
import { formatDateTime } from '../../../utils/format';
import { TIMELINE_TITLE, timelineDetail } from '../../../pkg-order/detail/timeline';
import { merchantHint, merchantStatusText } from '../labels';
import '../aftersales.scss';

const EMPTY_ADDRESS: Address = { name: '', phone: '', province: '', city: '', district: '', detail: '' };
const ADDRESS_FIELDS: Array<[keyof Address, string]> = [
  ['name', '收件人'],
  ['phone', '联系电话'],
  ['province', '省'],
  ['city', '市'],
  ['district', '区/县（选填）'],
  ['detail', '详细地址'],
];

/** 售后详情: the request, its order, and the merchant's decision (approve / approve with return address / reject / confirm receipt). */
export default function MerchantAfterSaleDetailPage() {
  const { params } = useRouter();
  const afterSaleId = idParam(params.id) ?? 0;
  const req = useAsync(() => afterSalesApi.merchant.get(afterSaleId), [afterSaleId], { enabled: !!afterSaleId });
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const [rejectReason, setRejectReason] = useState('');
  const [address, setAddress] = useState<Address>(EMPTY_ADDRESS);
  const [saveDefault, setSaveDefault] = useState(true);

  const a = req.data;
  const needsAddress = a?.status === 'pending' && a.type === 'return_refund';
  // the return address form starts from the merchant's saved default
  useEffect(() => {
    if (!needsAddress) return;
    void afterSalesApi.merchant
      .settings()
      .then((s) => s.returnAddress && setAddress(s.returnAddress))
      .catch(() => undefined);
  }, [needsAddress]);

  const act = async (name: string, fn: () => Promise<MerchantAfterSaleDetail>, confirm?: string) => {
    if (confirm) {
      const { confirm: ok } = await Taro.showModal({ title: '提示', content: confirm });
      if (!ok) return;
    }
    setBusy(name);
    setProblem('');
    try {
      req.setData(await fn());
      setRejecting(false);
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const approve = () => {
    if (!a) return;
    if (a.type === 'refund_only')
      return act('approve', () => afterSalesApi.merchant.approve(afterSaleId), `同意后将立即退款 ${formatFen(a.amount)} 给买家，确定吗？`);
    const missing = ADDRESS_FIELDS.find(([k]) => k !== 'district' && !(address[k] ?? '').trim());
    if (missing) return setProblem(`请填写退货地址：${missing[1]}`);
    const trimmed = Object.fromEntries(ADDRESS_FIELDS.map(([k]) => [k, (address[k] ?? '').trim()])) as Address;
    return act('approve', async () => {
      // only the owner keeps a default address (staff approve with the address typed here)
      if (saveDefault)
        await afterSalesApi.merchant.saveSettings({ returnAddress: trimmed }).catch((err) => {
          if (!(err instanceof ApiError && err.status === 403)) throw err;
        });
      return afterSalesApi.merchant.approve(afterSaleId, { returnAddress: trimmed });
    });
  };
  const reject = () => {
    if (!rejectReason.trim()) return setProblem('请填写拒绝原因');
    return act('reject', () => afterSalesApi.merchant.reject(afterSaleId, rejectReason.trim()));
  };

  return (
    <View className="ss-page merchant-after-sale-detail">
      <PageState loading={req.loading && !a} error={a ? undefined : req.error} onRetry={req.reload} empty={!afterSaleId} emptyText="售后申请不存在">
        {a ? (
          <>
            <View className="m-after-sale__header">
              <Text className="m-after-sale__header-title">
                {merchantStatusText(a.status)} · {AFTER_SALE_TYPE_LABELS[a.type]}
              </Text>
              {merchantHint(a) ? <Text className="m-after-sale__header-hint">{merchantHint(a)}</Text> : null}
              {a.status === 'rejected' ? <Text className="m-after-sale__header-hint">拒绝原因：{a.rejectReason}</Text> : null}
            </View>
            <View className="ss-card">
              <Text className="m-after-sale__title">申请信息</Text>
              <View className="m-after-sale__line">
                <Text className="m-after-sale__label">退款金额</Text>
                <Price fen={a.amount} />
              </View>
              <View className="m-after-sale__line">
                <Text className="m-after-sale__label">售后原因</Text>
                <Text className="m-after-sale__value">{AFTER_SALE_REASON_LABELS[a.reason]}</Text>
              </View>
              {a.description ? (
                <View className="m-after-sale__line">
                  <Text className="m-after-sale__label">买家描述</Text>
                  <Text className="m-after-sale__value">{a.description}</Text>
                </View>
              ) : null}
              <View className="m-after-sale__line">
                <Text className="m-after-sale__label">申请时间</Text>
                <Text className="m-after-sale__value">{formatDateTime(a.createdAt)}</Text>
              </View>
              {a.returnTrackingNo ? (
                <View className="m-after-sale__line">
                  <Text className="m-after-sale__label">退货物流</Text>
                  <Text className="m-after-sale__value">
                    {a.returnCarrier} {a.returnTrackingNo}
                  </Text>
                </View>
              ) : null}
              {a.returnAddress ? (
                <View className="m-after-sale__line">
                  <Text className="m-after-sale__label">退货地址</Text>
                  <Text className="m-after-sale__value">
                    {a.returnAddress.name} {a.returnAddress.phone} {a.returnAddress.province}
                    {a.returnAddress.city}
                    {a.returnAddress.district}
                    {a.returnAddress.detail}
                  </Text>
                </View>
              ) : null}
              {a.photos.length ? (
                <View className="m-after-sale__photos">
                  {a.photos.map((p) => (
                    <Image
                      key={p}
                      className="m-after-sale__photo"
                      src={assetUrl(p)}
                      mode="aspectFill"
                      onClick={() => void Taro.previewImage({ urls: a.photos.map(assetUrl), current: assetUrl(p) })}
                    />
                  ))}
                </View>
              ) : null}
            </View>
            <View className="ss-card">
              <Text className="m-after-sale__title">售后商品</Text>
              {a.items.map((it) => (
                <View className="m-after-sale__item" key={it.orderItemId}>
                  {it.image ? (
                    <Image className="m-after-sale__item-image" src={assetUrl(it.image)} mode="aspectFill" />
                  ) : (
                    <View className="m-after-sale__item-image" />
                  )}
                  <View className="m-after-sale__item-body">
                    <Text className="m-after-sale__item-title">{it.title}</Text>
                    <Text className="ss-muted">
                      {(it.specValues as string[] | null)?.join(' / ')} ×{it.quantity}
                    </Text>
                    <Price fen={it.amount} size="small" />
                  </View>
                </View>
              ))}
            </View>
            {needsAddress ? (
              <View className="ss-card">
                <Text className="m-after-sale__title">退货地址</Text>
                {ADDRESS_FIELDS.map(([k, label]) => (
                  <Input
                    key={k}
                    className="m-after-sale__input"
                    placeholder={label}
                    maxLength={k === 'detail' ? 200 : 20}
                    value={address[k] ?? ''}
                    onChange={(v) => setAddress((d) => ({ ...d, [k]: v }))}
                  />
                ))}
                <View className="m-after-sale__check" onClick={() => setSaveDefault((v) => !v)}>
                  <View className={`m-after-sale__box${saveDefault ? ' is-on' : ''}`}>{saveDefault ? '✓' : ''}</View>
                  <Text>保存为默认退货地址</Text>
                </View>
              </View>
            ) : null}
            {rejecting ? (
              <View className="ss-card">
                <Text className="m-after-sale__title">拒绝原因</Text>
                <Input
                  className="m-after-sale__input"
                  placeholder={a.status === 'returning' ? '如：未收到退货、退回商品与描述不符' : '请告诉买家拒绝的原因'}
                  maxLength={200}
                  value={rejectReason}
                  onChange={setRejectReason}
                />
                <View className="m-after-sale__actions">
                  <Button size="small" disabled={!!busy} onClick={() => setRejecting(false)}>
                    取消
                  </Button>
                  <Button size="small" type="primary" loading={busy === 'reject'} disabled={!!busy} onClick={() => void reject()}>
                    确认拒绝
                  </Button>
                </View>
              </View>
            ) : null}
            <View className="ss-card">
              <Text className="m-after-sale__title">订单 {a.order.outTradeNo}</Text>
              <View className="m-after-sale__line">
                <Text className="m-after-sale__label">实付款</Text>
                <Price fen={a.order.paidTotal} size="small" />
              </View>
              <View className="m-after-sale__line">
                <Text className="m-after-sale__label">收货人</Text>
                <Text className="m-after-sale__value">
                  {a.order.address.name} {a.order.address.phone}
                </Text>
              </View>
              {[...a.order.timeline].reverse().map((e, i) => (
                <View className="m-after-sale__step" key={`${e.kind}-${i}`}>
                  <Text className="m-after-sale__step-name">{TIMELINE_TITLE[e.kind] ?? e.kind}</Text>
                  <Text className="m-after-sale__step-meta">
                    {formatDateTime(e.at)}
                    {timelineDetail(e) ? ` · ${timelineDetail(e)}` : ''}
                  </Text>
                </View>
              ))}
            </View>
            {problem ? <Text className="m-after-sale__problem ss-note">{problem}</Text> : null}
            {a.status === 'pending' || a.status === 'returning' ? (
              <View className="ss-bottom-bar">
                <View />
                <View className="m-after-sale__actions">
                  {(a.status === 'pending' || a.status === 'returning') && !rejecting ? (
                    <Button disabled={!!busy} onClick={() => setRejecting(true)}>
                      {a.status === 'returning' ? '拒绝退款' : '拒绝'}
                    </Button>
                  ) : null}
                  {a.status === 'pending' ? (
                    <Button type="primary" loading={busy === 'approve'} disabled={!!busy} onClick={() => void approve()}>
                      {a.type === 'refund_only' ? '同意退款' : '同意退货'}
                    </Button>
                  ) : null}
                  {a.status === 'returning' ? (
                    <Button
                      type="primary"
                      loading={busy === 'confirm'}
                      disabled={!!busy}
                      onClick={() =>
                        void act('confirm', () => afterSalesApi.merchant.confirmReturn(afterSaleId), '确认已收到退货？确认后将立即退款给买家，商品重新入库。')
                      }
                    >
                      确认收货并退款
                    </Button>
                  ) : null}
                </View>
              </View>
            ) : null}
          </>
        ) : null}
      </PageState>
    </View>
  );
}
