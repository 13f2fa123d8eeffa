/**
 * Card and table figures as text. Undefined is "no data" and shows as a dash, never as 0.
 */
import { formatDurationMs } from '../time/durations'

export const NO_DATA = '–'

/**
 * `1,234.5`-style numbers without Intl: the overview formats a few thousand figures per render
 * and Intl.NumberFormat#format was a tenth of the budget. Korean and English, the two UI
 * languages, share these separators; `locale` is kept in the signatures for any other.
 */
function fixed(v: number, digits: number, _locale: string): string {
  const text = v.toFixed(digits)
  const [int = '', frac] = text.split('.')
  const trimmed = frac?.replace(/0+$/, '')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return trimmed ? `${grouped}.${trimmed}` : grouped
}
/** Requests per second: `1,234`, `12.3`, `0.42`, `<0.01`. */
export function formatRate(v: number | undefined, locale: string): string {
  if (v === undefined) return NO_DATA
  if (v > 0 && v < 0.01) return `<${fixed(0.01, 2, locale)}`
  return fixed(v, v >= 100 ? 0 : v >= 10 ? 1 : 2, locale)
}

/** A 0..1 ratio as a percentage: `0%`, `0.42%`, `12.5%`, `<0.01%`. */
export function formatPercent(ratio: number | undefined, locale: string): string {
  if (ratio === undefined) return NO_DATA
  const pct = ratio * 100
  if (pct > 0 && pct < 0.01) return `<${fixed(0.01, 2, locale)}%`
  return `${fixed(pct, pct >= 10 ? 1 : 2, locale)}%`
}

/** A latency: `850µs`, `12.3ms`, `2.50s`. */
export function formatLatency(ms: number | undefined): string {
  return ms === undefined ? NO_DATA : formatDurationMs(ms)
}

/** A relative change with its sign: `+12%`, `−5%`, `±0%`. */
export function formatChange(change: number | undefined, locale: string): string {
  if (change === undefined) return NO_DATA
  const pct = Math.round(change * 100)
  if (pct === 0) return '±0%'
  return `${pct > 0 ? '+' : '−'}${fixed(Math.abs(pct), 0, locale)}%`
}

/** A difference of ratios in percentage points: `+0.4pp`, `−1.2pp`. */
export function formatPointDelta(delta: number | undefined, locale: string): string {
  if (delta === undefined) return NO_DATA
  const pp = Math.round(delta * 1000) / 10
  if (pp === 0) return '±0pp'
  return `${pp > 0 ? '+' : '−'}${fixed(Math.abs(pp), 1, locale)}pp`
}

/** Raw figure for a data attribute: the number as JS writes it, '' for no data. */
export function rawFigure(v: number | undefined): string {
  return v === undefined ? '' : String(v)
}

/** `42s`, `5m`, `3h 10m`, `2d 4h`: an age for "updated … ago" and alert durations. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 24) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`
  const d = Math.floor(h / 24)
  return h % 24 === 0 ? `${d}d` : `${d}d ${h % 24}h`
}

/** A ratio to the usual week: `12`, `3.2`, `0.25` (as many digits as a reader needs). */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return NO_DATA
  if (ratio >= 10) return String(Math.round(ratio))
  if (ratio >= 1) return (Math.round(ratio * 10) / 10).toFixed(1)
  return (Math.round(ratio * 100) / 100).toFixed(2)
}
