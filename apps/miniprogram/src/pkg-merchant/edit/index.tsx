import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup, Input, Switch, TextArea } from '@nutui/nutui-react-taro';
import { api, type ProductView, type UpdateProductBody } from '../../api';
import { PageState } from '../../components/PageState';
import { useAsync } from '../../hooks/useAsync';
import { go, idParam, routes } from '../../routes';
import { Field } from '../../components/Field';
import { ImageUploader } from '../components/ImageUploader';
import { bpsToPercent } from '../commission/rules';
import { DetailEditor } from './DetailEditor';
import { COMMISSION_LEVELS, MAX_IMAGES, type ProductForm, createBody, editBody, emptyForm, formFromProduct, formProblem, saveErrorText } from './form';
import { SkuTable } from './SkuTable';
import { SpecEditor } from './SpecEditor';
import type { Matrix } from './skuMatrix';
import './index.scss';
import { useAction } from '../../hooks/useAction';

const LEVEL_LABELS = ['一级（店主）', '二级', '三级'];

/**
 * Create a product (no `id`), or edit one (`?id=`): texts, category, gallery (uploaded, first = main image,
 * required to publish), spec dimensions generating the SKU matrix (price, 划线价, stock, code per row),
 * 图文详情, a per-product commission override and the shelf status, saved in one request.
 */
export default function MerchantProductEditPage() {
  const { params } = useRouter();
  const productId = idParam(params.id);
  const editing = productId !== null;
  const product = useAsync(() => api.merchant.product(productId!), [productId], { enabled: editing });
  const categories = useAsync(() => api.products.categories(), []);
  const rules = useAsync(() => api.merchant.platformRules(), []);
  const merchant = useAsync(() => api.merchant.settings(), []);
  const [original, setOriginal] = useState<ProductView>();
  const [form, setForm] = useState<ProductForm>(emptyForm);
  const { busy: saving, run } = useAction();

  useEffect(() => {
    if (editing) void Taro.setNavigationBarTitle({ title: '编辑商品' });
  }, [editing]);
  useEffect(() => {
    if (product.data) {
      setOriginal(product.data);
      setForm(formFromProduct(product.data));
    }
  }, [product.data]);

  const set = (patch: Partial<ProductForm>) => setForm((f) => ({ ...f, ...patch }));
  const setMatrix = (m: Matrix) => set({ dims: m.dims, skus: m.rows });

  const save = async () => {
    const problem = formProblem(form);
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' });
    let sent: UpdateProductBody | undefined;
    const work = async () => {
      if (original) {
        sent = editBody(form, original);
        if (!Object.keys(sent).length) return void Taro.showToast({ title: '没有修改', icon: 'none' });
        const saved = await api.merchant.updateProduct(original.id, sent);
        setOriginal(saved);
        setForm(formFromProduct(saved));
        void Taro.showToast({ title: '已保存', icon: 'success' });
      } else {
        await api.merchant.createProduct(createBody(form));
        void Taro.showToast({ title: form.onSale ? '已发布' : '已保存为草稿', icon: 'success' });
        go(routes.merchantProducts, undefined, { replace: true });
      }
    };
    await run(work, { errorText: (err) => saveErrorText(err, form, sent) ?? undefined });
  };

  const levels = rules.data?.commissionLevels ?? 1;
  const defaults = merchant.data ? [merchant.data.commissionL1Bps, merchant.data.commissionL2Bps, merchant.data.commissionL3Bps] : [];
  return (
    <View className="ss-page merchant-edit">
      <PageState loading={editing && product.loading && !original} error={original ? undefined : product.error} onRetry={product.reload}>
        <CellGroup title="基本信息">
          <Field label="商品名称">
            <Input className="merchant-edit__title" placeholder="最多 60 字" maxLength={60} value={form.title} onChange={(v) => set({ title: v })} />
          </Field>
          <Field label="副标题">
            <Input className="merchant-edit__subtitle" placeholder="选填" maxLength={100} value={form.subtitle} onChange={(v) => set({ subtitle: v })} />
          </Field>
          <Field label="商品描述">
            <TextArea
              className="merchant-edit__desc"
              placeholder="选填，如产地、规格、保存方式"
              maxLength={5000}
              value={form.description}
              onChange={(v) => set({ description: v })}
            />
          </Field>
        </CellGroup>
        <CellGroup title="商品类目">
          <View className="merchant-edit__chips">
            {(categories.data?.items ?? []).map((c) => (
              <Text
                key={c.id}
                className={`merchant-edit__chip${form.category === c.name ? ' is-on' : ''}`}
                onClick={() => set({ category: form.category === c.name ? '' : c.name })}
              >
                {c.name}
              </Text>
            ))}
          </View>
        </CellGroup>
        <CellGroup title={`商品图片（${form.images.length}/${MAX_IMAGES}，第一张为主图，上架必须有主图）`}>
          <ImageUploader images={form.images} max={MAX_IMAGES} onChange={(images) => set({ images })} />
        </CellGroup>
        <CellGroup title="规格">
          <SpecEditor matrix={{ dims: form.dims, rows: form.skus }} onChange={setMatrix} fixedDims={editing} />
        </CellGroup>
        <CellGroup title={`价格与库存（${form.skus.length} 个 SKU）`}>
          <SkuTable rows={form.skus} onChange={(skus) => set({ skus })} editing={editing} />
        </CellGroup>
        <CellGroup title="购买限制">
          <Field label="每人限购">
            <Input
              className="merchant-edit__purchase-limit"
              type="number"
              placeholder="不限（未付款订单也计入）"
              maxLength={3}
              value={form.purchaseLimit}
              onChange={(v) => set({ purchaseLimit: v })}
            />
          </Field>
        </CellGroup>
        <CellGroup title="图文详情">
          <DetailEditor blocks={form.detail} onChange={(detail) => set({ detail })} />
        </CellGroup>
        <CellGroup title="分销佣金">
          <Cell
            title="单独设置本商品佣金"
            extra={<Switch className="merchant-edit__custom-commission" checked={form.customCommission} onChange={(v) => set({ customCommission: v })} />}
          />
          {form.customCommission
            ? COMMISSION_LEVELS.slice(0, levels).map((k, i) => (
                <Field key={k} label={LEVEL_LABELS[i]!} suffix="%">
                  <Input
                    className={`merchant-edit__commission merchant-edit__commission--l${i + 1}`}
                    type="digit"
                    placeholder={defaults[i] !== undefined ? `留空用店铺默认 ${bpsToPercent(defaults[i]!)}` : '留空用店铺默认'}
                    value={form.commission[k]}
                    onChange={(v) => set({ commission: { ...form.commission, [k]: v } })}
                  />
                </Field>
              ))
            : null}
          <Text className="ss-muted merchant-edit__note">
            {form.customCommission
              ? `按成交金额计算；三级合计不超过 50%，平台上限 ${rules.data ? bpsToPercent(rules.data.commissionCapBps) : '—'}%，超出部分从最深一级扣减。`
              : '不单独设置时，按店铺的佣金设置计算。'}
          </Text>
        </CellGroup>
        <CellGroup>
          <Cell
            title={editing ? '上架销售' : '立即上架'}
            extra={<Switch className="merchant-edit__on-sale" checked={form.onSale} onChange={(v) => set({ onSale: v })} />}
          />
        </CellGroup>
        <Text className="ss-muted merchant-edit__note">价格以元为单位，保存为分；已有 SKU 的库存请在“库存”页调整（留有记录）。</Text>
        <View className="merchant-edit__actions">
          <Button block type="primary" className="merchant-edit__save" loading={saving} disabled={saving} onClick={save}>
            {editing ? '保存修改' : form.onSale ? '发布商品' : '保存草稿'}
          </Button>
          {editing ? (
            <Button block className="merchant-edit__stock" onClick={() => go(routes.merchantStock)}>
              调整库存
            </Button>
          ) : null}
        </View>
      </PageState>
    </View>
  );
}
