import { useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Cell, CellGroup, Input, Switch, TextArea } from '@nutui/nutui-react-taro'
import { parseYuan } from '@shareshop/common'
import { api, assetUrl } from '../../api'
import { go, routes } from '../../routes'
import { errorMessage } from '../../utils/errors'

/** Demo images served by the API (uploads are out of scope for the sandbox). */
const IMAGES = ['/static/demo/p1.svg', '/static/demo/p2.svg', '/static/demo/p3.svg', '/static/demo/p4.svg']

interface SkuRow {
  spec: string
  price: string
  stock: string
}

/** Create a product with its SKUs (one per spec value, or a single default SKU). */
export default function MerchantProductEditPage() {
  const [title, setTitle] = useState('')
  const [subtitle, setSubtitle] = useState('')
  const [description, setDescription] = useState('')
  const [image, setImage] = useState(IMAGES[0])
  const [specName, setSpecName] = useState('')
  const [skus, setSkus] = useState<SkuRow[]>([{ spec: '', price: '', stock: '' }])
  const [onSale, setOnSale] = useState(true)
  const [saving, setSaving] = useState(false)

  const setSku = (i: number, patch: Partial<SkuRow>) => setSkus((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))

  const problem = (): string | null => {
    if (!title.trim()) return '请填写商品名称'
    if (specName.trim() && skus.some((s) => !s.spec.trim())) return `请填写每个 SKU 的${specName.trim()}`
    for (const s of skus) {
      const fen = parseYuan(s.price)
      if (fen === null || fen <= 0) return '请填写正确的价格（元，最多两位小数）'
      if (!/^\d+$/.test(s.stock.trim())) return '请填写库存（非负整数）'
    }
    return null
  }

  const save = async () => {
    const p = problem()
    if (p) return void Taro.showToast({ title: p, icon: 'none' })
    setSaving(true)
    try {
      const withSpec = !!specName.trim()
      await api.merchant.createProduct({
        title: title.trim(),
        subtitle: subtitle.trim(),
        description: description.trim(),
        images: [image],
        specNames: withSpec ? [specName.trim()] : [],
        status: onSale ? 'on_sale' : 'draft',
        skus: skus.map((s) => ({
          specValues: withSpec ? [s.spec.trim()] : [],
          price: parseYuan(s.price)!,
          stock: Number(s.stock.trim()),
        })),
      })
      void Taro.showToast({ title: onSale ? '已发布' : '已保存为草稿', icon: 'success' })
      go(routes.merchantProducts, undefined, { replace: true })
    } catch (err) {
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='ss-page merchant-edit'>
      <CellGroup title='基本信息'>
        <Cell title='商品名称'>
          <Input className='merchant-edit__title' placeholder='最多 60 字' maxLength={60} value={title} onChange={setTitle} />
        </Cell>
        <Cell title='副标题'>
          <Input className='merchant-edit__subtitle' placeholder='选填' maxLength={100} value={subtitle} onChange={setSubtitle} />
        </Cell>
        <Cell title='商品详情'>
          <TextArea className='merchant-edit__desc' placeholder='选填' maxLength={500} value={description} onChange={setDescription} />
        </Cell>
      </CellGroup>
      <CellGroup title='商品主图'>
        <View className='ss-row merchant-edit__images'>
          {IMAGES.map((src) => (
            <Image
              key={src}
              className={`merchant-edit__image${src === image ? ' is-active' : ''}`}
              style={{ width: '120rpx', height: '120rpx', border: src === image ? '4rpx solid #fa2c19' : '4rpx solid transparent' }}
              src={assetUrl(src)}
              onClick={() => setImage(src)}
            />
          ))}
        </View>
      </CellGroup>
      <CellGroup title='规格与库存'>
        <Cell title='规格名'>
          <Input className='merchant-edit__spec-name' placeholder='如：颜色（不填为单规格）' maxLength={10} value={specName} onChange={setSpecName} />
        </Cell>
        {skus.map((s, i) => (
          <Cell key={i} title={`SKU ${i + 1}`}>
            <View className='merchant-edit__sku'>
              {specName.trim() ? (
                <Input className='merchant-edit__sku-spec' placeholder={specName.trim()} value={s.spec} onChange={(v) => setSku(i, { spec: v })} />
              ) : null}
              <Input className='merchant-edit__sku-price' type='digit' placeholder='价格（元）' value={s.price} onChange={(v) => setSku(i, { price: v })} />
              <Input className='merchant-edit__sku-stock' type='number' placeholder='库存' value={s.stock} onChange={(v) => setSku(i, { stock: v })} />
            </View>
          </Cell>
        ))}
        {specName.trim() ? (
          <Cell title='+ 添加 SKU' clickable onClick={() => setSkus((rows) => [...rows, { spec: '', price: '', stock: '' }])} />
        ) : null}
        <Cell title='立即上架' extra={<Switch checked={onSale} onChange={setOnSale} />} />
      </CellGroup>
      <Text className='ss-muted' style={{ display: 'block', padding: '16rpx 32rpx' }}>
        佣金按商家佣金设置计算；价格以元为单位，保存为分。
      </Text>
      <View style={{ padding: '32rpx' }}>
        <Button block type='primary' className='merchant-edit__save' loading={saving} disabled={saving} onClick={save}>
          {onSale ? '发布商品' : '保存草稿'}
        </Button>
      </View>
    </View>
  )
}
