import { rfc3339 } from './clock.js';
import { isObj, isPosInt, isStr, json, v3Error, type Ctx, type Reply } from './http.js';
import { randomAlnum, randomDigits } from './ids.js';
import { isNotifyUrl } from './pay.js';
import type { Sandbox } from './sandbox.js';
import type { TransferBill, TransferState } from './state.js';

/** Unconfirmed bills close after 24 hours (scaled by the time scale, or by sandbox clock time travel). */
export const CONFIRM_WINDOW_S = 24 * 3600;
/** TRANSFERING -> SUCCESS and CANCELING -> CANCELLED take this many (scaled) seconds. */
export const SETTLE_DELAY_S = 3;
/** WeChat requires user_name (encrypted) from 2,000 yuan. */
export const USER_NAME_REQUIRED_FROM = 200_000;
export const MIN_TRANSFER = 10;
const OUT_BILL_NO_RE = /^[0-9A-Za-z]{5,32}$/;
const FINAL: TransferState[] = ['SUCCESS', 'FAIL', 'CANCELLED'];

function createView(t: TransferBill): Record<string, unknown> {
  const v: Record<string, unknown> = {
    out_bill_no: t.out_bill_no,
    transfer_bill_no: t.transfer_bill_no,
    create_time: rfc3339(t.created_at),
    state: t.state,
  };
  if (t.state === 'WAIT_USER_CONFIRM') v.package_info = t.package_info;
  if (t.fail_reason) v.fail_reason = t.fail_reason;
  return v;
}

export function transferView(t: TransferBill): Record<string, unknown> {
  return {
    mch_id: t.mch_id,
    out_bill_no: t.out_bill_no,
    transfer_bill_no: t.transfer_bill_no,
    appid: t.appid,
    state: t.state,
    transfer_amount: t.transfer_amount,
    transfer_remark: t.transfer_remark,
    fail_reason: t.fail_reason,
    openid: t.openid,
    user_name: t.user_name,
    create_time: rfc3339(t.created_at),
    update_time: rfc3339(t.updated_at),
  };
}

/** Move a bill to a new state; final states send MCHTRANSFER.BILL.FINISHED to its notify_url. */
function transition(sb: Sandbox, t: TransferBill, state: TransferState, failReason?: string): void {
  t.state = state;
  t.updated_at = sb.clock.now();
  if (failReason) t.fail_reason = failReason;
  if (FINAL.includes(state) && t.notify_url) {
    sb.notifier.send({
      url: t.notify_url,
      event_type: 'MCHTRANSFER.BILL.FINISHED',
      summary: '商家转账单据终态通知',
      original_type: 'mch_payment',
      associated_data: 'mch_payment',
      resource: {
        out_bill_no: t.out_bill_no,
        transfer_bill_no: t.transfer_bill_no,
        state: t.state,
        mch_id: t.mch_id,
        transfer_amount: t.transfer_amount,
        openid: t.openid,
        fail_reason: t.fail_reason,
        create_time: rfc3339(t.created_at),
        update_time: rfc3339(t.updated_at),
      },
      createdAtMs: t.updated_at,
    });
  }
}

/** Close bills whose 24h confirmation window has passed on the sandbox clock. */
export function expireTransfers(sb: Sandbox): void {
  const now = sb.clock.now();
  for (const t of sb.state.transfers.values()) {
    if (t.state === 'WAIT_USER_CONFIRM' && now - t.created_at >= CONFIRM_WINDOW_S * 1000) transition(sb, t, 'CANCELLED', 'TRANSFER_TIMEOUT');
  }
}

function create(sb: Sandbox, ctx: Ctx): Reply {
  const b = ctx.body;
  if (!isObj(b)) return v3Error(400, 'PARAM_ERROR', '请求体不能为空');
  if (b.appid !== sb.creds.appid) return v3Error(400, 'PARAM_ERROR', 'appid 与商户号未绑定或不匹配');
  if (typeof b.out_bill_no !== 'string' || !OUT_BILL_NO_RE.test(b.out_bill_no))
    return v3Error(400, 'PARAM_ERROR', '商户单号 out_bill_no 须为 5-32 位数字或字母');
  if (typeof b.transfer_scene_id !== 'string' || !/^\d{4}$/.test(b.transfer_scene_id))
    return v3Error(400, 'PARAM_ERROR', 'transfer_scene_id 转账场景ID 必填 (如 1000 现金营销、1005 佣金报酬)');
  if (!isStr(b.openid, 64)) return v3Error(400, 'PARAM_ERROR', 'openid 必填');
  if (!isPosInt(b.transfer_amount)) return v3Error(400, 'PARAM_ERROR', 'transfer_amount 须为大于0的整数 (单位: 分)');
  if (b.transfer_amount < MIN_TRANSFER) return v3Error(400, 'INVALID_REQUEST', '转账金额不能低于0.1元');
  if (b.transfer_amount >= USER_NAME_REQUIRED_FROM && !isStr(b.user_name, 2048))
    return v3Error(400, 'PARAM_ERROR', '转账金额大于等于2000元时，收款用户姓名 user_name 必填');
  if (!isStr(b.transfer_remark, 32)) return v3Error(400, 'PARAM_ERROR', 'transfer_remark 必填且不超过32个字符');
  if (b.notify_url !== undefined && !isNotifyUrl(b.notify_url)) return v3Error(400, 'PARAM_ERROR', 'notify_url 格式不正确');
  const infos = b.transfer_scene_report_infos;
  if (!Array.isArray(infos) || !infos.length || !infos.every((i) => isObj(i) && isStr(i.info_type) && isStr(i.info_content))) {
    return v3Error(400, 'PARAM_ERROR', 'transfer_scene_report_infos 转账场景报备信息必填 (info_type, info_content)');
  }
  const fingerprint = JSON.stringify([b.appid, b.transfer_scene_id, b.openid, b.transfer_amount, b.transfer_remark]);
  const existing = sb.state.transfers.get(b.out_bill_no);
  if (existing) {
    if (existing.fingerprint !== fingerprint) return v3Error(400, 'INVALID_REQUEST', '商户单号已存在，且请求参数与原单不一致');
    return json(200, createView(existing));
  }
  const now = sb.clock.now();
  const t: TransferBill = {
    mch_id: sb.creds.mchid,
    appid: b.appid,
    out_bill_no: b.out_bill_no,
    transfer_bill_no: `1330${randomDigits(36)}`,
    transfer_scene_id: b.transfer_scene_id,
    openid: b.openid,
    user_name: b.user_name,
    transfer_amount: b.transfer_amount,
    transfer_remark: b.transfer_remark,
    notify_url: b.notify_url,
    user_recv_perception: b.user_recv_perception,
    transfer_scene_report_infos: infos,
    package_info: Buffer.from(`sandbox:${b.out_bill_no}:${randomAlnum(24)}`).toString('base64'),
    state: 'WAIT_USER_CONFIRM',
    created_at: now,
    updated_at: now,
    fingerprint,
  };
  sb.state.transfers.set(t.out_bill_no, t);
  sb.scheduler.afterScaled(CONFIRM_WINDOW_S, () => {
    if (sb.state.transfers.get(t.out_bill_no) === t && t.state === 'WAIT_USER_CONFIRM') transition(sb, t, 'CANCELLED', 'TRANSFER_TIMEOUT');
  });
  return json(200, createView(t));
}

function query(sb: Sandbox, t: TransferBill | undefined): Reply {
  expireTransfers(sb);
  if (!t) return v3Error(404, 'NOT_FOUND', '记录不存在');
  return json(200, transferView(t));
}

function cancel(sb: Sandbox, ctx: Ctx): Reply {
  expireTransfers(sb);
  const t = sb.state.transfers.get(ctx.params.no);
  if (!t) return v3Error(404, 'NOT_FOUND', '记录不存在');
  if (t.state === 'CANCELING' || t.state === 'CANCELLED') {
    return json(200, { out_bill_no: t.out_bill_no, transfer_bill_no: t.transfer_bill_no, state: t.state, update_time: rfc3339(t.updated_at) });
  }
  if (!['ACCEPTED', 'PROCESSING', 'WAIT_USER_CONFIRM'].includes(t.state)) return v3Error(400, 'INVALID_REQUEST', `单据状态为 ${t.state}，不允许撤销`);
  transition(sb, t, 'CANCELING');
  sb.scheduler.afterScaled(SETTLE_DELAY_S, () => {
    if (t.state === 'CANCELING') transition(sb, t, 'CANCELLED');
  });
  return json(200, { out_bill_no: t.out_bill_no, transfer_bill_no: t.transfer_bill_no, state: t.state, update_time: rfc3339(t.updated_at) });
}

/** The user confirms in wx.requestMerchantTransfer: TRANSFERING, then SUCCESS shortly after. */
export function confirmTransfer(sb: Sandbox, t: TransferBill): { ok: true } | { ok: false; error: string } {
  expireTransfers(sb);
  if (t.state !== 'WAIT_USER_CONFIRM') return { ok: false, error: `bill is ${t.state}, not WAIT_USER_CONFIRM` };
  transition(sb, t, 'TRANSFERING');
  sb.scheduler.afterScaled(SETTLE_DELAY_S, () => {
    if (t.state === 'TRANSFERING') transition(sb, t, 'SUCCESS');
  });
  return { ok: true };
}

/** The transfer fails on WeChat's side (e.g. the payee account is abnormal). */
export function rejectTransfer(sb: Sandbox, t: TransferBill, failReason = 'PAYEE_ACCOUNT_ABNORMAL'): { ok: true } | { ok: false; error: string } {
  expireTransfers(sb);
  if (FINAL.includes(t.state)) return { ok: false, error: `bill is already ${t.state}` };
  transition(sb, t, 'FAIL', failReason);
  return { ok: true };
}

export function registerTransfers(sb: Sandbox): void {
  const base = '/v3/fund-app/mch-transfer/transfer-bills';
  sb.router.add('POST', base, 'v3', (c) => create(sb, c));
  sb.router.add('GET', `${base}/out-bill-no/:no`, 'v3', (c) => query(sb, sb.state.transfers.get(c.params.no)));
  sb.router.add('GET', `${base}/transfer-bill-no/:no`, 'v3', (c) =>
    query(
      sb,
      [...sb.state.transfers.values()].find((t) => t.transfer_bill_no === c.params.no),
    ),
  );
  sb.router.add('POST', `${base}/out-bill-no/:no/cancel`, 'v3', (c) => cancel(sb, c));
}
