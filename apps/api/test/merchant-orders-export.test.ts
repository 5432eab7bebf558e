import { createUser } from './fixtures.js';
import { type CommerceWorld, type TestMerchant, address, createMerchant, createProduct, placeOrder, startCommerceApi } from './commerce-fixtures.js';

/**
 * Merchant orders (issue 15): search by order number, consignee name or phone and remark, on top of the
 * status filter; CSV export with the same filters, UTF-8 with a BOM so Excel opens the Chinese text.
 */
let w: CommerceWorld;
let m: TestMerchant;
const orders: Array<{ id: number; outTradeNo: string }> = [];

beforeAll(async () => {
  w = await startCommerceApi();
  m = await createMerchant(w, '导出商家');
  const p = await createProduct(w, m, [
    { price: 1990, stock: 100 },
    { price: 2590, stock: 100 },
  ]);
  const buyers = [await createUser(w.t, '买家甲'), await createUser(w.t, '买家乙'), await createUser(w.t, '买家丙')];
  const plans = [
    { buyer: buyers[0]!, address: { ...address, name: '李雷', phone: '13911112222' }, remark: '请用顺丰', items: [{ skuId: p.skuIds[0]!, quantity: 2 }] },
    {
      buyer: buyers[1]!,
      address: { ...address, name: '韩梅梅', phone: '13733334444' },
      remark: '=HYPERLINK("http://evil")',
      items: [{ skuId: p.skuIds[1]!, quantity: 1 }],
    },
    {
      buyer: buyers[2]!,
      address: { ...address, name: '张, "三"', phone: '13855556666' },
      remark: '',
      items: [
        { skuId: p.skuIds[0]!, quantity: 1 },
        { skuId: p.skuIds[1]!, quantity: 3 },
      ],
    },
  ];
  for (const plan of plans) {
    const res = await placeOrder(w, plan.buyer, m.shopId, plan.items, { address: plan.address, remark: plan.remark });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    const o = res.body.orders?.[0] ?? res.body;
    orders.push({ id: o.id, outTradeNo: o.outTradeNo });
  }
}, 60_000);
afterAll(async () => {
  await w?.t.close();
});

const mh = (mm: TestMerchant = m) => ({ token: mm.owner.token, headers: { 'x-merchant-id': String(mm.id) } });
const search = async (q: string, extra = '') => {
  const res = await w.t.request('GET', `/merchant/orders?q=${encodeURIComponent(q)}${extra}`, mh());
  expect(res.status).toBe(200);
  return res.body.items.map((o: any) => o.id).sort((a: number, b: number) => a - b);
};

test('search matches part of the order number, the consignee name or phone, or the remark', async () => {
  expect(await search(orders[0]!.outTradeNo.slice(-8))).toEqual([orders[0]!.id]);
  expect(await search('韩梅')).toEqual([orders[1]!.id]);
  expect(await search('13855556666')).toEqual([orders[2]!.id]);
  expect(await search('顺丰')).toEqual([orders[0]!.id]);
  expect(await search('13911112222')).toEqual([orders[0]!.id]);
  // LIKE wildcards are text, not patterns
  expect(await search('%')).toEqual(orders.map((o) => o.id));
  expect(await search('无此人')).toEqual([]);
  // combined with the status filter
  expect(await search('顺丰', '&status=created')).toEqual([orders[0]!.id]);
  expect(await search('顺丰', '&status=paid')).toEqual([]);
  // another merchant never finds these
  const other = await createMerchant(w, '别家');
  expect((await w.t.request('GET', '/merchant/orders?q=李雷', mh(other))).body.items).toEqual([]);
});

test('CSV export: BOM, CRLF, Chinese header, amounts in yuan, escaped cells and no formulas, same filters', async () => {
  const res = await fetch(`${w.t.url}/api/v1/merchant/orders/export.csv`, {
    headers: { authorization: `Bearer ${m.owner.token}`, 'x-merchant-id': String(m.id) },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
  expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="orders\.csv"/);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  expect(lines.at(-1)).toBe('');
  expect(lines[0]).toBe('订单号,下单时间,付款时间,状态,商品,件数,商品金额,优惠,运费,实付,已退款,收货人,电话,收货地址,买家备注,物流公司,运单号');
  expect(lines).toHaveLength(5); // header, three orders newest first, trailing CRLF
  const [third, second, first] = lines.slice(1, 4);
  expect(first).toContain(`${orders[0]!.outTradeNo},`);
  expect(first).toContain(',待付款,测试商品（规格1） ×2,2,39.80,0.00,');
  expect(first).toContain(',李雷,13911112222,上海市上海市浦东新区世纪大道 100 号,请用顺丰,,');
  // a remark starting with = is shown as text, quoted because it holds quotes and a comma-free formula
  expect(second).toContain(`,"'=HYPERLINK(""http://evil"")",`);
  expect(third).toContain(',"张, ""三""",13855556666,');
  expect(third).toContain(',测试商品（规格1） ×1；测试商品（规格2） ×3,4,97.60,');

  const filtered = await w.t.request('GET', `/merchant/orders/export.csv?q=${encodeURIComponent('韩梅梅')}`, mh());
  expect(filtered.status).toBe(200);
  expect(filtered.body.split('\r\n').filter(Boolean)).toHaveLength(2);
  const none = await w.t.request('GET', '/merchant/orders/export.csv?status=paid', mh());
  expect(none.body.split('\r\n').filter(Boolean)).toHaveLength(1);
});

test('bad filters are 400 naming the field; export needs a merchant member', async () => {
  for (const [query, field] of [
    ['q=' + 'x'.repeat(41), 'q'],
    ['status=lost', 'status'],
    ['from=yesterday', 'from'],
    ['page=2', 'page'],
  ] as const) {
    const res = await w.t.request('GET', `/merchant/orders/export.csv?${query}`, mh());
    expect([query, res.status]).toEqual([query, 400]);
    expect(res.body.message.startsWith(field)).toBe(true);
  }
  const listBad = await w.t.request('GET', `/merchant/orders?q=${encodeURIComponent('a\u0001b')}`, mh());
  expect(listBad.status).toBe(400);
  const stranger = await createUser(w.t, '路人');
  expect((await w.t.request('GET', '/merchant/orders/export.csv', { token: stranger.token, headers: { 'x-merchant-id': String(m.id) } })).status).toBe(403);
  expect((await w.t.request('GET', '/merchant/orders/export.csv')).status).toBe(401);
});
