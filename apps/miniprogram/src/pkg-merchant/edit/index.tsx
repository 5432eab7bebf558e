import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Cell, CellGroup, Input, Switch, TextArea } from '@nutui/nutui-react-taro'
import { api, type ProductView, type UpdateProductBody } from '../../api'
import { PageState } from '../../components/PageState'
import { useAsync } from '../../hooks/useAsync'
import { go, idParam, routes } from '../../routes'
import { errorMessage } from '../../utils/errors'
import { Field } from '../../components/Field'
import { ImageUploader } from '../components/ImageUploader'
import { MAX_IMAGES, type ProductForm, type SkuRow, createBody, editBody, emptyForm, emptySku, formFromProduct, formProblem, saveErrorText } from './form'
import './index.scss'

/**
 * Create a product (no `id`), or edit one (`?id=`): title, texts, images (uploaded), SKUs (price, enable /
 * disable, add new ones with initial stock) and the shelf status, saved in one request.
 */
export default function MerchantProductEditPage() {
  const { params } = useRouter()
  const productId = idParam(params.id)
  const editing = productId !== null
  const product = useAsync(() => api.merchant.product(productId!), [productId], { enabled: editing })
  const [original, setOriginal] = useState<ProductView>()
  const [form, setForm] = useState<ProductForm>(emptyForm)
  const [saving, setSaving] = useState(false)

  useEffect(() => {
    if (editing) void Taro.setNavigationBarTitle({ title: '编辑商品' })
  }, [editing])
  useEffect(() => {
    if (product.data) {
      setOriginal(product.data)
      setForm(formFromProduct(product.data))
    }
  }, [product.data])

  const set = (patch: Partial<ProductForm>) => setForm((f) => ({ ...f, ...patch }))
  const setSku = (i: number, patch: Partial<SkuRow>) => setForm((f) => ({ ...f, skus: f.skus.map((r, j) => (j === i ? { ...r, ...patch } : r)) }))
  const setSpec = (i: number, k: number, v: string) => setForm((f) => ({ ...f, skus: f.skus.map((r, j) => (j === i ? { ...r, specs: r.specs.map((s, m) => (m === k ? v : s)) } : r)) }))
  // creating: one optional spec name (none = a single SKU); editing: the product's spec names stay
  const setSpecName = (name: string) => setForm((f) => ({ ...f, specNames: name ? [name] : [], skus: f.skus.map((r) => ({ ...r, specs: name ? [r.specs[0] ?? ''] : [] })) }))

  const save = async () => {
    const problem = formProblem(form)
    if (problem) return void Taro.showToast({ title: problem, icon: 'none' })
    let sent: UpdateProductBody | undefined
    setSaving(true)
    try {
      if (original) {
        sent = editBody(form, original)
        if (!Object.keys(sent).length) return void Taro.showToast({ title: '没有修改', icon: 'none' })
        const saved = await api.merchant.updateProduct(original.id, sent)
        setOriginal(saved)
        setForm(formFromProduct(saved))
        void Taro.showToast({ title: '已保存', icon: 'success' })
      } else {
        await api.merchant.createProduct(createBody(form))
        void Taro.showToast({ title: form.onSale ? '已发布' : '已保存为草稿', icon: 'success' })
        go(routes.merchantProducts, undefined, { replace: true })
      }
    } catch (err) {
      void Taro.showToast({ title: saveErrorText(err, form, sent) ?? errorMessage(err), icon: 'none' })
    } finally {
      setSaving(false)
    }
  }

  const specLabel = form.specNames.join(' / ')
  return (
    <View className='ss-page merchant-edit'>
      <PageState loading={editing && product.loading && !original} error={original ? undefined : product.error} onRetry={product.reload}>
        <CellGroup title='基本信息'>
          <Field label='商品名称'>
            <Input className='merchant-edit__title' placeholder='最多 60 字' maxLength={60} value={form.title} onChange={(v) => set({ title: v })} />
          </Field>
          <Field label='副标题'>
            <Input className='merchant-edit__subtitle' placeholder='选填' maxLength={100} value={form.subtitle} onChange={(v) => set({ subtitle: v })} />
          </Field>
          <Field label='商品详情'>
            <TextArea className='merchant-edit__desc' placeholder='选填，如产地、规格、保存方式' maxLength={5000} value={form.description} onChange={(v) => set({ description: v })} />
          </Field>
        </CellGroup>
        <CellGroup title={`商品图片（${form.images.length}/${MAX_IMAGES}，第一张为主图）`}>
          <ImageUploader images={form.images} max={MAX_IMAGES} onChange={(images) => set({ images })} />
        </CellGroup>
        <CellGroup title='规格与价格'>
          {editing ? (
            <Field label='规格名'>
              <Text className='merchant-edit__spec-fixed'>{specLabel || '单规格'}</Text>
            </Field>
          ) : (
            <Field label='规格名'>
              <Input className='merchant-edit__spec-name' placeholder='如：颜色（不填为单规格）' maxLength={10} value={form.specNames[0] ?? ''} onChange={(v) => setSpecName(v.trim() ? v : '')} />
            </Field>
          )}
          <View className='merchant-edit__sku-head'>
            {form.specNames.map((name) => (
              <Text key={name} className='merchant-edit__col merchant-edit__col--spec'>
                {name}
              </Text>
            ))}
            <Text className='merchant-edit__col merchant-edit__col--price'>价格（元）</Text>
            <Text className='merchant-edit__col merchant-edit__col--stock'>库存</Text>
            <Text className='merchant-edit__col merchant-edit__col--action'>{editing ? '状态' : ''}</Text>
          </View>
          {form.skus.map((s, i) => (
            <View className={`merchant-edit__sku-row${s.active ? '' : ' is-off'}${s.id === undefined && editing ? ' is-new' : ''}`} key={s.id ?? `new-${i}`}>
              <View className='merchant-edit__sku'>
                {form.specNames.map((name, k) => (
                  <Input key={name} className='merchant-edit__col merchant-edit__col--spec merchant-edit__sku-spec' placeholder={name} maxLength={20} value={s.specs[k] ?? ''} onChange={(v) => setSpec(i, k, v)} />
                ))}
                <Input className='merchant-edit__col merchant-edit__col--price merchant-edit__sku-price' type='digit' placeholder='价格（元）' value={s.price} onChange={(v) => setSku(i, { price: v })} />
                {s.id === undefined ? (
                  <Input className='merchant-edit__col merchant-edit__col--stock merchant-edit__sku-stock' type='number' placeholder='库存' value={s.stock} onChange={(v) => setSku(i, { stock: v })} />
                ) : (
                  <Text className='merchant-edit__col merchant-edit__col--stock merchant-edit__sku-stock-text'>{s.currentStock}</Text>
                )}
                <View className='merchant-edit__col merchant-edit__col--action'>
                  {s.id !== undefined ? (
                    <Switch className='merchant-edit__sku-active' checked={s.active} onChange={(v) => setSku(i, { active: v })} activeText='启用' inactiveText='停用' />
                  ) : form.skus.length > 1 ? (
                    <Text className='merchant-edit__sku-remove' onClick={() => setForm((f) => ({ ...f, skus: f.skus.filter((_, j) => j !== i) }))}>
                      删除
                    </Text>
                  ) : null}
                </View>
              </View>
            </View>
          ))}
          {form.specNames.length ? (
            <Cell className='merchant-edit__add-sku' title='+ 添加 SKU' clickable onClick={() => set({ skus: [...form.skus, emptySku(form.specNames.length)] })} />
          ) : null}
          <Cell title={editing ? '上架销售' : '立即上架'} extra={<Switch className='merchant-edit__on-sale' checked={form.onSale} onChange={(v) => set({ onSale: v })} />} />
        </CellGroup>
        <Text className='ss-muted merchant-edit__note'>
          价格以元为单位，保存为分；已有 SKU 的库存请在“库存”页调整（留有记录）。佣金按商家佣金设置计算。
        </Text>
        <View className='merchant-edit__actions'>
          <Button block type='primary' className='merchant-edit__save' loading={saving} disabled={saving} onClick={save}>
            {editing ? '保存修改' : form.onSale ? '发布商品' : '保存草稿'}
          </Button>
          {editing ? (
            <Button block className='merchant-edit__stock' onClick={() => go(routes.merchantStock)}>
              调整库存
            </Button>
          ) : null}
        </View>
      </PageState>
    </View>
  )
}
