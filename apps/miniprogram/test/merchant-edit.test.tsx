import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ApiError } from '../src/api/client';
import type { ProductView } from '../src/api/types';
import { ImageUploader, uploadErrorText } from '../src/pkg-merchant/components/ImageUploader';
import { createBody, editBody, emptyForm, emptySku, formFromProduct, formProblem, saveErrorText } from '../src/pkg-merchant/edit/form';
import { addValue, removeValue } from '../src/pkg-merchant/edit/skuMatrix';
import { effectiveRates } from '@shareshop/common/rules';
import { guessCarrier, shipProblem } from '../src/pkg-merchant/orders/ship';

const sku = (id: number, specValues: string[], price: number, stock: number, active = true) => ({
  id,
  productId: 1,
  specValues,
  price,
  listPrice: null,
  stock,
  sold: 0,
  code: '',
  active,
});
const tea: ProductView = {
  id: 1,
  merchantId: 2,
  title: '普洱茶饼',
  subtitle: '357克',
  description: '',
  images: ['/static/demo/p1.svg'],
  detail: [],
  category: '',
  specNames: ['年份'],
  status: 'on_sale',
  commissionL1Bps: null,
  commissionL2Bps: null,
  commissionL3Bps: null,
  purchaseLimit: null,
  priceFrom: 12800,
  skus: [sku(11, ['2019'], 12800, 50), sku(12, ['2020'], 9800, 5)],
  createdAt: '2026-11-22T00:00:00Z',
  updatedAt: '2026-11-22T00:00:00Z',
} as ProductView;

describe('product form', () => {
  test('a new product: yuan typed, fen sent; a main image is needed to publish', () => {
    const f = { ...emptyForm(), title: ' 新茶 ', skus: [{ ...emptySku(0), price: '12.30', stock: '7' }] };
    expect(formProblem(f)).toBe('上架销售需要主图：请至少上传一张商品图片');
    expect(formProblem({ ...f, onSale: false })).toBeNull();
    f.images = ['/uploads/2/a.jpg'];
    expect(formProblem(f)).toBeNull();
    expect(createBody(f)).toEqual({
      title: '新茶',
      subtitle: '',
      description: '',
      images: ['/uploads/2/a.jpg'],
      specNames: [],
      status: 'on_sale',
      skus: [{ specValues: [], price: 1230, stock: 7 }],
    });
    expect(formProblem({ ...f, skus: [{ ...f.skus[0]!, price: '1.005' }] })).toMatch(/价格/);
    expect(formProblem({ ...f, skus: [{ ...f.skus[0]!, stock: '-1' }] })).toMatch(/库存/);
    expect(formProblem({ ...f, skus: [{ ...f.skus[0]!, listPrice: '12.30' }] })).toBe('划线价应高于售价');
    expect(formProblem({ ...f, title: ' ' })).toBe('请填写商品名称');
  });

  test('category, list price, code, 图文详情 and a commission override (percent → bps) are sent', () => {
    const f = {
      ...emptyForm(),
      title: '茶',
      images: ['/a.png'],
      category: '茶饮',
      skus: [{ ...emptySku(0), price: '10', listPrice: '15', stock: '3', code: ' PU-01 ' }],
    };
    f.detail = [
      { type: 'text', text: ' 古树原料 ' },
      { type: 'image', url: '/uploads/2/b.jpg' },
    ];
    f.customCommission = true;
    f.commission = { commissionL1Bps: '12.5', commissionL2Bps: '', commissionL3Bps: '' };
    expect(createBody(f)).toMatchObject({
      category: '茶饮',
      detail: [
        { type: 'text', text: '古树原料' },
        { type: 'image', url: '/uploads/2/b.jpg' },
      ],
      skus: [{ specValues: [], price: 1000, listPrice: 1500, stock: 3, code: 'PU-01' }],
      commissionL1Bps: 1250,
      commissionL2Bps: null,
      commissionL3Bps: null,
    });
    expect(formProblem({ ...f, commission: { ...f.commission, commissionL1Bps: '51' } })).toMatch(/佣金比例/);
    expect(formProblem({ ...f, commission: { commissionL1Bps: '30', commissionL2Bps: '25', commissionL3Bps: '' } })).toBe('三级佣金合计不能超过 50%');
    expect(formProblem({ ...f, detail: [{ type: 'text', text: '  ' }] })).toBe('图文详情第 1 段文字为空');
  });

  test('每人限购: blank is no limit, 1–999 is sent, anything else is caught before saving; an edit sends it only when it changed', () => {
    const f = { ...emptyForm(), title: '新茶', images: ['/uploads/2/a.jpg'], skus: [{ ...emptySku(0), price: '12.30', stock: '7' }] };
    expect(createBody(f).purchaseLimit).toBeUndefined();
    expect(createBody({ ...f, purchaseLimit: ' 3 ' }).purchaseLimit).toBe(3);
    for (const bad of ['0', '1000', '2.5', '-1', '两件']) expect(formProblem({ ...f, purchaseLimit: bad })).toBe('每人限购请填 1–999 的整数，不限购请留空');
    const limited = { ...tea, purchaseLimit: 2 };
    const e = formFromProduct(limited);
    expect(e.purchaseLimit).toBe('2');
    expect(editBody(e, limited)).toEqual({});
    expect(editBody({ ...e, purchaseLimit: '5' }, limited)).toEqual({ purchaseLimit: 5 });
    expect(editBody({ ...e, purchaseLimit: '' }, limited)).toEqual({ purchaseLimit: null });
  });

  test('an edit sends only what changed: fields, SKU patches by id, new SKUs, status, override cleared', () => {
    const f = formFromProduct({ ...tea, commissionL1Bps: 800 });
    expect(f.dims).toEqual([{ name: '年份', values: ['2019', '2020'] }]);
    expect(f.skus.map((s) => [s.id, s.price, s.currentStock])).toEqual([
      [11, '128.00', 50],
      [12, '98.00', 5],
    ]);
    expect(f.customCommission).toBe(true);
    expect(editBody(f, { ...tea, commissionL1Bps: 800 })).toEqual({});
    f.title = '云南普洱茶饼';
    f.images = ['/uploads/2/abc.jpg', ...f.images];
    f.skus[0]!.price = '118';
    f.skus[0]!.listPrice = '150';
    f.skus[1]!.active = false;
    f.skus.push({ ...emptySku(1, ['2021']), price: '88.8', stock: '20' });
    f.onSale = false;
    f.customCommission = false;
    expect(editBody(f, { ...tea, commissionL1Bps: 800 })).toEqual({
      title: '云南普洱茶饼',
      images: ['/uploads/2/abc.jpg', '/static/demo/p1.svg'],
      status: 'off_sale',
      commissionL1Bps: null,
      skus: [
        { id: 11, price: 11800, listPrice: 15000 },
        { id: 12, active: false },
      ],
      newSkus: [{ specValues: ['2021'], price: 8880, stock: 20 }],
    });
  });

  test('removing a spec value disables its existing SKU (never deletes it); switched-off new rows are not created', () => {
    const f = formFromProduct(tea);
    const m = removeValue({ dims: f.dims, rows: f.skus }, 0, '2020');
    const g = { ...f, dims: m.dims, skus: m.rows };
    expect(g.skus.map((r) => [r.id, r.specs[0], r.removed])).toEqual([
      [11, '2019', false],
      [12, '2020', true],
    ]);
    const added = addValue({ dims: g.dims, rows: g.skus }, 0, '2022');
    const h = { ...g, dims: added.dims, skus: added.rows.map((r) => (r.id === undefined ? { ...r, active: false } : r)) };
    expect(formProblem(h)).toBeNull();
    expect(editBody(h, tea)).toEqual({ skus: [{ id: 12, active: false }] });
  });

  test('problems the API would refuse are caught first: no enabled SKU on sale, a dimension without values', () => {
    const g = formFromProduct(tea);
    g.skus.forEach((s) => (s.active = false));
    expect(formProblem(g)).toBe('在售商品至少需要启用一个 SKU');
    expect(formProblem({ ...g, onSale: false })).toBeNull();
    const n = { ...emptyForm(), title: 'x', images: ['/a.png'], onSale: true, dims: [{ name: '颜色', values: [] }] };
    expect(formProblem(n)).toBe('请为「颜色」添加至少一个规格值');
    expect(formProblem({ ...n, dims: [{ name: ' ', values: ['红'] }] })).toMatch(/规格的名称/);
  });

  test('an API refusal names the row as the form shows it', () => {
    const f = formFromProduct(tea);
    f.skus.push({ ...emptySku(1, ['2021']), price: '1', stock: '1' });
    const err = (field: string) => new ApiError(400, 'VALIDATION_FAILED', `${field}: 不行`, [{ field, message: '不行' }]);
    const sent = { skus: [{ id: 12, price: 1 }], newSkus: [{ specValues: ['2021'], price: 100, stock: 1 }] };
    expect(saveErrorText(err('skus.0.price'), f, sent)).toBe('「2020」：不行');
    expect(saveErrorText(err('newSkus.0.specValues'), f, sent)).toBe('「2021」：不行');
    expect(saveErrorText(err('title'), f, sent)).toBe('商品名称：不行');
    expect(saveErrorText(err('images'), f, sent)).toBe('商品图片：不行');
    expect(saveErrorText(err('skus.1.price'), f)).toBe('「2020」：不行'); // a create: rows in order
    expect(saveErrorText(new ApiError(409, 'CONFLICT', 'x'), f, sent)).toBeNull();
  });
});

describe('image uploader', () => {
  test('picks, uploads and appends; a refused upload says why and adds nothing', async () => {
    const onChange = jest.fn();
    (Taro.chooseMedia as jest.Mock).mockResolvedValueOnce({ tempFiles: [{ tempFilePath: 'blob:one' }, { tempFilePath: 'blob:two' }] });
    (Taro.uploadFile as jest.Mock).mockResolvedValueOnce({ statusCode: 201, data: '{"url":"/uploads/2/a.png"}' }).mockResolvedValueOnce({
      statusCode: 413,
      data: '{"code":"PAYLOAD_TOO_LARGE","message":"file: 图片不能超过 2 MB","details":[{"field":"file","message":"不能超过 2 MB"}]}',
    });
    render(<ImageUploader images={['/static/demo/p1.svg']} max={9} onChange={onChange} />);
    expect(screen.getByText('主图')).toBeTruthy();
    fireEvent.click(screen.getByText('上传图片'));
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith({ title: '上传失败：图片不能超过 2 MB', icon: 'none' }));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(['/static/demo/p1.svg', '/uploads/2/a.png']);
    expect((Taro.uploadFile as jest.Mock).mock.calls.map((c) => c[0].filePath)).toEqual(['blob:one', 'blob:two']);
  });

  test('× removes an image; a cancelled pick is silent', async () => {
    const onChange = jest.fn();
    (Taro.chooseMedia as jest.Mock).mockRejectedValueOnce({ errMsg: 'chooseMedia:fail cancel' });
    render(<ImageUploader images={['/a.png', '/b.png']} max={9} onChange={onChange} />);
    fireEvent.click(screen.getAllByText('×')[0]!);
    expect(onChange).toHaveBeenCalledWith(['/b.png']);
    fireEvent.click(screen.getByText('上传图片'));
    await waitFor(() => expect(Taro.chooseMedia).toHaveBeenCalled());
    expect(Taro.showToast).not.toHaveBeenCalled();
    expect(
      uploadErrorText(
        new ApiError(400, 'VALIDATION_FAILED', 'file: 只支持 JPG、PNG、WEBP、GIF 图片', [{ field: 'file', message: '只支持 JPG、PNG、WEBP、GIF 图片' }]),
      ),
    ).toBe('只支持 JPG、PNG、WEBP、GIF 图片');
  });
});

describe('gallery order', () => {
  test('设为主图 moves an image to the front (the first image is the main one)', () => {
    const onChange = jest.fn();
    render(<ImageUploader images={['/a.png', '/b.png', '/c.png']} max={9} onChange={onChange} />);
    expect(screen.getAllByText('设为主图')).toHaveLength(2);
    fireEvent.click(screen.getAllByText('设为主图')[1]!);
    expect(onChange).toHaveBeenCalledWith(['/c.png', '/a.png', '/b.png']);
  });
});

describe('shipping form', () => {
  test('rules: a company is chosen (or typed under 其他) and the tracking number is 4-40 letters/digits', () => {
    expect(shipProblem({ choice: '', other: '', trackingNo: 'SF123456' })).toBe('请选择快递公司');
    expect(shipProblem({ choice: '其他', other: ' ', trackingNo: 'SF123456' })).toBe('请填写快递公司名称');
    expect(shipProblem({ choice: '中通快递', other: '', trackingNo: '12 34' })).toMatch(/运单号/);
    expect(shipProblem({ choice: '中通快递', other: '', trackingNo: '7788990011' })).toBeNull();
    expect(guessCarrier('sf1234567890')).toBe('顺丰速运');
    expect(guessCarrier('7788990011')).toBeNull();
  });
});

test('commission preview applies the platform rules like the calculator: levels, then the cap from the deepest level', () => {
  expect(effectiveRates([1000, 500, 300], 1, 3000)).toEqual([1000, 0, 0]);
  expect(effectiveRates([2000, 800, 500], 3, 2500)).toEqual([2000, 500, 0]);
  expect(effectiveRates([2000, 800, 500], 2, 5000)).toEqual([2000, 800, 0]);
});
