import { parseTradeBill } from './trade-bill.js';

const ALL = [
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注',
  '`2026-11-21 13:51:31,`wx1234567890abcdef,`1900000001,`0,`,`4200001234202611210000000001,`SO20261121AAAA,`oUser1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`12.34,`0.00,`0,`0,`0.00,`0.00,`,`,`连衣裙, 红色,`shop=abc,`0.07000,`0.60%,`12.34,`0.00,`',
  '`2026-11-21 15:00:02,`wx1234567890abcdef,`1900000001,`0,`,`4200001234202611210000000001,`SO20261121AAAA,`oUser1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300001234202611210000000001,`RF20261121AAAA,`1.15,`0.00,`ORIGINAL,`SUCCESS,`连衣裙, 红色,`shop=abc,`-0.01000,`0.60%,`0.00,`1.15,`',
  '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
  '`2,`12.34,`1.15,`0.00,`0.06000,`12.34,`1.15',
  '',
].join('\r\n');

describe('parseTradeBill', () => {
  const bill = parseTradeBill('\uFEFF' + ALL);

  it('parses detail rows with money in integer fen', () => {
    expect(bill.rows).toHaveLength(2);
    const [pay, refund] = bill.rows;
    expect(pay).toMatchObject({
      tradeTime: '2026-11-21 13:51:31',
      appid: 'wx1234567890abcdef',
      mchid: '1900000001',
      transactionId: '4200001234202611210000000001',
      outTradeNo: 'SO20261121AAAA',
      openid: 'oUser1',
      tradeType: 'JSAPI',
      tradeState: 'SUCCESS',
      settlementTotalFen: 1234,
      totalFen: 1234,
      refundId: undefined,
      outRefundNo: undefined,
      refundFen: 0,
      description: '连衣裙, 红色', // a comma inside a value survives
      attach: 'shop=abc',
      feeText: '0.07000',
    });
    expect(refund).toMatchObject({
      tradeState: 'REFUND',
      refundId: '50300001234202611210000000001',
      outRefundNo: 'RF20261121AAAA',
      refundFen: 115,
      requestedRefundFen: 115,
      refundStatus: 'SUCCESS',
      refundType: 'ORIGINAL',
    });
  });

  it('parses the summary', () => {
    expect(bill.summary).toEqual({
      totalCount: 2,
      settlementTotalFen: 1234,
      refundFen: 115,
      couponRefundFen: 0,
      feeText: '0.06000',
      totalFen: 1234,
      requestedRefundFen: 115,
    });
  });

  it('locates columns by header (SUCCESS layout has fewer columns)', () => {
    const success = parseTradeBill(
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注\n' +
        '`2026-11-21 13:51:31,`wx1,`1900000001,`0,`,`42000001,`SO1,`oU,`JSAPI,`SUCCESS,`OTHERS,`CNY,`0.29,`0.00,`T恤,`,`0.00000,`0.60%,`0.29,`\n',
    );
    expect(success.rows[0]).toMatchObject({ settlementTotalFen: 29, totalFen: 29, refundFen: undefined, description: 'T恤' });
    expect(success.summary).toBeUndefined();
  });

  it('rejects a row whose field count does not match the header', () => {
    expect(() => parseTradeBill('交易时间,公众账号ID,商户号,微信订单号,商户订单号,交易状态,应结订单金额\n`2026-11-21 00:00:00,`wx1,`1\n')).toThrow(/fields/);
  });
});
