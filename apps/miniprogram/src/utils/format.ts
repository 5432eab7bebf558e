/** '2026-11-22T02:56:17Z' -> '2026-11-22 10:56' in Asia/Shanghai (business time), whatever the device zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return String(iso);
  const d = new Date(t + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function specText(specs: Record<string, string> | undefined): string {
  return specs ? Object.values(specs).join(' / ') : '';
}
