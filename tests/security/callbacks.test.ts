import { createUser, type TestUser } from '../../apps/api/test/fixtures.js';
import { startTestApi, type TestApi } from '../../apps/api/test/harness.js';
import { until } from '../support/http.js';
import { createTenant, tableCounts, type Tenant } from '../support/roles.js';
import { encryptResource, envelope, flipByte, foreignKeyPem, signedHeaders } from '../support/wechat-notify.js';

/**
 * The callback forgery suite, against the live routes `POST /api/v1/payments/wechat/notify` and
 * `/refund-notify`: each forgery is answered 4xx/5xx with `{"code":"FAIL",...}` and leaves no trace in the
 * database (row counts of every table unchanged, the order still unpaid / the refund still processing).
 * The notifications are built here with node:crypto and the sandbox's own keys, exactly as WeChat builds
 * them; a correctly built one is accepted at the end (so each rejection is for the forged part only).
 */
let t: TestApi;
let tenant: Tenant;
let buyer: TestUser;
const address = { name: '张三', phone: '13800138000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 100 号' };

beforeAll(async () => {
  t = await startTestApi({ isolatedDatabase: true, sandbox: true });
  tenant = await createTenant(t, 'CB');
  buyer = await createUser(t, '回调买家');
}, 60_000);
afterAll(async () => {
  await t?.control('POST', '/__sandbox__/notifications/release', {}).catch(() => undefined);
  await t?.close();
});

async function prepaidOrder() {
  const placed = await t.request('POST', '/orders', {
    token: buyer.token,
    body: { shopId: tenant.shopId, items: [{ skuId: tenant.skuId, quantity: 1 }], address, idempotencyKey: `cb_${Math.random().toString(36).slice(2)}` },
  });
  expect(placed.status).toBe(201);
  const order = placed.body.orders[0];
  expect((await t.request('POST', `/orders/${order.id}/pay`, { token: buyer.token })).status).toBe(200);
  return order as { id: number; outTradeNo: string };
}

/** The decrypted resource of the last held notification of `eventType` about `key` (out_trade_no / out_refund_no). */
async function heldResource(eventType: string, match: (r: any) => boolean) {
  const notes = (await t.control('GET', '/__sandbox__/notifications')).body as Array<{ id: string; event_type: string; state: string; resource: any }>;
  const n = notes.filter((x) => x.event_type === eventType && x.state === 'held' && match(x.resource)).at(-1);
  if (!n) throw new Error(`no held ${eventType}`);
  return n.resource;
}

/** Counts of every table, once nothing is moving any more (event deliveries etc. have settled). */
async function quietCounts(): Promise<Record<string, number>> {
  let last = await tableCounts(t);
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = await tableCounts(t);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

interface Forgery {
  name: string;
  /** the reason the API must give (`message` of the FAIL body) */
  reason?: string;
  body: string;
  headers: Record<string, string>;
}

/** Every forgery of one valid notification (event, plaintext resource, associated_data). */
function forgeries(eventType: string, resource: unknown, aad: string, originalType: string): Forgery[] {
  const creds = t.sandbox!.credentials;
  const enc = () => encryptResource(creds.apiV3Key, resource, aad, originalType);
  const valid = envelope(eventType, enc());
  const out: Forgery[] = [];
  out.push({ name: "forged signature (a key that is not WeChat's)", body: valid, headers: signedHeaders(creds, valid, { privateKeyPem: foreignKeyPem() }) });
  out.push({
    name: 'unknown serial: PUB_KEY_ID_',
    body: valid,
    headers: signedHeaders(creds, valid, { serial: 'PUB_KEY_ID_0114232134912410000000000000000' }),
  });
  out.push({
    name: 'unknown serial: certificate serial',
    body: valid,
    headers: signedHeaders(creds, valid, { key: 'certificate', serial: '7132D72A03E93CDDF8C03BBD1F37EEDF0000FFFF' }),
  });
  out.push({
    name: 'signed by the certificate key but naming the public key id',
    body: valid,
    headers: signedHeaders(creds, valid, { key: 'certificate', serial: creds.publicKeyId }),
  });
  out.push({
    name: 'timestamp 6 minutes old (correctly signed)',
    body: valid,
    headers: signedHeaders(creds, valid, { timestamp: Math.floor(Date.now() / 1000) - 360 }),
  });
  out.push({
    name: 'timestamp 6 minutes ahead (correctly signed)',
    body: valid,
    headers: signedHeaders(creds, valid, { timestamp: Math.floor(Date.now() / 1000) + 360 }),
  });
  {
    const e = enc();
    const body = envelope(eventType, { ...e, ciphertext: flipByte(e.ciphertext, 3) });
    out.push({ name: 'tampered ciphertext (re-signed with the real key)', body, headers: signedHeaders(creds, body) });
  }
  {
    const e = enc();
    const body = envelope(eventType, { ...e, ciphertext: flipByte(e.ciphertext, -1) });
    out.push({ name: 'tampered auth tag (re-signed with the real key)', body, headers: signedHeaders(creds, body) });
  }
  {
    const e = enc();
    const body = envelope(eventType, { ...e, ciphertext: Buffer.from(e.ciphertext, 'base64').subarray(0, -16).toString('base64') });
    out.push({ name: 'auth tag stripped (re-signed)', body, headers: signedHeaders(creds, body) });
  }
  {
    const e = enc();
    const body = envelope(eventType, { ...e, associated_data: aad === 'transaction' ? 'refund' : 'transaction' });
    out.push({ name: 'wrong associated_data (re-signed)', body, headers: signedHeaders(creds, body) });
  }
  {
    const body = envelope(eventType, encryptResource('0'.repeat(32), resource, aad, originalType));
    out.push({ name: 'encrypted with another APIv3 key (re-signed)', body, headers: signedHeaders(creds, body) });
  }
  {
    // a valid notify seen once, replayed later with a fresh timestamp and the old signature
    const h = signedHeaders(creds, valid, { timestamp: Math.floor(Date.now() / 1000) - 120 });
    out.push({ name: 'replay: new timestamp, old signature', body: valid, headers: { ...h, 'wechatpay-timestamp': String(Math.floor(Date.now() / 1000)) } });
    out.push({ name: 'replay: new nonce, old signature', body: valid, headers: { ...h, 'wechatpay-nonce': 'N'.repeat(32) } });
  }
  {
    const h = signedHeaders(creds, valid);
    const altered = valid.replace('"event_type"', '"event_type" ').replace(/"summary":"[^"]*"/, '"summary":"改"');
    out.push({ name: 'body altered after signing', body: altered, headers: h });
    const { 'wechatpay-signature': _s, ...noSig } = h;
    out.push({ name: 'no signature header', body: valid, headers: noSig });
    out.push({ name: 'non-numeric timestamp', body: valid, headers: { ...h, 'wechatpay-timestamp': 'abc' } });
  }
  const reasons: Array<[RegExp, string]> = [
    [/^unknown serial/, 'unknown_serial'],
    [/^timestamp|^non-numeric/, 'stale_timestamp'],
    [/ciphertext|auth tag|associated_data|APIv3/, 'decrypt_failed'],
    [/^no signature/, 'missing_header'],
    [/./, 'bad_signature'],
  ];
  return out.map((f) => ({ ...f, reason: reasons.find(([re]) => re.test(f.name))![1] }));
}

async function expectAllRefused(route: string, list: Forgery[]) {
  const results: string[] = [];
  for (const f of list) {
    const res = await t.request('POST', route, { rawBody: f.body, headers: f.headers });
    const ok = res.status >= 400 && res.body?.code === 'FAIL' && res.body?.message === f.reason;
    results.push(`${ok ? 'refused' : 'ACCEPTED'} ${f.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (process.env.SHOW_FORGERIES) console.log(results.join('\n'));
  expect(results.filter((r) => !r.startsWith('refused'))).toEqual([]);
  return results;
}

test('payment notify: every forgery is refused with {code: FAIL} and leaves no trace; the genuine one is applied', async () => {
  const order = await prepaidOrder();
  await t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
  try {
    expect((await t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' })).status).toBe(200);
    const resource = await heldResource('TRANSACTION.SUCCESS', (r) => r.out_trade_no === order.outTradeNo);
    const before = await quietCounts();
    const list = forgeries('TRANSACTION.SUCCESS', resource, 'transaction', 'transaction');
    expect(list.length).toBeGreaterThanOrEqual(15);
    await expectAllRefused('/api/v1/payments/wechat/notify', list);
    expect(await tableCounts(t)).toEqual(before);
    const [row] = await t.ds.query('SELECT status, transaction_id FROM "order" WHERE id = $1', [order.id]);
    expect(row).toEqual({ status: 'created', transaction_id: null });

    // positive control: the same resource, honestly encrypted and signed (public key, then certificate mode)
    const creds = t.sandbox!.credentials;
    const body = envelope('TRANSACTION.SUCCESS', encryptResource(creds.apiV3Key, resource, 'transaction', 'transaction'));
    const good = await t.request('POST', '/api/v1/payments/wechat/notify', { rawBody: body, headers: signedHeaders(creds, body, { key: 'certificate' }) });
    expect(good.status).toBe(204);
    // 204 means recorded; the inbox applies it right after (#18)
    await until(
      'genuine callback applied',
      async () => (await t.ds.query('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status,
      (s) => s === 'paid',
    );
    const [{ n }] = await t.ds.query('SELECT count(*)::int AS n FROM payment WHERE order_id = $1', [order.id]);
    expect(n).toBe(1);
  } finally {
    await t.control('POST', '/__sandbox__/notifications/release', {});
  }
  // WeChat's own delivery of the same payment is then a duplicate: still one posting
  await until(
    'sandbox notify delivered',
    async () => (await t.ds.query('SELECT count(*)::int AS n FROM wechat_pay_notification WHERE out_trade_no = $1', [order.outTradeNo]))[0].n,
    (n) => n >= 2,
  );
  await until(
    'sandbox notify decided',
    async () =>
      (await t.ds.query(`SELECT count(*)::int AS n FROM wechat_pay_notification WHERE out_trade_no = $1 AND result = 'received'`, [order.outTradeNo]))[0].n,
    (n) => n === 0,
  );
  const [{ postings }] = await t.ds.query(`SELECT count(*)::int AS postings FROM ledger_posting WHERE ref_type = 'order' AND ref_id = $1`, [order.id]);
  expect(postings).toBe(1);
}, 90_000);

test('refund notify: every forgery is refused with {code: FAIL} and leaves no trace; the genuine one is applied', async () => {
  const order = await prepaidOrder();
  await t.control('POST', '/__sandbox__/payments/complete', { out_trade_no: order.outTradeNo, result: 'SUCCESS' });
  await until(
    'paid',
    async () => (await t.ds.query('SELECT status FROM "order" WHERE id = $1', [order.id]))[0].status,
    (s) => s === 'paid',
  );
  await t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: false });
  try {
    const req = await t.request('POST', `/orders/${order.id}/refunds`, { token: buyer.token, body: { reason: '伪造测试' } });
    expect(req.status).toBe(201);
    const approved = await t.request('POST', `/merchant/refunds/${req.body.id}/approve`, {
      token: tenant.owner.token,
      headers: { 'x-merchant-id': String(tenant.merchantId) },
    });
    expect(approved.body.status).toBe('processing');
    await t.control('POST', '/__sandbox__/notifications/hold', { enabled: true });
    try {
      expect((await t.control('POST', `/__sandbox__/refunds/${req.body.outRefundNo}/result`, { status: 'SUCCESS' })).status).toBe(200);
      const resource = await heldResource('REFUND.SUCCESS', (r) => r.out_refund_no === req.body.outRefundNo);
      const before = await quietCounts();
      const list = forgeries('REFUND.SUCCESS', resource, 'refund', 'refund');
      await expectAllRefused('/api/v1/payments/wechat/refund-notify', list);
      expect(await tableCounts(t)).toEqual(before);
      const [refund] = await t.ds.query('SELECT status FROM refund WHERE id = $1', [req.body.id]);
      expect(refund.status).toBe('processing');
      expect((await t.ds.query('SELECT status, refunded_total FROM "order" WHERE id = $1', [order.id]))[0]).toEqual({ status: 'paid', refunded_total: 0 });

      const creds = t.sandbox!.credentials;
      const body = envelope('REFUND.SUCCESS', encryptResource(creds.apiV3Key, resource, 'refund', 'refund'));
      const good = await t.request('POST', '/api/v1/payments/wechat/refund-notify', { rawBody: body, headers: signedHeaders(creds, body) });
      expect(good.status).toBe(204);
      expect((await t.ds.query('SELECT status FROM refund WHERE id = $1', [req.body.id]))[0].status).toBe('succeeded');
    } finally {
      await t.control('POST', '/__sandbox__/notifications/release', {});
    }
  } finally {
    await t.control('POST', '/__sandbox__/refunds/auto-complete', { enabled: true });
  }
  const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM ledger_posting WHERE idempotency_key LIKE 'refund:%' AND ref_type = 'refund'`);
  expect(n).toBe(1);
}, 90_000);

test('the whole ledger still sums to zero', async () => {
  const [{ sum }] = await t.ds.query('SELECT COALESCE(sum(amount), 0)::bigint AS sum FROM ledger_entry');
  expect(sum).toBe(0);
});
