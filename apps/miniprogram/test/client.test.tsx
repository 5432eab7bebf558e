import Taro from '@tarojs/taro';
import { ApiError, NetworkError, buildQuery, createClient, type Transport } from '../src/api/client';
import { createSessionStore } from '../src/store/session';
import { memoryStorage } from '../src/store/storage';

function setup(reply: Awaited<ReturnType<Transport>> | Error, token: string | null = 'tok') {
  const transport = jest.fn<ReturnType<Transport>, Parameters<Transport>>(async () => {
    if (reply instanceof Error) throw reply;
    return reply;
  });
  const onUnauthorized = jest.fn();
  const client = createClient({ baseUrl: 'http://api/api/v1', getToken: () => token, onUnauthorized, transport });
  return { client, transport, onUnauthorized };
}

test('sends JSON with the bearer token and returns the body', async () => {
  const { client, transport } = setup({ statusCode: 201, data: { id: 'o1' } });
  await expect(client.post('/orders', { shopId: 's1' })).resolves.toEqual({ id: 'o1' });
  expect(transport).toHaveBeenCalledWith(
    expect.objectContaining({
      url: 'http://api/api/v1/orders',
      method: 'POST',
      data: { shopId: 's1' },
      header: expect.objectContaining({ Authorization: 'Bearer tok', 'Content-Type': 'application/json' }),
    }),
  );
});

test('no Authorization header without a token; query strings skip empty values', async () => {
  const { client, transport } = setup({ statusCode: 200, data: '{"items":[]}' }, null);
  await expect(client.get('/orders', { page: 2, status: undefined, q: '红 色' })).resolves.toEqual({ items: [] });
  const call = transport.mock.calls[0][0];
  expect(call.url).toBe('http://api/api/v1/orders?page=2&q=%E7%BA%A2%20%E8%89%B2');
  expect(call.header.Authorization).toBeUndefined();
  expect(buildQuery({})).toBe('');
});

test('rejects with a typed ApiError carrying the error body', async () => {
  const body = { code: 'VALIDATION_FAILED', message: '数量无效', details: [{ field: 'items.0.quantity', message: 'min 1' }] };
  const { client } = setup({ statusCode: 422, data: body });
  const err: any = await client.post('/orders', {}).catch((e) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', message: '数量无效', details: body.details });
});

test('non-JSON error bodies still become ApiError', async () => {
  const { client } = setup({ statusCode: 502, data: '<html>Bad gateway</html>' });
  await expect(client.get('/x')).rejects.toMatchObject({ name: 'ApiError', status: 502, code: 'HTTP_502' });
});

test('401 calls onUnauthorized (clearing the session) and rejects', async () => {
  const { client, onUnauthorized } = setup({ statusCode: 401, data: { code: 'UNAUTHENTICATED', message: '请登录' } });
  await expect(client.get('/orders')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  expect(onUnauthorized).toHaveBeenCalledTimes(1);
});

test('transport failures reject with NetworkError', async () => {
  const { client } = setup(Object.assign(new Error('x'), { errMsg: 'request:fail timeout' }));
  const err: any = await client.get('/orders').catch((e) => e);
  expect(err).toBeInstanceOf(NetworkError);
  expect(err.message).toBe('request:fail timeout');
});

test('the default transport is Taro.request', async () => {
  (Taro.request as jest.Mock).mockResolvedValueOnce({ statusCode: 200, data: { ok: true }, header: {} });
  const client = createClient({ baseUrl: 'http://api', getToken: () => 't' });
  await expect(client.get('/ping')).resolves.toEqual({ ok: true });
  expect(Taro.request).toHaveBeenCalledWith(expect.objectContaining({ url: 'http://api/ping', method: 'GET' }));
});

test('download resolves to a temp file path and maps errors', async () => {
  const downloader = jest.fn(async () => ({ statusCode: 200, tempFilePath: 'wxfile://code.png' }));
  const client = createClient({ baseUrl: 'http://api', getToken: () => 't', downloader });
  await expect(client.download('/shops/mine/code')).resolves.toBe('wxfile://code.png');
  expect(downloader).toHaveBeenCalledWith({ url: 'http://api/shops/mine/code', header: expect.objectContaining({ Authorization: 'Bearer t' }) });
  downloader.mockResolvedValueOnce({ statusCode: 404, tempFilePath: '' });
  await expect(client.download('/shops/mine/code')).rejects.toMatchObject({ status: 404 });
});

test("the default downloader (Taro.downloadFile) sends no cookies: H5's CORS refuses credentialed requests", async () => {
  const client = createClient({ baseUrl: 'http://api/api/v1', getToken: () => 't' });
  await expect(client.download('/shops/mine/code')).resolves.toBe('blob:tmp');
  expect(Taro.downloadFile).toHaveBeenCalledWith(
    expect.objectContaining({
      url: 'http://api/api/v1/shops/mine/code',
      withCredentials: false,
      header: expect.objectContaining({ Authorization: 'Bearer t' }),
    }),
  );
  (Taro.downloadFile as jest.Mock).mockRejectedValueOnce({ errMsg: 'downloadFile:fail ' });
  await expect(client.download('/shops/mine/code')).rejects.toBeInstanceOf(NetworkError);
});

test('upload sends the file as multipart part "file" with the token, and resolves to the JSON answer', async () => {
  const uploader = jest.fn(async (_opts: any) => ({ statusCode: 201, data: '{"url":"/uploads/3/ab.png","contentType":"image/png","size":68}' }));
  const client = createClient({ baseUrl: 'http://api/api/v1', getToken: () => 't', uploader });
  await expect(client.upload('/merchant/uploads', 'wxfile://tmp/a.png')).resolves.toEqual({ url: '/uploads/3/ab.png', contentType: 'image/png', size: 68 });
  expect(uploader).toHaveBeenCalledWith(
    expect.objectContaining({
      url: 'http://api/api/v1/merchant/uploads',
      filePath: 'wxfile://tmp/a.png',
      name: 'file',
      header: expect.objectContaining({ Authorization: 'Bearer t' }),
    }),
  );
});

test('upload failures reject typed: ApiError with the field details, 401 signs out, no answer is a NetworkError', async () => {
  const onUnauthorized = jest.fn();
  const uploader = jest.fn();
  const client = createClient({ baseUrl: 'http://api', getToken: () => 't', onUnauthorized, uploader });
  uploader.mockResolvedValueOnce({
    statusCode: 413,
    data: JSON.stringify({ code: 'PAYLOAD_TOO_LARGE', message: 'file: 图片不能超过 2 MB', details: [{ field: 'file', message: '不能超过 2 MB' }] }),
  });
  const big: any = await client.upload('/merchant/uploads', 'blob:x').catch((e) => e);
  expect(big).toBeInstanceOf(ApiError);
  expect(big).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', details: [{ field: 'file', message: '不能超过 2 MB' }] });
  uploader.mockResolvedValueOnce({ statusCode: 401, data: '{"code":"UNAUTHENTICATED","message":"请先登录"}' });
  await expect(client.upload('/merchant/uploads', 'blob:x')).rejects.toMatchObject({ status: 401 });
  expect(onUnauthorized).toHaveBeenCalledTimes(1);
  uploader.mockRejectedValueOnce({ errMsg: 'uploadFile:fail timeout' });
  const net: any = await client.upload('/merchant/uploads', 'blob:x').catch((e) => e);
  expect(net).toBeInstanceOf(NetworkError);
  expect(net.message).toBe('uploadFile:fail timeout');
});

test('the default uploader is Taro.uploadFile, without cookies (CORS with a bearer token)', async () => {
  (Taro.uploadFile as jest.Mock).mockResolvedValueOnce({ statusCode: 201, data: '{"url":"/u.png"}' });
  const client = createClient({ baseUrl: 'http://api', getToken: () => 't' });
  await expect(client.upload('/merchant/uploads', 'blob:y')).resolves.toEqual({ url: '/u.png' });
  expect(Taro.uploadFile).toHaveBeenCalledWith(
    expect.objectContaining({ url: 'http://api/merchant/uploads', filePath: 'blob:y', name: 'file', withCredentials: false }),
  );
});

test('session store persists the token and signs out', () => {
  const storage = memoryStorage();
  const s = createSessionStore(storage);
  s.signIn('tok', {
    id: 7,
    nickname: 'Alice',
    avatarUrl: null,
    referralCode: 'ALICE01',
    isDistributor: false,
    isAdmin: false,
    shopId: null,
    uplineUserId: null,
    merchants: [],
  });
  expect(createSessionStore(storage).getToken()).toBe('tok');
  s.signOut();
  expect(createSessionStore(storage).getToken()).toBeNull();
});
