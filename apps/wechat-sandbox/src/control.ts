import { rfc3339 } from './clock.js';
import type { FaultMode } from './faults.js';
import { isObj, json, type Ctx, type Reply } from './http.js';
import { registerBillFixture } from './bills.js';
import { issueLoginCode } from './miniprogram.js';
import { personasRoute } from './personas.js';
import { PS_FAIL_REASONS } from './profitsharing.js';
import { completePayment, transactionView, type PaymentResult } from './pay.js';
import { refundView, setRefundResult } from './refunds.js';
import type { Sandbox } from './sandbox.js';
import type { RefundStatus } from './state.js';
import { confirmTransfer, expireTransfers, rejectTransfer, transferView } from './transfers.js';

const bad = (error: string, status = 400): Reply => json(status, { error });
const body = (ctx: Ctx): Record<string, any> => (isObj(ctx.body) ? ctx.body : {});

function completePaymentRoute(sb: Sandbox, ctx: Ctx): Reply {
  const b = body(ctx);
  const tx =
    typeof b.out_trade_no === 'string'
      ? sb.state.transactions.get(b.out_trade_no)
      : typeof b.prepay_id === 'string'
        ? sb.state.txByPrepay(b.prepay_id)
        : undefined;
  if (!tx) return bad('no such order: pass out_trade_no or prepay_id of a prepaid order', 404);
  const result = (b.result ?? 'SUCCESS') as PaymentResult;
  if (!['SUCCESS', 'USER_CANCELLED', 'PAYERROR'].includes(result)) return bad('result must be SUCCESS, USER_CANCELLED or PAYERROR');
  const r = completePayment(sb, tx, result, b.payer_total);
  if (!r.ok) return bad(r.error, 409);
  const notification = [...sb.notifier.notifications.values()]
    .reverse()
    .find((n) => (n.resource as { out_trade_no?: string }).out_trade_no === tx.out_trade_no && n.event_type === 'TRANSACTION.SUCCESS');
  return json(200, { transaction: transactionView(tx), notification_id: result === 'SUCCESS' ? notification?.id : undefined });
}

function faultsRoute(sb: Sandbox, ctx: Ctx): Reply {
  const b = body(ctx);
  if (typeof b.endpoint !== 'string' || !b.endpoint.trim()) return bad("endpoint is required, e.g. 'POST /v3/pay/transactions/jsapi'");
  const mode = b.mode as FaultMode;
  if (!['fail', 'timeout', 'error500'].includes(mode)) return bad('mode must be fail, timeout or error500');
  const count = b.count === undefined ? 1 : Number(b.count);
  if (!Number.isInteger(count) || count < 1) return bad('count must be a positive integer');
  const delayMs = b.delayMs === undefined ? 30_000 : Number(b.delayMs);
  const fault = sb.faults.add(b.endpoint, mode, count, delayMs, b.applied !== false);
  return json(201, fault);
}

export function registerControl(sb: Sandbox): void {
  const r = sb.router;
  const P = '/__sandbox__';
  const add = (method: string, path: string, h: (ctx: Ctx) => Reply | Promise<Reply>): void => r.add(method, P + path, 'control', h);

  add('POST', '/users/:name/login-code', (c) => json(200, issueLoginCode(sb, c.params.name)));
  add('GET', '/users', () => json(200, [...sb.state.users.values()]));
  // one named person per role (buyer, distributor, merchant, platform admin): the H5 login picker's list
  add('GET', '/personas', () => personasRoute(sb));

  add('POST', '/payments/complete', (c) => completePaymentRoute(sb, c));
  add('GET', '/payments/:prepay_id', (c) => {
    const tx = sb.state.txByPrepay(c.params.prepay_id);
    return tx ? json(200, { ...transactionView(tx), description: tx.description, prepay_id: tx.prepay_id }) : bad('no such prepay_id', 404);
  });

  add('POST', '/refunds/auto-complete', (c) => {
    sb.state.refundAutoComplete = body(c).enabled !== false;
    return json(200, { enabled: sb.state.refundAutoComplete });
  });
  add('POST', '/refunds/:out_refund_no/result', (c) => {
    const refund = sb.state.refunds.get(c.params.out_refund_no);
    if (!refund) return bad('no such refund', 404);
    const res = setRefundResult(sb, refund, body(c).status as RefundStatus);
    return res.ok ? json(200, refundView(refund)) : bad(res.error, 409);
  });

  add('POST', '/transfers/:out_bill_no/confirm', (c) => {
    const t = sb.state.transfers.get(c.params.out_bill_no);
    if (!t) return bad('no such transfer bill', 404);
    const res = confirmTransfer(sb, t);
    return res.ok ? json(200, transferView(t)) : bad(res.error, 409);
  });
  add('POST', '/transfers/:out_bill_no/reject', (c) => {
    const t = sb.state.transfers.get(c.params.out_bill_no);
    if (!t) return bad('no such transfer bill', 404);
    const reason = body(c).fail_reason;
    const res = rejectTransfer(sb, t, typeof reason === 'string' && reason ? reason : undefined);
    return res.ok ? json(200, transferView(t)) : bad(res.error, 409);
  });

  add('GET', '/notifications', () =>
    json(
      200,
      [...sb.notifier.notifications.values()].map(({ body: _b, ...n }) => n),
    ),
  );
  add('POST', '/notifications/hold', (c) => {
    sb.notifier.setHold(body(c).enabled !== false);
    return json(200, { hold: sb.notifier.hold, held: sb.notifier.heldIds });
  });
  add('POST', '/notifications/release', async (c) => {
    const order = body(c).order === 'reverse' ? 'reverse' : 'fifo';
    const released = await sb.notifier.release(order);
    return json(200, { order, released });
  });
  add('POST', '/notifications/:id/replay', async (c) => {
    const d = await sb.notifier.replay(c.params.id);
    return d ? json(200, d) : bad('no such notification', 404);
  });
  add('POST', '/notifications/:id/duplicate', async (c) => {
    const times = body(c).times === undefined ? 1 : Number(body(c).times);
    if (!Number.isInteger(times) || times < 1 || times > 100) return bad('times must be an integer 1..100');
    const d = await sb.notifier.duplicate(c.params.id, times);
    return d ? json(200, d) : bad('no such notification', 404);
  });
  add('GET', '/deliveries', (c) => {
    const since = Number(c.query.get('since') ?? 0);
    return json(
      200,
      sb.notifier.deliveries.filter((d) => d.id > since),
    );
  });

  add('POST', '/faults', (c) => faultsRoute(sb, c));
  add('POST', '/bills/file', (c) => {
    const b = body(c);
    if (typeof b.path !== 'string' || !b.path) return bad('path is required: a trade bill file (CSV or gzip) on this machine');
    return registerBillFixture(sb, String(b.bill_date ?? ''), String(b.bill_type ?? 'ALL'), b.path);
  });
  // the next `count` profit sharing receivers (of `account`, or any) end CLOSED with `fail_reason`
  add('POST', '/profit-sharing/fail-next', (c) => {
    const b = body(c);
    const failReason = b.fail_reason ?? 'ACCOUNT_ABNORMAL';
    if (!PS_FAIL_REASONS.includes(failReason)) return bad(`fail_reason must be one of ${PS_FAIL_REASONS.join(', ')}`);
    const count = b.count === undefined ? 1 : Number(b.count);
    if (!Number.isInteger(count) || count < 1) return bad('count must be a positive integer');
    if (b.account !== undefined && (typeof b.account !== 'string' || !b.account)) return bad('account must be a non-empty string');
    sb.state.psFailNext.push({ account: b.account, failReason, remaining: count });
    return json(201, { account: b.account ?? null, fail_reason: failReason, count });
  });
  add('GET', '/faults', () => json(200, sb.faults.list));
  add('DELETE', '/faults', () => {
    sb.faults.clear();
    return json(200, { cleared: true });
  });

  add('GET', '/calls', () => json(200, sb.calls));
  add('GET', '/messages', () => json(200, sb.state.messages));
  add('GET', '/state', () =>
    json(200, {
      // the WeChat view plus what only the sandbox knows: whether the payment was made for profit sharing
      transactions: [...sb.state.transactions.values()].map((tx) => ({ ...transactionView(tx), profit_sharing: tx.profit_sharing })),
      refunds: [...sb.state.refunds.values()].map(refundView),
      transfers: [...sb.state.transfers.values()].map(transferView),
      profit_sharing_orders: [...sb.state.psOrders.values()],
    }),
  );

  add('POST', '/signing-mode', (c) => {
    const mode = body(c).mode;
    if (mode !== 'certificate' && mode !== 'publicKey') return bad("mode must be 'certificate' or 'publicKey'");
    sb.signingMode = mode;
    return json(200, { mode, serial: mode === 'certificate' ? sb.creds.platformSerialNo : sb.creds.publicKeyId });
  });
  add('GET', '/signing-mode', () => json(200, { mode: sb.signingMode }));

  add('GET', '/pages', () => json(200, { pages: sb.pages }));
  add('PUT', '/pages', (c) => {
    const pages = body(c).pages;
    if (!Array.isArray(pages) || !pages.every((p) => typeof p === 'string' && p && !p.startsWith('/'))) {
      return bad('pages must be an array of page paths without a leading slash, e.g. pages/shop/index');
    }
    sb.pages = [...pages];
    return json(200, { pages: sb.pages });
  });

  const clockView = (): Reply => json(200, { now: rfc3339(sb.clock.now()), offsetSeconds: sb.clock.offsetSeconds });
  add('GET', '/clock', clockView);
  add('POST', '/clock', (c) => {
    const b = body(c);
    if (typeof b.set === 'string') {
      const ms = Date.parse(b.set);
      if (Number.isNaN(ms)) return bad('set must be an ISO 8601 / RFC 3339 time');
      sb.clock.set(ms);
    } else if (typeof b.advanceSeconds === 'number' && Number.isFinite(b.advanceSeconds)) {
      sb.clock.advance(b.advanceSeconds);
    } else if (b.reset === true) {
      sb.clock.reset();
    } else {
      return bad('pass {advanceSeconds: number} or {set: "2026-01-10T23:59:59+08:00"} or {reset: true}');
    }
    expireTransfers(sb);
    return clockView();
  });

  add('POST', '/reset', () => {
    sb.reset();
    return json(200, { reset: true });
  });
  add('GET', '/credentials', () => json(200, sb.creds));
}
