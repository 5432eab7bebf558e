/** Sandbox business clock: real time plus an offset that the control API can move (time travel). */
export class Clock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  set(ms: number): void {
    this.offsetMs = ms - Date.now();
  }
  reset(): void {
    this.offsetMs = 0;
  }
  get offsetSeconds(): number {
    return this.offsetMs / 1000;
  }
}

const SHANGHAI_MS = 8 * 3600 * 1000;

/** RFC 3339 with +08:00, as WeChat Pay writes times: 2026-01-10T23:59:59+08:00 */
export function rfc3339(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19) + '+08:00';
}

/** Asia/Shanghai calendar day, YYYY-MM-DD. */
export function shanghaiDate(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);
}

/** yyyy-MM-dd HH:mm:ss in Asia/Shanghai (trade bill format). */
export function shanghaiDateTime(ms: number): string {
  return new Date(ms + SHANGHAI_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Compact yyyyMMddHHmmss in Asia/Shanghai (used inside generated ids). */
export function shanghaiCompact(ms: number): string {
  return shanghaiDateTime(ms).replace(/[- :]/g, '');
}

/** Start of an Asia/Shanghai day (YYYY-MM-DD) in epoch ms. */
export function shanghaiDayStart(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}

/** Integer fen -> "12.34" (no floating point). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
