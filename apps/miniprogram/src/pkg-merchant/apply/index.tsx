import { useEffect, useState } from 'react';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, CellGroup, Input } from '@nutui/nutui-react-taro';
import { api, assetUrl } from '../../api';
import { MERCHANT_REVIEWED_TEMPLATE } from '../../config';
import { Field } from '../../components/Field';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { go, routes } from '../../routes';
import { session } from '../../store/session';
import { errorMessage } from '../../utils/errors';
import { chooseImages } from '../../utils/images';
import { uploadErrorText } from '../components/ImageUploader';
import { CATEGORIES, SETTLEMENT_MODES, emptyForm, formProblem, toBody, type ApplyForm } from './form';
import './index.scss';

/**
 * 商家入驻: shop name, contact, phone, business category, business licence photo and settlement mode. A
 * rejected applicant lands here with the form filled in and the platform's reason on top, and applies again.
 */
export default function MerchantApplyPage() {
  const existing = useAsync(() => api.merchantApplication.mine(), []);
  const [form, setForm] = useState<ApplyForm>(emptyForm);
  const [uploading, setUploading] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const app = existing.data?.application;

  useEffect(() => {
    if (!app) return;
    if (app.status === 'pending' || app.status === 'approved') {
      void go(routes.merchantApplication, undefined, { replace: true });
      return;
    }
    setForm({
      name: app.name,
      contactName: app.contactName ?? '',
      contactPhone: app.contactPhone ?? '',
      category: app.category ?? '',
      licenceImageUrl: app.licenceImageUrl ?? '',
      settlementMode: app.settlementMode,
    });
  }, [app]);

  const set = <K extends keyof ApplyForm>(key: K, value: ApplyForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  const pickLicence = async () => {
    if (uploading) return;
    const path = (await chooseImages(1))?.[0];
    if (!path) return;
    setUploading(true);
    try {
      set('licenceImageUrl', (await api.merchantApplication.uploadLicence(path)).url);
    } catch (err) {
      void Taro.showToast({ title: `上传失败：${uploadErrorText(err)}`, icon: 'none' });
    } finally {
      setUploading(false);
    }
  };

  const submit = async () => {
    const problem = formProblem(form);
    if (problem) {
      void Taro.showToast({ title: problem, icon: 'none' });
      return;
    }
    setSubmitting(true);
    try {
      // consent for the review result message: WeChat asks only from a tap, one message per consent
      if (process.env.TARO_ENV === 'weapp' && MERCHANT_REVIEWED_TEMPLATE) {
        await Taro.requestSubscribeMessage({ tmplIds: [MERCHANT_REVIEWED_TEMPLATE] } as Taro.requestSubscribeMessage.Option).catch(() => undefined);
      }
      await api.merchantApplication.apply(toBody(form));
      // 我的 shows 商家入驻 · 审核中 from the profile
      session.updateUser(await api.auth.me());
      void go(routes.merchantApplication, undefined, { replace: true });
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <View className="ss-page merchant-apply">
      <PageState loading={existing.loading} error={existing.error} onRetry={existing.reload}>
        {app?.status === 'rejected' ? (
          <View className="merchant-apply__rejected">
            <Text className="merchant-apply__rejected-title">上次申请未通过</Text>
            <Text className="merchant-apply__rejected-reason">原因：{app.rejectReason || '未注明'}</Text>
            <Text className="merchant-apply__rejected-hint">请按原因修改后重新提交</Text>
          </View>
        ) : (
          <View className="merchant-apply__intro">
            <Text className="merchant-apply__intro-title">成为分享小店商家</Text>
            <Text className="merchant-apply__intro-text">发布商品，由店主们分享销售；平台审核通过后即可开店，T+1 结算货款。</Text>
          </View>
        )}

        <CellGroup title="店铺信息">
          <Field label="店铺名称">
            <Input value={form.name} maxLength={40} placeholder="如：山野茶行" onChange={(v) => set('name', v)} />
          </Field>
          <Field label="经营类目" className="merchant-apply__category-field">
            <View className="merchant-apply__chips">
              {CATEGORIES.map((c) => (
                <Text key={c} className={`merchant-apply__chip${form.category === c ? ' is-active' : ''}`} onClick={() => set('category', c)}>
                  {c}
                </Text>
              ))}
            </View>
          </Field>
        </CellGroup>

        <CellGroup title="联系人">
          <Field label="联系人">
            <Input value={form.contactName} maxLength={20} placeholder="负责人姓名" onChange={(v) => set('contactName', v)} />
          </Field>
          <Field label="手机号">
            <Input type="number" value={form.contactPhone} maxLength={11} placeholder="用于审核联系" onChange={(v) => set('contactPhone', v)} />
          </Field>
        </CellGroup>

        <CellGroup title="营业执照">
          <View className="merchant-apply__licence">
            {form.licenceImageUrl ? (
              <Image className="merchant-apply__licence-image" src={assetUrl(form.licenceImageUrl)} mode="aspectFit" onClick={pickLicence} />
            ) : null}
            <View className={`merchant-apply__licence-add${uploading ? ' is-busy' : ''}`} onClick={pickLicence}>
              <Text className="merchant-apply__licence-plus">{uploading ? '…' : '+'}</Text>
              <Text>{uploading ? '上传中' : form.licenceImageUrl ? '重新上传' : '上传营业执照'}</Text>
            </View>
          </View>
          <Text className="ss-muted merchant-apply__note">请上传清晰的营业执照照片，仅用于平台审核</Text>
        </CellGroup>

        <CellGroup title="结算方式">
          {SETTLEMENT_MODES.map((m) => (
            <View
              key={m.value}
              className={`merchant-apply__mode${form.settlementMode === m.value ? ' is-active' : ''}`}
              onClick={() => set('settlementMode', m.value)}
            >
              <View className="merchant-apply__radio" />
              <View className="merchant-apply__mode-text">
                <Text className="merchant-apply__mode-label">{m.label}</Text>
                <Text className="ss-muted">{m.hint}</Text>
              </View>
            </View>
          ))}
        </CellGroup>

        <View className="ss-actions">
          <Button block type="primary" className="merchant-apply__submit" loading={submitting} disabled={submitting || uploading} onClick={submit}>
            {app?.status === 'rejected' ? '重新提交申请' : '提交申请'}
          </Button>
          <Text className="ss-muted merchant-apply__note">提交即表示同意《分享小店商家入驻协议》，平台将在 1–3 个工作日内完成审核</Text>
        </View>
      </PageState>
    </View>
  );
}
