/** Shipping form logic: the express companies offered, and what must hold before POST .../ship. */

/** The common express companies in China; anything else is typed in under 其他. */
export const CARRIERS = ['顺丰速运', '京东物流', '中通快递', '圆通速递', '韵达快递', '申通快递', '极兔速递', '邮政EMS', '德邦快递'] as const;
export const OTHER = '其他';

/** Tracking-number prefixes that give the company away, to preselect it (the merchant can still change it). */
const PREFIXES: Array<[RegExp, (typeof CARRIERS)[number]]> = [
  [/^SF/i, '顺丰速运'],
  [/^JD/i, '京东物流'],
  [/^(YT|YTO)/i, '圆通速递'],
  [/^JT/i, '极兔速递'],
  [/^DPK/i, '德邦快递'],
];

export function guessCarrier(trackingNo: string): string | null {
  const no = trackingNo.trim();
  return PREFIXES.find(([re]) => re.test(no))?.[1] ?? null;
}

export interface ShipDraft {
  /** one of CARRIERS, OTHER, or '' (not chosen) */
  choice: string;
  /** the company typed in when choice is OTHER */
  other: string;
  trackingNo: string;
}

export const carrierOf = (d: ShipDraft) => (d.choice === OTHER ? d.other.trim() : d.choice);

/** The first thing to fix, in Chinese; null when the draft can be sent (same rules as ShipOrderBody). */
export function shipProblem(d: ShipDraft): string | null {
  const carrier = carrierOf(d);
  if (!carrier) return d.choice === OTHER ? '请填写快递公司名称' : '请选择快递公司';
  if (carrier.length > 30) return '快递公司名称不能超过 30 个字';
  if (!/^[A-Za-z0-9-]{4,40}$/.test(d.trackingNo.trim())) return '请填写 4-40 位运单号（字母、数字或 -）';
  return null;
}
