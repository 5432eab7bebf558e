import { RETRY_DELAYS_S } from './notifier.js';
import type { RunningSandbox } from './types.js';
import { control, decrypt, pay, prepay, Receiver, start, waitFor } from './testing/helpers.js';
import { sandboxPerFile } from './testing/sandbox-per-file.js';

let sb: RunningSandbox;
let rx: Receiver;
sandboxPerFile((s, r) => ([sb, rx] = [s, r]), { notifyTimeScale: 0.001 });

describe('notify retries', () => {
  it("uses WeChat's schedule", () => {
    expect(RETRY_DELAYS_S).toEqual([15, 15, 30, 180, 600, 1200, 1800, 1800, 1800, 3600, 10800, 10800, 10800, 21600, 21600]);
    expect(RETRY_DELAYS_S.reduce((a, b) => a + b, 0)).toBe(24 * 3600 + 4 * 60);
  });

  it('retries non-2xx answers on the scaled schedule until 200/204, then stops', async () => {
    const answers = [500, 404, 202, 503, 204];
    rx.respond = (n) => answers[n - 1] ?? 200;
    const { out_trade_no } = await prepay(sb, rx.url);
    await pay(sb, out_trade_no);
    await waitFor(() => rx.received.length >= 5, 5000);
    const t = rx.received.map((r) => r.at);
    const gaps = t.slice(1).map((x, i) => x - t[i]);
    // 15 s, 15 s, 30 s, 180 s scaled by 0.001 (timer granularity allows a little slack below)
    expect(gaps[0]).toBeGreaterThanOrEqual(13);
    expect(gaps[1]).toBeGreaterThanOrEqual(13);
    expect(gaps[2]).toBeGreaterThanOrEqual(28);
    expect(gaps[3]).toBeGreaterThanOrEqual(175);
    expect(gaps[3]).toBeGreaterThan(gaps[2]);
    // same notification id every time, each attempt freshly signed and verifiable
    expect(new Set(rx.received.map((r) => r.json.id)).size).toBe(1);
    for (const r of rx.received) expect(rx.verify(sb.credentials, r).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 700)); // the next retry would have been 600 ms later
    expect(rx.received).toHaveLength(5);
    const log = (await control(sb, 'GET', '/deliveries')).json;
    expect(log.map((d: { attempt: number; status: number }) => [d.attempt, d.status])).toEqual([
      [1, 500],
      [2, 404],
      [3, 202],
      [4, 503],
      [5, 204],
    ]);
    const n = (await control(sb, 'GET', '/notifications')).json[0];
    expect(n).toMatchObject({ state: 'delivered', attempts: 5 });
  });

  it('gives up after the 15 retries (16 attempts) and records connection failures', async () => {
    const fast = await start({ notifyTimeScale: 0.00001 });
    try {
      rx.respond = () => 500;
      const { out_trade_no } = await prepay(fast, rx.url);
      await pay(fast, out_trade_no);
      await waitFor(() => rx.received.length >= 16, 8000);
      await new Promise((r) => setTimeout(r, 300));
      expect(rx.received).toHaveLength(16);
      const n = (await control(fast, 'GET', '/notifications')).json[0];
      expect(n).toMatchObject({ state: 'failed', attempts: 16 });

      // an unreachable notify_url is logged as an error, not a crash
      const dead = await prepay(fast, 'http://127.0.0.1:9/notify');
      await pay(fast, dead.out_trade_no);
      await new Promise((r) => setTimeout(r, 200));
      const d = (await control(fast, 'GET', '/deliveries')).json.filter((x: { url: string }) => x.url.includes(':9/'));
      expect(d.length).toBeGreaterThan(0);
      expect(d[0].status).toBeNull();
      expect(d[0].error).toBeTruthy();
    } finally {
      await fast.close();
    }
  });
});

describe('duplicates, replays and out-of-order delivery', () => {
  it('duplicate sends identical copies; replay re-sends a delivered notification', async () => {
    const { out_trade_no } = await prepay(sb, rx.url);
    const { notification_id } = await pay(sb, out_trade_no);
    await waitFor(() => rx.received[0]);
    const dup = await control(sb, 'POST', `/notifications/${notification_id}/duplicate`, { times: 2 });
    expect(dup.json).toHaveLength(2);
    expect(rx.received).toHaveLength(3);
    const rep = await control(sb, 'POST', `/notifications/${notification_id}/replay`);
    expect(rep.json).toMatchObject({ kind: 'replay', status: 200 });
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => r.body)).size).toBe(1); // byte-identical bodies
    expect(new Set(rx.received.map((r) => r.headers['wechatpay-nonce'])).size).toBe(4); // but each freshly signed
    expect(new Set(rx.received.map((r) => r.headers['wechatpay-signature-type']))).toEqual(new Set(['WECHATPAY2-SHA256-RSA2048']));
    expect((await control(sb, 'POST', '/notifications/nope/replay')).status).toBe(404);
  });

  it('hold + release reverse delivers notifications out of order', async () => {
    await control(sb, 'POST', '/notifications/hold', { enabled: true });
    const a = await prepay(sb, rx.url);
    const b = await prepay(sb, rx.url);
    await pay(sb, a.out_trade_no);
    await pay(sb, b.out_trade_no);
    await new Promise((r) => setTimeout(r, 50));
    expect(rx.received).toHaveLength(0);
    const rel = await control(sb, 'POST', '/notifications/release', { order: 'reverse' });
    expect(rel.json.released).toHaveLength(2);
    expect(rx.received).toHaveLength(2);
    const order = rx.received.map((r) => JSON.parse(decrypt(sb.credentials.apiV3Key, r.json.resource)).out_trade_no);
    expect(order).toEqual([b.out_trade_no, a.out_trade_no]);
    // hold is off again: the next notify goes straight out
    const c = await prepay(sb, rx.url);
    await pay(sb, c.out_trade_no);
    await waitFor(() => rx.received.length === 3);
  });

  it('release fifo keeps the original order', async () => {
    await control(sb, 'POST', '/notifications/hold', { enabled: true });
    const a = await prepay(sb, rx.url);
    const b = await prepay(sb, rx.url);
    await pay(sb, a.out_trade_no);
    await pay(sb, b.out_trade_no);
    await control(sb, 'POST', '/notifications/release', { order: 'fifo' });
    const order = rx.received.map((r) => JSON.parse(decrypt(sb.credentials.apiV3Key, r.json.resource)).out_trade_no);
    expect(order).toEqual([a.out_trade_no, b.out_trade_no]);
  });
});
