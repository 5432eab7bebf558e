import Taro from '@tarojs/taro';
import { createH5Platform, parseLocationQuery } from '../src/platform/h5';
import { PlatformError } from '../src/platform/types';
import { createWeappPlatform } from '../src/platform/weapp';

const payParams = {
  appId: 'wx-test-app',
  timeStamp: '1700000000',
  nonceStr: 'n',
  package: 'prepay_id=wx2017',
  signType: 'RSA' as const,
  paySign: 'sig',
};
const bill = { outBillNo: 'W1', packageInfo: 'pkg', mchId: '1900', appId: 'wxapp' };

describe('weapp', () => {
  const p = createWeappPlatform();

  test('login code from wx.login', async () => {
    await expect(p.getLoginCode()).resolves.toBe('wx-code');
  });

  test('payment: paid, cancelled, failed', async () => {
    await expect(p.pay(payParams, { returnPath: '/x' })).resolves.toBe('paid');
    expect(Taro.requestPayment).toHaveBeenCalledWith(expect.objectContaining(payParams));
    (Taro.requestPayment as jest.Mock).mockRejectedValueOnce({ errMsg: 'requestPayment:fail cancel' });
    await expect(p.pay(payParams, { returnPath: '/x' })).resolves.toBe('cancelled');
    (Taro.requestPayment as jest.Mock).mockRejectedValueOnce({ errMsg: 'requestPayment:fail sign error' });
    await expect(p.pay(payParams, { returnPath: '/x' })).rejects.toBeInstanceOf(PlatformError);
  });

  test('transfer confirmation goes through wx.requestMerchantTransfer', async () => {
    const requestMerchantTransfer = jest.fn((o: any) => o.success({}));
    (globalThis as any).wx = { canIUse: () => true, requestMerchantTransfer };
    await expect(p.confirmTransfer(bill)).resolves.toBe('confirmed');
    expect(requestMerchantTransfer).toHaveBeenCalledWith(expect.objectContaining({ mchId: '1900', appId: 'wxapp', package: 'pkg' }));
    requestMerchantTransfer.mockImplementationOnce((o: any) => o.fail({ errMsg: 'requestMerchantTransfer:fail cancel' }));
    await expect(p.confirmTransfer(bill)).resolves.toBe('cancelled');
    (globalThis as any).wx = { canIUse: () => false };
    await expect(p.confirmTransfer(bill)).rejects.toThrow('当前微信版本过低');
    delete (globalThis as any).wx;
  });

  test('launch query comes from the enter options', () => {
    (Taro.getEnterOptionsSync as jest.Mock).mockReturnValueOnce({ query: { scene: 's%3Dab12' }, scene: 1047 });
    expect(p.getLaunchQuery()).toEqual({ scene: 's%3Dab12' });
  });
});

describe('h5 (sandbox)', () => {
  const location = { search: '', hash: '#/pkg-order/detail/index?id=o1', origin: 'http://h5.test', pathname: '/', assign: jest.fn() };
  const p = createH5Platform({ sandboxBase: 'http://sandbox', location, pickUser: async () => 'bob' });

  test('login code from the sandbox control API for the picked test user', async () => {
    (Taro.request as jest.Mock).mockResolvedValueOnce({ statusCode: 200, data: { code: 'code-bob' } });
    await expect(p.getLoginCode()).resolves.toBe('code-bob');
    expect(Taro.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://sandbox/__sandbox__/users/bob/login-code', method: 'POST' }));
    const cancelled = createH5Platform({ sandboxBase: 'http://sandbox', location, pickUser: async () => null });
    await expect(cancelled.getLoginCode()).rejects.toThrow('已取消登录');
  });

  test('payment redirects to the sandbox cashier with a hash-route return URL', async () => {
    await expect(p.pay(payParams, { returnPath: '/pkg-order/detail/index?id=o1&paid=1' })).resolves.toBe('redirected');
    const url = new URL(location.assign.mock.calls[0][0]);
    expect(url.origin + url.pathname).toBe('http://sandbox/cashier');
    expect(url.searchParams.get('prepay_id')).toBe('wx2017');
    expect(url.searchParams.get('redirect')).toBe('http://h5.test/#/pkg-order/detail/index?id=o1&paid=1');
  });

  test('transfer confirmation posts to the sandbox', async () => {
    (Taro.request as jest.Mock).mockResolvedValueOnce({ statusCode: 200, data: {} });
    await expect(p.confirmTransfer(bill)).resolves.toBe('confirmed');
    expect(Taro.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://sandbox/__sandbox__/transfers/W1/confirm' }));
    (Taro.request as jest.Mock).mockResolvedValueOnce({ statusCode: 409, data: { code: 'CONFLICT', message: '状态不对' } });
    await expect(p.confirmTransfer(bill)).rejects.toThrow('状态不对');
  });

  test('launch query reads search and hash query, values kept raw', () => {
    expect(parseLocationQuery({ search: '?shopId=s1', hash: '#/pages/shop/index?scene=s%3Dab12%26r%3DX' })).toEqual({
      shopId: 's1',
      scene: 's%3Dab12%26r%3DX',
    });
    expect(p.getLaunchQuery()).toEqual({ id: 'o1' });
  });
});
