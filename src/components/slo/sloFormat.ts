/**
 * SLO figures as text. Undefined is "no data" and shows as a dash, never as 100 %. Figures are
 * truncated, not rounded, towards the worse side: an SLI of 99.9996 % is not "100 %", and 0.4 %
 * of budget left is not "0 %" nor "1 %".
 */
import { NO_DATA } from '@/domain/metricsViews/formatFigures'

/**
 * Floor and ceil at `step` per unit, forgiving float noise: 0.001 × 43200 min is 43.1999…, and
 * it must read 43.2, not 43.1.
 */
const floorAt = (v: number, step: number): number => Math.floor(v * step * (1 + 1e-12)) / step
const ceilAt = (v: number, step: number): number => Math.ceil(v * step * (1 - 1e-12)) / step

/** Fixed digits without trailing zeros after the point: `12.50` → `12.5`, but `100` stays. */
function trimmed(v: number, digits: number): string {
  const s = v.toFixed(digits)
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

/** `99.953%`; `100%` only when every request was good. */
export function formatSli(sli: number | undefined): string {
  if (sli === undefined) return NO_DATA
  if (sli >= 1) return '100%'
  const pct = floorAt(sli * 100, 1000)
  return `${trimmed(Math.min(pct, 99.999), 3)}%`
}

/** `99.9%` as written in the options. */
export function formatObjective(objectivePercent: number): string {
  return `${Number(objectivePercent.toPrecision(12))}%`
}

/**
 * Budget left as a percentage of the whole budget: `34.5%`, `<0.1%`; the overspent part as a
 * positive number (the caller says "overspent"). `digits` 0 for badges.
 */
export function formatBudgetPct(remaining: number, digits = 1): string {
  const pct = Math.abs(remaining) * 100
  const step = 10 ** digits
  if (remaining > 0 && pct < 1 / step) return `<${trimmed(1 / step, digits)}%`
  const shown = remaining >= 0 ? floorAt(pct, step) : ceilAt(pct, step)
  return `${trimmed(shown, digits)}%`
}

/** `14.4`, `0.52`, `120`: a burn rate without its × sign. */
export function formatBurnRate(rate: number | undefined): string {
  if (rate === undefined) return NO_DATA
  if (rate >= 100) return trimmed(rate, 0)
  if (rate >= 10) return trimmed(rate, 1)
  return trimmed(rate, 2)
}

/** Minutes split for display: under an hour with one decimal, above in whole hours and minutes. */
export function splitMinutes(minutes: number): { kind: 'minutes'; n: string } | { kind: 'hours'; h: number; m: number } {
  const abs = Math.abs(minutes)
  if (abs < 60) return { kind: 'minutes', n: trimmed(floorAt(abs, 10), 1) }
  const whole = floorAt(abs, 1)
  return { kind: 'hours', h: Math.floor(whole / 60), m: whole % 60 }
}
