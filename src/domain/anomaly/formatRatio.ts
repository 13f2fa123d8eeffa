/** `3.2`, `12`, `0.25`: a ratio to the usual week, with as many digits as a reader needs. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '–'
  if (ratio >= 10) return String(Math.round(ratio))
  if (ratio >= 1) return (Math.round(ratio * 10) / 10).toFixed(1)
  return (Math.round(ratio * 100) / 100).toFixed(2)
}
