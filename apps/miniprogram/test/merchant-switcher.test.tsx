import Taro from '@tarojs/taro';
import { createClient, type Transport } from '../src/api/client';
import { OTHER_USERS, createH5Platform } from '../src/platform/h5';
import { createMerchantStore, pickMerchant } from '../src/store/merchant';
import { memoryStorage } from '../src/store/storage';

function client(merchantId: number | null) {
  const transport = jest.fn<ReturnType<Transport>, Parameters<Transport>>(async () => ({ statusCode: 200, data: {} }));
  const c = createClient({ baseUrl: 'http://api/api/v1', getToken: () => 'tok', getMerchantId: () => merchantId, transport });
  return { c, header: (i: number) => transport.mock.calls[i]![0].header };
}

test('X-Merchant-Id goes with every /merchant/* call, and only those', async () => {
  const { c, header } = client(7);
  await c.get('/merchant/orders');
  await c.post('/merchant/staff/invitations');
  await c.get('/merchants/mine');
  await c.get('/orders');
  expect(header(0)['X-Merchant-Id']).toBe('7');
  expect(header(1)['X-Merchant-Id']).toBe('7');
  expect(header(2)['X-Merchant-Id']).toBeUndefined();
  expect(header(3)['X-Merchant-Id']).toBeUndefined();
  const none = client(null);
  await none.c.get('/merchant/orders');
  expect(none.header(0)['X-Merchant-Id']).toBeUndefined();
});

test('the current merchant is kept across launches and falls back to the first approved membership', () => {
  const storage = memoryStorage();
  const store = createMerchantStore(storage);
  store.select(12);
  expect(createMerchantStore(storage).getId()).toBe(12);
  const items = [
    { merchantId: 3, name: '待审核', status: 'pending', role: 'owner' },
    { merchantId: 5, name: '山野茶行', status: 'approved', role: 'owner' },
    { merchantId: 12, name: '云岭果园', status: 'approved', role: 'staff' },
  ];
  expect(pickMerchant(items, 12)?.merchantId).toBe(12);
  // left that merchant (or another person signed in): the stored id is no longer theirs
  expect(pickMerchant(items, 99)?.merchantId).toBe(5);
  expect(pickMerchant([], 12)).toBeNull();
  store.select(null);
  expect(createMerchantStore(storage).getId()).toBeNull();
});

test('the H5 login picker lists the sandbox personas first and remembers the picked role', async () => {
  const personas = [
    { key: 'buyer', nickname: '顾客', openid: 'o1', role: 'buyer', avatarUrl: '/static/demo/avatar-buyer.svg' },
    { key: 'merchant-owner', nickname: '商家', openid: 'o3', role: 'merchant', avatarUrl: '/static/demo/avatar-merchant-owner.svg' },
  ];
  const request = Taro.request as jest.Mock;
  request.mockImplementation(async (o: any) =>
    o.url.endsWith('/__sandbox__/personas') ? { statusCode: 200, data: personas } : { statusCode: 200, data: { code: 'c-1' } },
  );
  const sheets = Taro.showActionSheet as jest.Mock;
  sheets.mockResolvedValueOnce({ tapIndex: 1 });
  const p = createH5Platform({ sandboxBase: 'http://sandbox', location: { search: '', hash: '', origin: 'http://h5', pathname: '/', assign: jest.fn() } });
  await expect(p.getLoginCode()).resolves.toBe('c-1');
  // at most 6 items a sheet (WeChat's and Taro's limit): the personas, then a way to the other test users
  expect(sheets.mock.calls.at(-1)![0].itemList).toEqual(['顾客', '商家', OTHER_USERS]);
  expect(request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://sandbox/__sandbox__/users/merchant-owner/login-code', method: 'POST' }));
  expect(p.pickedPersonaRole?.()).toBe('merchant');
  // an ordinary test user, on the second sheet, is no persona
  sheets.mockResolvedValueOnce({ tapIndex: 2 }).mockResolvedValueOnce({ tapIndex: 1 });
  await p.getLoginCode();
  expect(sheets.mock.calls.at(-1)![0].itemList).toEqual(['alice', 'bob', 'carol', 'dave', 'merchant']);
  expect(request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://sandbox/__sandbox__/users/bob/login-code' }));
  expect(p.pickedPersonaRole?.()).toBeNull();
  request.mockReset();
});
