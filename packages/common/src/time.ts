/**
 * Business days are Asia/Shanghai calendar days whatever the server's TZ. China has no DST, so the
 * offset is a constant +08:00 and the conversion is plain arithmetic (no Intl data needed).
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar day ('YYYY-MM-DD') that an instant falls on. */
export function shanghaiDate(at: Date | number): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant 00:00:00 Asia/Shanghai of a business day, and of the day after (a half-open range). */
export function shanghaiDayRange(day: string): { start: Date; end: Date } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
    throw new RangeError(`business date must be YYYY-MM-DD, got ${day}`);
  }
  const start = new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  return { start, end: new Date(start.getTime() + 24 * 60 * 60 * 1000) };
}

/** RFC 3339 with +08:00, as WeChat Pay writes times. */
export function toShanghaiIso(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}
