import type { InstantVector } from '../metrics/types'
import { splitVector, valuesByLabel } from './readTagged'

export interface BreakdownRow {
  /** The label's value; '' when series lack the label. */
  value: string
  /** Calls per second. */
  calls: number
  /** Share of all calls, 0..1. */
  callShare: number
  /** Errors per second (0 when no error series). */
  errors: number
  /** Share of all errors, 0..1; undefined when there are no errors at all. */
  errorShare: number | undefined
  /** errors / calls of this value; undefined without calls. */
  errorRatio: number | undefined
}

/** Rows with most calls first; values beyond `limit` are summed into `other`. */
export interface Breakdown {
  rows: BreakdownRow[]
  other: BreakdownRow | undefined
  totalCalls: number
  totalErrors: number
}

/** Shares of calls and errors per label value from a `breakdownSharesQuery` answer. */
export function buildBreakdown(vector: InstantVector, label: string, limit = 12): Breakdown {
  const parts = splitVector(vector, ['calls', 'errors'] as const)
  const calls = valuesByLabel(parts.calls, label)
  const errors = valuesByLabel(parts.errors, label)
  let totalCalls = 0
  let totalErrors = 0
  for (const v of calls.values()) totalCalls += v ?? 0
  for (const v of errors.values()) totalErrors += v ?? 0
  const row = (value: string, c: number, e: number): BreakdownRow => ({
    value,
    calls: c,
    callShare: totalCalls > 0 ? c / totalCalls : 0,
    errors: e,
    errorShare: totalErrors > 0 ? e / totalErrors : undefined,
    errorRatio: c > 0 ? e / c : undefined,
  })
  const values = new Set([...calls.keys(), ...errors.keys()])
  const all = [...values]
    .map((v) => row(v, calls.get(v) ?? 0, errors.get(v) ?? 0))
    .sort((a, b) => b.calls - a.calls || b.errors - a.errors || a.value.localeCompare(b.value))
  const rows = all.slice(0, limit)
  const rest = all.slice(limit)
  const other = rest.length === 0 ? undefined : row('', rest.reduce((s, r) => s + r.calls, 0), rest.reduce((s, r) => s + r.errors, 0))
  return { rows, other, totalCalls, totalErrors }
}
