import { rfc3339 } from './clock.js';
import { isObj, isPosInt, isStr, json, v3Error, type Ctx, type Reply } from './http.js';
import { randomDigits } from './ids.js';
import type { Sandbox } from './sandbox.js';
import type { ProfitSharingOrder, ProfitSharingReceiver, Transaction } from './state.js';

/** Profit sharing results arrive asynchronously: PROCESSING -> FINISHED after this many (scaled) seconds. */
export const PS_SETTLE_S = 60;
/**
 * A payment made for profit sharing stays frozen this long at most (普通商户分账订单默认冻结期是30天): then
 * WeChat releases whatever was not shared by itself, and nothing can be shared or unfrozen any more.
 */
export const PS_FREEZE_DAYS = 30;
const OUT_ORDER_NO_RE = /^[0-9A-Za-z_\-|*@]{1,64}$/;

const receiverKey = (type: string, account: string): string => `${type}:${account}`;

/** WeChat's receiver failure reasons (查询分账结果 fail_reason). */
export const PS_FAIL_REASONS = [
  'ACCOUNT_ABNORMAL',
  'NO_RELATION',
  'RECEIVER_HIGH_RISK',
  'RECEIVER_REAL_NAME_NOT_VERIFIED',
  'NO_AUTH',
  'RECEIVER_RECEIPT_LIMIT',
  'PAYER_ACCOUNT_ABNORMAL',
  'INVALID_REQUEST',
];

/**
 * What share orders took from the transaction so far. A receiver that ended CLOSED took nothing: its amount
 * goes back to the payer's frozen, still shareable funds (WeChat's 分账失败处理指引 has merchants share again
 * once the cause is fixed), so it does not count against the ratio cap either.
 */
function sharedSoFar(sb: Sandbox, tx: Transaction): number {
  let sum = 0;
  for (const o of sb.state.psOrders.values()) {
    if (o.transaction_id !== tx.transaction_id || o.kind === 'unfreeze') continue;
    for (const r of o.receivers) if (r.result !== 'CLOSED') sum += r.amount;
  }
  return sum;
}

/** Refunds are paid out of the frozen funds first (分账前退款从冻结资金出款). */
function refundedSoFar(sb: Sandbox, tx: Transaction): number {
  let sum = 0;
  for (const r of sb.state.refunds.values()) if (r.out_trade_no === tx.out_trade_no && r.status !== 'CLOSED' && r.status !== 'ABNORMAL') sum += r.refund;
  return sum;
}

/** Released already: by an unfreeze (or a share with unfreeze_unsplit), or by WeChat at the end of the freeze period. */
function unfrozen(sb: Sandbox, tx: Transaction): boolean {
  if (tx.success_at !== undefined && sb.clock.now() >= tx.success_at + PS_FREEZE_DAYS * 24 * 3600_000) return true;
  for (const o of sb.state.psOrders.values()) if (o.transaction_id === tx.transaction_id && o.unfreeze) return true;
  return false;
}

function orderView(o: ProfitSharingOrder): Record<string, unknown> {
  return { transaction_id: o.transaction_id, out_order_no: o.out_order_no, order_id: o.order_id, state: o.state, receivers: o.receivers };
}

function settleLater(sb: Sandbox, o: ProfitSharingOrder): void {
  sb.scheduler.afterScaled(PS_SETTLE_S, () => {
    if (sb.state.psOrders.get(o.out_order_no) !== o) return;
    const finish = rfc3339(sb.clock.now());
    for (const r of o.receivers) {
      if (r.result !== 'PENDING') continue;
      const fail = o.kind === 'unfreeze' ? undefined : sb.state.psFailNext.find((f) => f.remaining > 0 && (f.account === undefined || f.account === r.account));
      if (fail) {
        fail.remaining -= 1;
        Object.assign(r, { result: 'CLOSED', fail_reason: fail.failReason, finish_time: finish });
      } else {
        Object.assign(r, { result: 'SUCCESS', finish_time: finish });
      }
    }
    sb.state.psFailNext = sb.state.psFailNext.filter((f) => f.remaining > 0);
    o.state = 'FINISHED';
  });
}

function addReceiver(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b) || b.appid !== sb.creds.appid) return v3Error(400, 'PARAM_ERROR', 'appid 必填且须与商户号绑定');
  if (b.type !== 'MERCHANT_ID' && b.type !== 'PERSONAL_OPENID') return v3Error(400, 'PARAM_ERROR', 'type 须为 MERCHANT_ID 或 PERSONAL_OPENID');
  if (!isStr(b.account, 64)) return v3Error(400, 'PARAM_ERROR', 'account 必填');
  if (b.type === 'MERCHANT_ID' && !isStr(b.name)) return v3Error(400, 'PARAM_ERROR', '接收方类型为MERCHANT_ID时，name 必填');
  if (!isStr(b.relation_type, 32)) return v3Error(400, 'PARAM_ERROR', 'relation_type 必填 (如 DISTRIBUTOR)');
  if (b.relation_type === 'CUSTOM' && !isStr(b.custom_relation, 10)) return v3Error(400, 'PARAM_ERROR', 'relation_type 为 CUSTOM 时 custom_relation 必填');
  const r: ProfitSharingReceiver = { type: b.type, account: b.account, name: b.name, relation_type: b.relation_type, custom_relation: b.custom_relation };
  sb.state.psReceivers.set(receiverKey(r.type, r.account), r);
  return json(200, r);
}

function deleteReceiver(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b) || b.appid !== sb.creds.appid || !isStr(b.type) || !isStr(b.account)) return v3Error(400, 'PARAM_ERROR', 'appid、type、account 必填');
  sb.state.psReceivers.delete(receiverKey(b.type, b.account));
  return json(200, { type: b.type, account: b.account });
}

function createOrder(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b) || b.appid !== sb.creds.appid) return v3Error(400, 'PARAM_ERROR', 'appid 必填且须与商户号绑定');
  if (!isStr(b.transaction_id, 32)) return v3Error(400, 'PARAM_ERROR', 'transaction_id 必填');
  if (typeof b.out_order_no !== 'string' || !OUT_ORDER_NO_RE.test(b.out_order_no)) return v3Error(400, 'PARAM_ERROR', 'out_order_no 必填');
  if (typeof b.unfreeze_unsplit !== 'boolean') return v3Error(400, 'PARAM_ERROR', 'unfreeze_unsplit 必填');
  const receivers = b.receivers;
  if (!Array.isArray(receivers) || !receivers.length || receivers.length > 50) return v3Error(400, 'PARAM_ERROR', 'receivers 须为1-50个分账接收方');
  for (const r of receivers) {
    if (!isObj(r) || !isStr(r.type) || !isStr(r.account) || !isPosInt(r.amount) || !isStr(r.description, 80)) {
      return v3Error(400, 'PARAM_ERROR', '分账接收方须包含 type、account、amount(正整数, 分)、description');
    }
  }
  const existing = sb.state.psOrders.get(b.out_order_no);
  if (existing) {
    if (existing.transaction_id !== b.transaction_id) return v3Error(400, 'INVALID_REQUEST', '商户分账单号已被其他订单使用');
    if (existing.kind === 'unfreeze') return v3Error(400, 'PARAM_ERROR', '分账接收方与原请求不一致');
    return json(200, orderView(existing));
  }
  const tx = sb.state.txById(b.transaction_id);
  if (!tx || (tx.trade_state !== 'SUCCESS' && tx.trade_state !== 'REFUND')) return v3Error(404, 'RESOURCE_NOT_EXISTS', '订单不存在或未支付成功');
  if (!tx.profit_sharing) return v3Error(400, 'INVALID_REQUEST', '该笔订单不支持分账 (下单时须传 settle_info.profit_sharing=true)');
  if (unfrozen(sb, tx)) return v3Error(400, 'INVALID_REQUEST', '订单剩余待分金额已解冻，无法继续分账');
  for (const r of receivers) {
    if (!sb.state.psReceivers.has(receiverKey(r.type, r.account)))
      return v3Error(400, 'INVALID_REQUEST', `分账接收方 ${r.account} 未添加，请先调用添加分账接收方接口`);
  }
  const amount = receivers.reduce((s: number, r: { amount: number }) => s + r.amount, 0);
  const cap = Math.floor(tx.total * sb.state.psMaxRatio);
  const already = sharedSoFar(sb, tx);
  if (already + amount > cap) {
    return v3Error(400, 'INVALID_REQUEST', `分账金额超出最大分账比例 (最多 ${cap} 分，已分 ${already} 分)`);
  }
  const now = rfc3339(sb.clock.now());
  const o: ProfitSharingOrder = {
    transaction_id: tx.transaction_id!,
    out_order_no: b.out_order_no,
    order_id: `30${randomDigits(26)}`,
    state: 'PROCESSING',
    unfreeze: b.unfreeze_unsplit,
    kind: 'share',
    receivers: receivers.map((r: { type: string; account: string; amount: number; description: string }) => ({
      amount: r.amount,
      description: r.description,
      type: r.type,
      account: r.account,
      result: 'PENDING' as const,
      detail_id: `36${randomDigits(26)}`,
      create_time: now,
    })),
  };
  sb.state.psOrders.set(o.out_order_no, o);
  settleLater(sb, o);
  return json(200, orderView(o));
}

function queryOrder(sb: Sandbox, ctx: Ctx): Reply {
  const txId = ctx.query.get('transaction_id');
  if (!txId) return v3Error(400, 'PARAM_ERROR', 'transaction_id 必填');
  const o = sb.state.psOrders.get(ctx.params.no);
  if (!o || o.transaction_id !== txId) return v3Error(404, 'RESOURCE_NOT_EXISTS', '记录不存在');
  return json(200, orderView(o));
}

function unfreeze(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b) || !isStr(b.transaction_id) || !isStr(b.out_order_no) || !isStr(b.description, 80)) {
    return v3Error(400, 'PARAM_ERROR', 'transaction_id、out_order_no、description 必填');
  }
  // the same out_order_no again is the same request (同一分账单号多次请求等同一次); a share order's number is not
  const existing = sb.state.psOrders.get(b.out_order_no);
  if (existing) {
    if (existing.transaction_id !== b.transaction_id) return v3Error(400, 'INVALID_REQUEST', '商户分账单号已被其他订单使用');
    if (existing.kind !== 'unfreeze') return v3Error(400, 'PARAM_ERROR', '分账接收方与原请求不一致');
    return json(200, orderView(existing));
  }
  const tx = sb.state.txById(b.transaction_id);
  if (!tx || !tx.transaction_id) return v3Error(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
  if (!tx.profit_sharing) return v3Error(400, 'INVALID_REQUEST', '非分账订单不支持解冻');
  // nothing frozen left: WeChat answers 分账金额不足 (its FAQ: fully refunded, or already unfrozen), as
  // INVALID_REQUEST when the order was released already and as 403 NOT_ENOUGH when refunds and shares took it all
  if (unfrozen(sb, tx)) return v3Error(400, 'INVALID_REQUEST', '分账金额不足，订单剩余待分金额已解冻');
  const rest = tx.total - sharedSoFar(sb, tx) - refundedSoFar(sb, tx);
  if (rest <= 0) return v3Error(403, 'NOT_ENOUGH', '分账金额不足');
  const now = rfc3339(sb.clock.now());
  const o: ProfitSharingOrder = {
    transaction_id: tx.transaction_id,
    out_order_no: b.out_order_no,
    order_id: `30${randomDigits(26)}`,
    state: 'PROCESSING',
    unfreeze: true,
    kind: 'unfreeze',
    receivers: [
      {
        amount: rest,
        description: '解冻给分账方',
        type: 'MERCHANT_ID',
        account: sb.creds.mchid,
        result: 'PENDING',
        detail_id: `36${randomDigits(26)}`,
        create_time: now,
      },
    ],
  };
  sb.state.psOrders.set(o.out_order_no, o);
  settleLater(sb, o);
  return json(200, orderView(o));
}

function amounts(sb: Sandbox, ctx: Ctx): Reply {
  const tx = sb.state.txById(ctx.params.id);
  if (!tx) return v3Error(404, 'RESOURCE_NOT_EXISTS', '订单不存在');
  return json(200, {
    transaction_id: tx.transaction_id,
    unsplit_amount: unfrozen(sb, tx) ? 0 : Math.max(0, tx.total - sharedSoFar(sb, tx) - refundedSoFar(sb, tx)),
  });
}

export function registerProfitSharing(sb: Sandbox): void {
  const r = sb.router;
  r.add('POST', '/v3/profitsharing/receivers/add', 'v3', (c) => addReceiver(sb, c));
  r.add('POST', '/v3/profitsharing/receivers/delete', 'v3', (c) => deleteReceiver(sb, c));
  r.add('POST', '/v3/profitsharing/orders', 'v3', (c) => createOrder(sb, c));
  r.add('POST', '/v3/profitsharing/orders/unfreeze', 'v3', (c) => unfreeze(sb, c));
  r.add('GET', '/v3/profitsharing/orders/:no', 'v3', (c) => queryOrder(sb, c));
  r.add('GET', '/v3/profitsharing/transactions/:id/amounts', 'v3', (c) => amounts(sb, c));
}
