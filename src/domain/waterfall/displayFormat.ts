const two = (n: number): string => String(n).padStart(2, '0')

/**
 * `2026-11-22 14:03:07.125` in the browser's time zone: the millisecond precision trace work
 * needs, the same in every language, and without `toLocaleString` — whose first call per locale
 * loads ICU data (~100 ms measured on the trace page's first render).
 */
export function formatLocalTimestamp(ms: number): string {
  if (!Number.isFinite(ms)) return '–'
  const d = new Date(ms)
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`
  return `${date} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** `100,000`: digits grouped by three (Korean and English alike), without loading ICU number data. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–'
  const s = String(Math.round(Math.abs(n)))
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}
