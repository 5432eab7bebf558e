import { rfc3339 } from './clock.js';
import { isObj, isPosInt, json, v3Error, type Ctx, type Reply } from './http.js';
import { refundId } from './ids.js';
import { isNotifyUrl } from './pay.js';
import type { Sandbox } from './sandbox.js';
import type { Refund, RefundStatus, Transaction } from './state.js';

/** Without a control-API decision, a PROCESSING refund succeeds after this many (scaled) seconds. */
export const REFUND_AUTO_SUCCESS_S = 60;
const OUT_REFUND_NO_RE = /^[0-9A-Za-z_\-|*@]{1,64}$/;

export function refundView(r: Refund): Record<string, unknown> {
  return {
    refund_id: r.refund_id,
    out_refund_no: r.out_refund_no,
    transaction_id: r.transaction_id,
    out_trade_no: r.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    success_time: r.success_at !== undefined ? rfc3339(r.success_at) : undefined,
    create_time: rfc3339(r.created_at),
    status: r.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: r.total,
      refund: r.refund,
      from: [],
      payer_total: r.payer_total,
      payer_refund: r.payer_refund,
      settlement_refund: r.refund,
      settlement_total: r.total,
      discount_refund: r.refund - r.payer_refund,
      currency: r.currency,
      refund_fee: 0,
    },
    promotion_detail: [],
  };
}

/** Sum of refunds that still hold money (everything except CLOSED). */
export function refundedSoFar(sb: Sandbox, tx: Transaction): number {
  let sum = 0;
  for (const r of sb.state.refunds.values()) if (r.out_trade_no === tx.out_trade_no && r.status !== 'CLOSED') sum += r.refund;
  return sum;
}

function createRefund(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b)) return v3Error(400, 'PARAM_ERROR', '请求体不能为空');
  if (typeof b.out_refund_no !== 'string' || !OUT_REFUND_NO_RE.test(b.out_refund_no)) {
    return v3Error(400, 'PARAM_ERROR', '输入源“/body/out_refund_no”映射到字段“商户退款单号”必填性规则校验失败，此字段为必填项');
  }
  if (b.notify_url !== undefined && !isNotifyUrl(b.notify_url)) return v3Error(400, 'PARAM_ERROR', 'notify_url 格式不正确');
  if (!isObj(b.amount) || !isPosInt(b.amount.refund) || !isPosInt(b.amount.total)) {
    return v3Error(400, 'PARAM_ERROR', 'amount.refund 与 amount.total 须为大于0的整数 (单位: 分)');
  }
  if (b.amount.currency !== 'CNY') return v3Error(400, 'PARAM_ERROR', '输入源“/body/amount/currency”映射到字段“退款币种”必填性规则校验失败，仅支持 CNY');
  if (b.transaction_id === undefined && b.out_trade_no === undefined) return v3Error(400, 'PARAM_ERROR', 'transaction_id 与 out_trade_no 必须二选一');
  const tx = typeof b.transaction_id === 'string' ? sb.state.txById(b.transaction_id) : sb.state.transactions.get(String(b.out_trade_no));
  if (!tx || !tx.transaction_id) return v3Error(404, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付');
  const fingerprint = JSON.stringify([tx.out_trade_no, b.amount.refund, b.amount.total]);
  const existing = sb.state.refunds.get(b.out_refund_no);
  if (existing) {
    if (existing.fingerprint !== fingerprint) return v3Error(400, 'INVALID_REQUEST', '订单金额或退款金额与之前请求不一致，请核实后再试');
    return json(200, refundView(existing));
  }
  if (b.amount.total !== tx.total) return v3Error(400, 'PARAM_ERROR', '订单金额与原订单金额不一致');
  const refundable = tx.total - refundedSoFar(sb, tx);
  if (refundable <= 0) return v3Error(400, 'INVALID_REQUEST', '订单已全额退款');
  if (b.amount.refund > refundable) return v3Error(400, 'INVALID_REQUEST', `申请退款金额超过订单可退金额 (可退 ${refundable} 分)`);
  const now = sb.clock.now();
  const payerTotal = tx.payer_total ?? tx.total;
  const refund: Refund = {
    refund_id: refundId(now),
    out_refund_no: b.out_refund_no,
    out_trade_no: tx.out_trade_no,
    transaction_id: tx.transaction_id,
    reason: typeof b.reason === 'string' ? b.reason : undefined,
    notify_url: b.notify_url,
    refund: b.amount.refund,
    total: tx.total,
    payer_total: payerTotal,
    payer_refund: Math.floor((b.amount.refund * payerTotal) / tx.total),
    currency: 'CNY',
    status: 'PROCESSING',
    created_at: now,
    fingerprint,
  };
  sb.state.refunds.set(refund.out_refund_no, refund);
  tx.trade_state = 'REFUND';
  if (sb.state.refundAutoComplete) {
    sb.scheduler.afterScaled(REFUND_AUTO_SUCCESS_S, () => {
      if (sb.state.refunds.get(refund.out_refund_no) === refund && refund.status === 'PROCESSING') setRefundResult(sb, refund, 'SUCCESS');
    });
  }
  return json(200, refundView(refund));
}

const EVENTS: Record<Exclude<RefundStatus, 'PROCESSING'>, [string, string]> = {
  SUCCESS: ['REFUND.SUCCESS', '退款成功'],
  ABNORMAL: ['REFUND.ABNORMAL', '退款异常'],
  CLOSED: ['REFUND.CLOSED', '退款关闭'],
};

/** Move a refund to its (next) result and notify. PROCESSING or ABNORMAL refunds only. */
export function setRefundResult(sb: Sandbox, r: Refund, status: RefundStatus): { ok: true } | { ok: false; error: string } {
  if (status === 'PROCESSING' || !(status in EVENTS)) return { ok: false, error: 'status must be SUCCESS, ABNORMAL or CLOSED' };
  if (r.status !== 'PROCESSING' && r.status !== 'ABNORMAL') return { ok: false, error: `refund is already ${r.status}` };
  if (r.status === status) return { ok: false, error: `refund is already ${r.status}` };
  const now = sb.clock.now();
  r.status = status;
  if (status === 'SUCCESS') r.success_at = now;
  if (r.notify_url) {
    const [event, summary] = EVENTS[status];
    sb.notifier.send({
      url: r.notify_url,
      event_type: event,
      summary,
      original_type: 'refund',
      associated_data: 'refund',
      resource: {
        mchid: sb.creds.mchid,
        out_trade_no: r.out_trade_no,
        transaction_id: r.transaction_id,
        out_refund_no: r.out_refund_no,
        refund_id: r.refund_id,
        refund_status: r.status,
        success_time: r.success_at !== undefined ? rfc3339(r.success_at) : undefined,
        user_received_account: '支付用户零钱',
        amount: { total: r.total, refund: r.refund, payer_total: r.payer_total, payer_refund: r.payer_refund },
      },
      createdAtMs: now,
    });
  }
  return { ok: true };
}

function queryRefund(sb: Sandbox, ctx: Ctx): Reply {
  const r = sb.state.refunds.get(ctx.params.no);
  if (!r) return v3Error(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
  return json(200, refundView(r));
}

export function registerRefunds(sb: Sandbox): void {
  sb.router.add('POST', '/v3/refund/domestic/refunds', 'v3', (c) => createRefund(sb, c));
  sb.router.add('GET', '/v3/refund/domestic/refunds/:no', 'v3', (c) => queryRefund(sb, c));
}
