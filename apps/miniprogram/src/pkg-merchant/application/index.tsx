import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { api, type MerchantView } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { go, routes } from '../../routes';
import { session } from '../../store/session';
import { formatDateTime } from '../../utils/format';
import { SETTLEMENT_MODES } from '../apply/form';
import './index.scss';

const STATUS: Record<MerchantView['status'], { title: string; text: string; tone: string; icon: string }> = {
  pending: { title: '审核中', text: '平台将在 1–3 个工作日内完成审核，结果会通过微信服务通知告诉您', tone: 'pending', icon: '…' },
  rejected: { title: '未通过审核', text: '请按下方原因修改资料后重新提交', tone: 'rejected', icon: '!' },
  approved: { title: '审核通过', text: '您的店铺已开通，快去发布第一件商品吧', tone: 'approved', icon: '✓' },
  suspended: { title: '已暂停营业', text: '如有疑问请联系平台运营', tone: 'rejected', icon: '!' },
};

/** The status of my merchant application: pending, rejected with the platform's reason (apply again), approved. */
export default function MerchantApplicationPage() {
  const mine = useAsync(() => api.merchantApplication.mine(), []);
  useDidShow(() => {
    if (mine.data) void mine.reload();
  });
  const app = mine.data?.application;
  const s = app ? STATUS[app.status] : null;

  const openDashboard = async () => {
    // the approval is news to the stored profile: refresh it so 我的 shows 商家后台
    session.updateUser(await api.auth.me());
    void go(routes.merchantDashboard, undefined, { replace: true });
  };

  return (
    <View className="ss-page merchant-application">
      <PageState
        loading={mine.loading && !mine.data}
        error={mine.data ? undefined : mine.error}
        onRetry={mine.reload}
        empty={!!mine.data && !app}
        emptyText="还没有提交入驻申请"
        emptyAction={
          <Button type="primary" size="small" onClick={() => go(routes.merchantApply, undefined, { replace: true })}>
            去申请
          </Button>
        }
      >
        {app && s ? (
          <>
            <View className={`merchant-application__head is-${s.tone}`}>
              <View className="merchant-application__icon">{s.icon}</View>
              <Text className="merchant-application__title">{s.title}</Text>
              <Text className="merchant-application__text">{s.text}</Text>
            </View>
            {app.status === 'rejected' ? (
              <View className="merchant-application__reason">
                <Text className="merchant-application__reason-label">驳回原因</Text>
                <Text className="merchant-application__reason-text">{app.rejectReason || '未注明'}</Text>
              </View>
            ) : null}
            <CellGroup title="申请资料">
              <Cell title="店铺名称" extra={app.name} />
              <Cell title="经营类目" extra={app.category ?? '—'} />
              <Cell title="联系人" extra={app.contactName ?? '—'} />
              <Cell title="手机号" extra={app.contactPhone ?? '—'} />
              <Cell title="结算方式" extra={SETTLEMENT_MODES.find((m) => m.value === app.settlementMode)?.label ?? app.settlementMode} />
              <Cell title="营业执照" extra={app.licenceImageUrl ? '已上传' : '未上传'} />
              <Cell title="提交时间" extra={formatDateTime(app.createdAt)} />
            </CellGroup>
            <View className="ss-actions">
              {app.status === 'rejected' ? (
                <Button block type="primary" onClick={() => go(routes.merchantApply, undefined, { replace: true })}>
                  修改后重新提交
                </Button>
              ) : null}
              {app.status === 'approved' ? (
                <Button block type="primary" onClick={() => void openDashboard()}>
                  进入商家后台
                </Button>
              ) : null}
              {app.status === 'pending' ? (
                <Button block fill="outline" onClick={() => void mine.reload()}>
                  刷新审核状态
                </Button>
              ) : null}
            </View>
          </>
        ) : null}
      </PageState>
    </View>
  );
}
