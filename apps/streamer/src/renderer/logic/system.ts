/** Pure helpers of the System screen. */

/** "45 s", "12 min", "3 h 20 min", "4 days 2 h". */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  const days = Math.floor(s / 86_400);
  return `${days} day${days === 1 ? '' : 's'} ${Math.floor((s % 86_400) / 3600)} h`;
}

/** The SVG polyline points of `values` (0..max) drawn in a width × height box, newest on the right. */
export function sparkPoints(values: readonly number[], max: number, width: number, height: number, slots: number): string {
  const step = width / Math.max(1, slots - 1);
  const offset = (slots - values.length) * step;
  return values
    .map((v, i) => `${(offset + i * step).toFixed(1)},${(height - (Math.min(max, Math.max(0, v)) / max) * height).toFixed(1)}`)
    .join(' ');
}
