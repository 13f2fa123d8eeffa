/**
 * Latency SLIs count the requests at or under a threshold from ONE classic histogram bucket
 * (`le` = threshold): a threshold between two bounds cannot be counted exactly, so it is refused
 * with the list of bounds that exist, instead of being interpolated into a made-up figure.
 *
 * `le` is a label, compared as a STRING by PromQL, and its spelling varies: client libraries
 * write `0.25`, `1`, `1e+06` (Go's strconv 'g' format), and Prometheus 3 normalises classic
 * histogram `le` values to OpenMetrics floats (`1` becomes `1.0`, prometheus/prometheus#14461).
 * Bounds read from Prometheus are therefore compared as numbers, and a matcher built without
 * them (exported rules) accepts every spelling of the bound.
 */
import { escapeRegex } from '../promql/escapeString'

/** Milliseconds to the histogram's unit, rounded to 12 significant digits (no 0.30000000000000004). */
export function thresholdInUnit(thresholdMs: number, unit: 'ms' | 's'): number {
  return unit === 'ms' ? thresholdMs : Number((thresholdMs / 1000).toPrecision(12))
}

/** Bound in the histogram's unit back to milliseconds, for messages. */
function boundInMs(bound: number, unit: 'ms' | 's'): number {
  return unit === 'ms' ? bound : Number((bound * 1000).toPrecision(12))
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64) exponent form: `1e+06`, `2.5e-05`. */
function goExponent(v: number): string {
  const [mantissa = '', exp = '0'] = v.toExponential().split('e')
  const n = Number(exp)
  return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`
}

/** The ways an `le` label value for `bound` is written by clients and by Prometheus 2 and 3. */
export function leSpellings(bound: number): string[] {
  if (!Number.isFinite(bound)) throw new Error(`a bucket bound must be finite, got ${bound}`)
  const plain = String(bound)
  const out = new Set<string>([plain])
  if (Number.isInteger(bound) && !plain.includes('e')) out.add(`${plain}.0`)
  const exponent = goExponent(bound)
  out.add(exponent)
  // OpenMetrics floats keep a `.0` mantissa: `1.0e+06`.
  if (!exponent.split('e')[0]?.includes('.')) out.add(exponent.replace('e', '.0e'))
  return [...out]
}

/** An RE2 alternation matching exactly the spellings of each bound (for `le=~"…"`). */
export function leRegex(bounds: readonly number[]): string {
  if (bounds.length === 0) throw new Error('leRegex() needs at least one bound')
  return [...new Set(bounds.flatMap(leSpellings))].map(escapeRegex).join('|')
}

/** Finite bounds of a histogram from its `le` label values (unparsable values and +Inf left out), sorted. */
export function finiteBounds(leValues: readonly string[]): number[] {
  const bounds = new Set<number>()
  for (const le of leValues) {
    const n = Number(le.trim())
    if (le.trim() !== '' && Number.isFinite(n)) bounds.add(n)
  }
  return [...bounds].sort((a, b) => a - b)
}

/** True when `a` and `b` are the same bound up to decimal rounding (0.1 * 3 vs 0.3). */
export function sameBound(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))
}

/** The `le` label values (as Prometheus holds them) that spell `thresholdMs` in this histogram. */
export function matchingLeValues(thresholdMs: number, unit: 'ms' | 's', leValues: readonly string[]): string[] {
  const target = thresholdInUnit(thresholdMs, unit)
  return leValues.filter((le) => le.trim() !== '' && sameBound(Number(le.trim()), target))
}

/**
 * A readable problem when no bucket of `metric` has the threshold as its bound (undefined when
 * one does), listing the bounds that exist, in milliseconds.
 */
export function bucketProblem(thresholdMs: number, unit: 'ms' | 's', metric: string, leValues: readonly string[]): string | undefined {
  if (matchingLeValues(thresholdMs, unit, leValues).length > 0) return undefined
  const bounds = finiteBounds(leValues)
  if (bounds.length === 0) {
    return `no histogram buckets found for ${metric}: a latency SLO needs a classic histogram (_bucket series with le)`
  }
  const list = bounds.map((b) => `${boundInMs(b, unit)}`).join(', ')
  return `no histogram bucket at ${thresholdMs} ms in ${metric}: the buckets are ${list} ms`
}
