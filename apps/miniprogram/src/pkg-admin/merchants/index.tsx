import { useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, TextArea } from '@nutui/nutui-react-taro';
import { api, assetUrl, type MerchantStatus, type MerchantView } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { formatDateTime } from '../../utils/format';
import { errorMessage } from '../../utils/errors';
import './index.scss';

const TABS: Array<{ status: MerchantStatus; label: string }> = [
  { status: 'pending', label: '待审核' },
  { status: 'approved', label: '已通过' },
  { status: 'rejected', label: '已驳回' },
];
const MODE_LABEL: Record<string, string> = { profit_sharing: '微信分账', manual: '人工打款' };

/** Platform operators: merchant applications by status; approve, or reject with a reason the applicant sees. */
export default function AdminMerchantsPage() {
  const [status, setStatus] = useState<MerchantStatus>('pending');
  const list = useAsync(() => api.admin.merchants(status), [status]);
  const [rejecting, setRejecting] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<number | null>(null);
  usePullDownRefresh(async () => {
    await list.reload();
    Taro.stopPullDownRefresh();
  });

  const decide = async (m: MerchantView, action: 'approve' | 'reject') => {
    if (action === 'reject' && !reason.trim()) {
      void Taro.showToast({ title: '请填写驳回原因', icon: 'none' });
      return;
    }
    setBusy(m.id);
    try {
      if (action === 'approve') await api.admin.approveMerchant(m.id);
      else await api.admin.rejectMerchant(m.id, reason.trim());
      void Taro.showToast({ title: action === 'approve' ? '已通过' : '已驳回', icon: 'success' });
      setRejecting(null);
      setReason('');
      await list.reload();
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setBusy(null);
    }
  };

  const items = list.data?.items ?? [];
  return (
    <View className="ss-page admin-merchants">
      <View className="admin-merchants__tabs">
        {TABS.map((t) => (
          <Text key={t.status} className={`admin-merchants__tab${t.status === status ? ' is-active' : ''}`} onClick={() => setStatus(t.status)}>
            {t.label}
          </Text>
        ))}
      </View>
      <PageState
        loading={list.loading && !list.data}
        error={list.data ? undefined : list.error}
        onRetry={list.reload}
        empty={!!list.data && items.length === 0}
        emptyText={status === 'pending' ? '暂无待审核的入驻申请' : '暂无记录'}
      >
        {items.map((m) => (
          <View className="admin-merchants__card" key={m.id}>
            <View className="ss-row">
              <Text className="admin-merchants__name">{m.name}</Text>
              <Text className={`admin-merchants__badge is-${m.status}`}>{TABS.find((t) => t.status === m.status)?.label ?? m.status}</Text>
            </View>
            <View className="admin-merchants__body">
              <View className="admin-merchants__facts">
                <Text>经营类目：{m.category ?? '—'}</Text>
                <Text>
                  联系人：{m.contactName ?? '—'}　{m.contactPhone ?? ''}
                </Text>
                <Text>结算方式：{MODE_LABEL[m.settlementMode] ?? m.settlementMode}</Text>
                <Text className="ss-muted">提交于 {formatDateTime(m.createdAt)}</Text>
              </View>
              {m.licenceImageUrl ? (
                <Image
                  className="admin-merchants__licence"
                  src={assetUrl(m.licenceImageUrl)}
                  mode="aspectFill"
                  onClick={() => void Taro.previewImage({ urls: [assetUrl(m.licenceImageUrl)] }).catch(() => undefined)}
                />
              ) : (
                <View className="admin-merchants__licence admin-merchants__licence--none">未上传执照</View>
              )}
            </View>
            {m.status === 'rejected' && m.rejectReason ? <Text className="admin-merchants__reason">驳回原因：{m.rejectReason}</Text> : null}
            {m.status === 'pending' ? (
              rejecting === m.id ? (
                <View className="admin-merchants__reject">
                  <TextArea
                    className="admin-merchants__reason-input"
                    value={reason}
                    maxLength={200}
                    placeholder="驳回原因（必填，申请人可见）"
                    onChange={(v) => setReason(v)}
                  />
                  <View className="admin-merchants__actions">
                    <Button size="small" onClick={() => setRejecting(null)}>
                      取消
                    </Button>
                    <Button size="small" type="primary" loading={busy === m.id} disabled={busy !== null} onClick={() => void decide(m, 'reject')}>
                      确认驳回
                    </Button>
                  </View>
                </View>
              ) : (
                <View className="admin-merchants__actions">
                  <Button
                    size="small"
                    onClick={() => {
                      setRejecting(m.id);
                      setReason('');
                    }}
                  >
                    驳回
                  </Button>
                  <Button size="small" type="primary" loading={busy === m.id} disabled={busy !== null} onClick={() => void decide(m, 'approve')}>
                    通过
                  </Button>
                </View>
              )
            ) : null}
          </View>
        ))}
      </PageState>
    </View>
  );
}
