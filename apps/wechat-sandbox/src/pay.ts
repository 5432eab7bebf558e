import { X509Certificate } from 'node:crypto';
import { rfc3339 } from './clock.js';
import { isObj, isPosInt, isStr, json, noContent, v3Error, type Ctx, type Reply } from './http.js';
import { prepayId, transactionId } from './ids.js';
import type { Sandbox } from './sandbox.js';
import { encryptResource } from './signing.js';
import type { Transaction } from './state.js';

export const OUT_NO_RE = /^[0-9A-Za-z_\-|*@]{6,32}$/;

export function isNotifyUrl(v: unknown): v is string {
  if (typeof v !== 'string' || v.length > 256) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.search;
  } catch {
    return false;
  }
}

/** The transaction as WeChat returns it from queries and inside TRANSACTION.SUCCESS. */
export function transactionView(tx: Transaction): Record<string, unknown> {
  const base: Record<string, unknown> = {
    appid: tx.appid,
    mchid: tx.mchid,
    out_trade_no: tx.out_trade_no,
    trade_state: tx.trade_state,
    trade_state_desc: tradeStateDesc(tx),
  };
  if (tx.attach !== undefined) base.attach = tx.attach;
  if (!tx.transaction_id) {
    base.amount = { total: tx.total, currency: tx.currency, payer_currency: tx.currency };
    return base;
  }
  return {
    ...base,
    transaction_id: tx.transaction_id,
    trade_type: 'JSAPI',
    bank_type: 'OTHERS',
    success_time: tx.success_at !== undefined ? rfc3339(tx.success_at) : undefined,
    payer: { openid: tx.openid },
    amount: { total: tx.total, payer_total: tx.payer_total ?? tx.total, currency: tx.currency, payer_currency: tx.currency },
    promotion_detail: [],
  };
}

function tradeStateDesc(tx: Transaction): string {
  switch (tx.trade_state) {
    case 'SUCCESS':
      return '支付成功';
    case 'REFUND':
      return '转入退款';
    case 'CLOSED':
      return '已关闭';
    case 'PAYERROR':
      return '支付失败，请重新下单支付';
    case 'NOTPAY':
      return '订单未支付';
    default:
      return tx.trade_state_desc;
  }
}

function jsapiPrepay(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b)) return v3Error(400, 'PARAM_ERROR', '请求体不能为空');
  if (!isStr(b.appid, 32)) return v3Error(400, 'PARAM_ERROR', '输入源“/body/appid”映射到字段“公众号ID”必填性规则校验失败，此字段为必填项');
  if (!isStr(b.mchid, 32)) return v3Error(400, 'PARAM_ERROR', '输入源“/body/mchid”映射到字段“直连商户号”必填性规则校验失败，此字段为必填项');
  if (b.mchid !== sb.creds.mchid) return v3Error(400, 'PARAM_ERROR', 'mchid与请求头中的商户号不一致');
  if (b.appid !== sb.creds.appid) return v3Error(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
  if (!isStr(b.description, 127)) return v3Error(400, 'PARAM_ERROR', '输入源“/body/description”映射到字段“商品描述”必填性规则校验失败，此字段为必填项');
  if (typeof b.out_trade_no !== 'string' || !OUT_NO_RE.test(b.out_trade_no)) {
    return v3Error(400, 'PARAM_ERROR', '输入源“/body/out_trade_no”映射到字段“商户订单号”格式校验失败 (6-32 位字母、数字、_-|*)');
  }
  if (!isNotifyUrl(b.notify_url)) return v3Error(400, 'PARAM_ERROR', '输入源“/body/notify_url”映射到字段“通知地址”格式校验失败 (须为不带参数的URL)');
  if (!isObj(b.amount) || !isPosInt(b.amount.total))
    return v3Error(400, 'PARAM_ERROR', '输入源“/body/amount/total”映射到字段“总金额”必须为大于0的整数 (单位: 分)');
  if (b.amount.currency !== undefined && b.amount.currency !== 'CNY') return v3Error(400, 'PARAM_ERROR', '币种仅支持 CNY');
  if (!isObj(b.payer) || !isStr(b.payer.openid, 128))
    return v3Error(400, 'PARAM_ERROR', '输入源“/body/payer/openid”映射到字段“用户标识”必填性规则校验失败，此字段为必填项');
  if (b.attach !== undefined && (typeof b.attach !== 'string' || b.attach.length > 128)) return v3Error(400, 'PARAM_ERROR', 'attach 长度不能超过128');
  if (b.time_expire !== undefined && (typeof b.time_expire !== 'string' || Number.isNaN(Date.parse(b.time_expire)))) {
    return v3Error(400, 'PARAM_ERROR', 'time_expire 须为 RFC3339 格式');
  }
  const profitSharing = isObj(b.settle_info) && b.settle_info.profit_sharing === true;
  const fingerprint = JSON.stringify([b.appid, b.description, b.notify_url, b.amount.total, b.payer.openid, b.attach ?? null, profitSharing]);

  const existing = sb.state.transactions.get(b.out_trade_no);
  if (existing) {
    if (existing.trade_state === 'SUCCESS' || existing.trade_state === 'REFUND') return v3Error(400, 'ORDERPAID', '该订单已支付');
    if (existing.trade_state === 'CLOSED') return v3Error(400, 'ORDER_CLOSED', '订单已关闭');
    if (existing.fingerprint !== fingerprint) return v3Error(400, 'INVALID_REQUEST', '201 商户订单号重复 (同一 out_trade_no 的下单参数不一致)');
    return json(200, { prepay_id: existing.prepay_id });
  }
  const now = sb.clock.now();
  const tx: Transaction = {
    appid: b.appid,
    mchid: b.mchid,
    description: b.description,
    out_trade_no: b.out_trade_no,
    notify_url: b.notify_url,
    attach: b.attach,
    time_expire: b.time_expire,
    total: b.amount.total,
    currency: 'CNY',
    openid: b.payer.openid,
    profit_sharing: profitSharing,
    fingerprint,
    prepay_id: prepayId(now),
    prepay_at: now,
    trade_state: 'NOTPAY',
    trade_state_desc: '订单未支付',
  };
  sb.state.transactions.set(tx.out_trade_no, tx);
  return json(200, { prepay_id: tx.prepay_id });
}

function checkMchidQuery(sb: Sandbox, ctx: Ctx): Reply | null {
  const mchid = ctx.query.get('mchid');
  if (!mchid) return v3Error(400, 'PARAM_ERROR', '输入源“/query/mchid”映射到字段“直连商户号”必填性规则校验失败，此字段为必填项');
  if (mchid !== sb.creds.mchid) return v3Error(400, 'PARAM_ERROR', 'mchid与请求头中的商户号不一致');
  return null;
}

function queryByOutTradeNo(sb: Sandbox, ctx: Ctx): Reply {
  const bad = checkMchidQuery(sb, ctx);
  if (bad) return bad;
  const tx = sb.state.transactions.get(ctx.params.no);
  if (!tx) return v3Error(404, 'ORDER_NOT_EXIST', '订单不存在');
  return json(200, transactionView(tx));
}

function queryById(sb: Sandbox, ctx: Ctx): Reply {
  const bad = checkMchidQuery(sb, ctx);
  if (bad) return bad;
  const tx = sb.state.txById(ctx.params.id);
  if (!tx) return v3Error(404, 'ORDER_NOT_EXIST', '订单不存在');
  return json(200, transactionView(tx));
}

function closeOrder(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b) || !isStr(b.mchid)) return v3Error(400, 'PARAM_ERROR', '输入源“/body/mchid”映射到字段“直连商户号”必填性规则校验失败，此字段为必填项');
  if (b.mchid !== sb.creds.mchid) return v3Error(400, 'PARAM_ERROR', 'mchid与请求头中的商户号不一致');
  const tx = sb.state.transactions.get(ctx.params.no);
  if (!tx) return v3Error(404, 'ORDER_NOT_EXIST', '订单不存在');
  if (tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND') return v3Error(400, 'ORDERPAID', '订单已支付，不能关单');
  if (tx.trade_state !== 'CLOSED') {
    tx.trade_state = 'CLOSED';
    tx.closed_at = sb.clock.now();
  }
  return noContent();
}

function certificates(sb: Sandbox): Reply {
  const pem = sb.creds.platformCertificatePem;
  const x = new X509Certificate(pem);
  return json(200, {
    data: [
      {
        serial_no: sb.creds.platformSerialNo,
        effective_time: rfc3339(Date.parse(x.validFrom)),
        expire_time: rfc3339(Date.parse(x.validTo)),
        encrypt_certificate: encryptResource(sb.creds.apiV3Key, pem, 'certificate'),
      },
    ],
  });
}

export type PaymentResult = 'SUCCESS' | 'USER_CANCELLED' | 'PAYERROR';

/** The user pays (or gives up) in the cashier. SUCCESS sends TRANSACTION.SUCCESS to the order's notify_url. */
export function completePayment(sb: Sandbox, tx: Transaction, result: PaymentResult, payerTotal?: number): { ok: true } | { ok: false; error: string } {
  if (tx.trade_state !== 'NOTPAY' && tx.trade_state !== 'PAYERROR') return { ok: false, error: `order is ${tx.trade_state}, cannot pay` };
  if (result === 'USER_CANCELLED') return { ok: true }; // WeChat keeps the order NOTPAY and sends nothing
  if (result === 'PAYERROR') {
    tx.trade_state = 'PAYERROR';
    return { ok: true };
  }
  if (payerTotal !== undefined && (!Number.isInteger(payerTotal) || payerTotal < 0 || payerTotal > tx.total)) {
    return { ok: false, error: 'payer_total must be an integer between 0 and amount.total' };
  }
  const now = sb.clock.now();
  tx.trade_state = 'SUCCESS';
  tx.transaction_id = transactionId(now);
  tx.success_at = now;
  tx.payer_total = payerTotal ?? tx.total;
  sb.notifier.send({
    url: tx.notify_url,
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    original_type: 'transaction',
    associated_data: 'transaction',
    resource: transactionView(tx),
    createdAtMs: now,
  });
  return { ok: true };
}

export function registerPay(sb: Sandbox): void {
  const r = sb.router;
  r.add('GET', '/v3/certificates', 'v3', () => certificates(sb));
  r.add('POST', '/v3/pay/transactions/jsapi', 'v3', (c) => jsapiPrepay(sb, c));
  r.add('GET', '/v3/pay/transactions/out-trade-no/:no', 'v3', (c) => queryByOutTradeNo(sb, c));
  r.add('GET', '/v3/pay/transactions/id/:id', 'v3', (c) => queryById(sb, c));
  r.add('POST', '/v3/pay/transactions/out-trade-no/:no/close', 'v3', (c) => closeOrder(sb, c));
}
