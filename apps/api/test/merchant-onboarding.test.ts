/**
 * Merchant onboarding (issue 15): the application's details, a rejection with its reason shown to the
 * applicant, re-application, approval, and the applicant told of each decision by a subscribe message sent
 * through the WeChat sandbox. The platform admin is the sandbox's 平台运营 persona (no database write).
 */
import { until } from './polling.js';
import { startTestApi, type TestApi } from './harness.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ sandbox: true });
}, 60_000);
afterAll(() => t?.close());

async function signIn(key: string): Promise<{ token: string; openid: string }> {
  const { code, openid } = (await t.control('POST', `/__sandbox__/users/${key}/login-code`)).body;
  const res = await t.request('POST', '/auth/wechat/login', { body: { code } });
  expect(res.status).toBe(200);
  return { token: res.body.token, openid };
}

const application = {
  name: '山野茶行',
  contactName: '李青',
  contactPhone: '13912345678',
  category: '茶饮',
  licenceImageUrl: '/uploads/licences/abc123.png',
  settlementMode: 'manual',
};
const messagesTo = async (openid: string) => ((await t.control('GET', '/__sandbox__/messages')).body as any[]).filter((m) => m.touser === openid);

test('apply → reject with a reason → status shows it → apply again → approve; the applicant is told each time', async () => {
  const ops = await signIn('operator');
  const applicant = await signIn(`applicant-${Date.now()}`);

  expect((await t.request('GET', '/merchants/mine/application', { token: applicant.token })).body).toEqual({ application: null });
  const applied = await t.request('POST', '/merchants', { token: applicant.token, body: application });
  expect(applied.status).toBe(201);
  expect(applied.body).toMatchObject({ ...application, status: 'pending', rejectReason: null });

  // a reason is required, and bad input changes nothing
  const noReason = await t.request('POST', `/admin/merchants/${applied.body.id}/reject`, { token: ops.token, body: {} });
  expect(noReason.status).toBe(400);
  expect(JSON.stringify(noReason.body.details)).toContain('reason');
  const rejected = await t.request('POST', `/admin/merchants/${applied.body.id}/reject`, { token: ops.token, body: { reason: '营业执照不清晰，请重新上传' } });
  expect(rejected.status).toBe(200);
  expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '营业执照不清晰，请重新上传', rejectedAt: expect.any(String) });

  const status = await t.request('GET', '/merchants/mine/application', { token: applicant.token });
  expect(status.body.application).toMatchObject({ id: applied.body.id, status: 'rejected', rejectReason: '营业执照不清晰，请重新上传' });
  const [rejectMessage] = await until(
    'the rejection message',
    () => messagesTo(applicant.openid),
    (m) => m.length === 1,
  );
  expect(rejectMessage).toMatchObject({ template_id: 'sandbox-merchant-reviewed', page: 'pkg-merchant/apply/index' });
  expect(rejectMessage.data).toMatchObject({ thing1: { value: '山野茶行' }, phrase2: { value: '未通过' } });

  // re-application: the same merchant, edited, back in the queue without the old reason
  const again = await t.request('POST', '/merchants', { token: applicant.token, body: { ...application, licenceImageUrl: '/uploads/licences/def456.png' } });
  expect(again.status).toBe(201);
  expect(again.body).toMatchObject({ id: applied.body.id, status: 'pending', rejectReason: null, licenceImageUrl: '/uploads/licences/def456.png' });
  const pending = await t.request('GET', '/admin/merchants?status=pending', { token: ops.token });
  expect(pending.body.items.filter((m: any) => m.id === applied.body.id)).toHaveLength(1);
  // a second tap while pending is refused
  expect((await t.request('POST', '/merchants', { token: applicant.token, body: application })).status).toBe(409);

  const approved = await t.request('POST', `/admin/merchants/${applied.body.id}/approve`, { token: ops.token });
  expect(approved.body).toMatchObject({ status: 'approved', shopId: expect.any(Number) });
  const messages = await until(
    'the approval message',
    () => messagesTo(applicant.openid),
    (m) => m.length === 2,
  );
  expect(messages[1]).toMatchObject({
    template_id: 'sandbox-merchant-reviewed',
    page: 'pkg-merchant/dashboard/index',
    data: expect.objectContaining({ phrase2: { value: '审核通过' } }),
  });
  const me = await t.request('GET', '/auth/me', { token: applicant.token });
  expect(me.body.merchants).toEqual([expect.objectContaining({ id: applied.body.id, role: 'owner', status: 'approved' })]);
});

test('application fields are checked and named', async () => {
  const user = await signIn(`applicant-bad-${Date.now()}`);
  for (const [field, value] of [
    ['contactPhone', '12345'],
    ['category', '军火'],
    ['licenceImageUrl', 'javascript:alert(1)'],
    ['settlementMode', 'cash'],
    ['contactName', ''],
  ] as const) {
    const res = await t.request('POST', '/merchants', { token: user.token, body: { ...application, [field]: value } });
    expect([field, res.status]).toEqual([field, 400]);
    expect(JSON.stringify(res.body.details)).toContain(field);
  }
  expect((await t.request('GET', '/merchants/mine/application', { token: user.token })).body.application).toBeNull();
});

test('only platform admins review applications', async () => {
  const user = await signIn(`applicant-x-${Date.now()}`);
  const applied = await t.request('POST', '/merchants', { token: user.token, body: application });
  const stranger = await signIn(`stranger-${Date.now()}`);
  expect((await t.request('POST', `/admin/merchants/${applied.body.id}/reject`, { token: stranger.token, body: { reason: 'x' } })).status).toBe(403);
  expect((await t.request('POST', `/admin/merchants/${applied.body.id}/reject`, { token: user.token, body: { reason: 'x' } })).status).toBe(403);
});

test('an applicant uploads the licence photo before being a merchant; it is served back and accepted by the application', async () => {
  const user = await signIn(`applicant-licence-${Date.now()}`);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
  const upload = async (token?: string, data = png) => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)], { type: 'image/png' }), 'licence.png');
    const res = await fetch(`${t.url}/api/v1/merchants/uploads`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: await res.json() };
  };
  expect((await upload()).status).toBe(401);
  expect((await upload(user.token, Buffer.from('not an image'))).status).toBe(400);
  const up = await upload(user.token);
  expect(up.status).toBe(201);
  expect(up.body.url).toMatch(/^\/uploads\/applicants\/\d+\/[0-9a-f]{32}\.png$/);
  const served = await fetch(`${t.url}${up.body.url}`);
  expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png']);
  const applied = await t.request('POST', '/merchants', { token: user.token, body: { ...application, licenceImageUrl: up.body.url } });
  expect([applied.status, applied.body.licenceImageUrl]).toEqual([201, up.body.url]);
});
