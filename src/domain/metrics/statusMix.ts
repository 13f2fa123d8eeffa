/**
 * The status mix of one service from a `statusMixQuery` answer. The HTTP status is what the
 * teams ask for (2xx/3xx/4xx/5xx and the codes inside each); span status (OK / ERROR / UNSET)
 * is a different thing, so it is only shown when no HTTP status label exists, and says so.
 */
import type { BreakdownRow } from '../metricsViews/breakdownRows'
import { splitVector } from '../metricsViews/readTagged'
import type { RedPreset } from './redPresets'
import { STATUS_MIX_TAGS } from './statusMixQuery'
import type { InstantVector } from './types'

export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const
export type StatusClass = '1xx' | (typeof STATUS_CLASSES)[number]
/** `other`: a value that is not a three-digit code; `missing`: series without the HTTP label. */
export type StatusGroupKey = StatusClass | 'other' | 'missing'

export interface StatusGroup extends BreakdownRow {
  key: StatusGroupKey
  /** The codes inside the group, lowest first. */
  codes: BreakdownRow[]
}

export type StatusMix =
  /** No requests in the range (the answer is empty or all zero). */
  | { kind: 'empty' }
  | { kind: 'http'; label: string; groups: StatusGroup[]; totalCalls: number; totalErrors: number }
  /** Only span status exists; `missingHttp` lists the HTTP labels looked for. */
  | { kind: 'span'; label: string; rows: BreakdownRow[]; missingHttp: string[]; totalCalls: number; totalErrors: number }
  /** The requests carry no status label at all. */
  | { kind: 'none'; missingHttp: string[] }

/** `2xx` for 200..299 and so on; undefined when the value is not a 1xx–5xx code. */
export function statusClassOf(code: string): StatusClass | undefined {
  const m = /^([1-5])\d\d$/.exec(code)
  return m ? (`${m[1]}xx` as StatusClass) : undefined
}

interface Sums {
  calls: Map<string, number>
  errors: Map<string, number>
}

const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v)

/** Sums a part's series by one label's value ('' when a series lacks it); NaN/Inf are skipped. */
function sumByValue(vector: InstantVector, label: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of vector) if (Number.isFinite(s.value)) add(out, s.labels[label] ?? '', s.value)
  return out
}

function total(m: Map<string, number>): number {
  let t = 0
  for (const v of m.values()) t += v
  return t
}

function rowMaker(totalCalls: number, totalErrors: number) {
  return (value: string, calls: number, errors: number): BreakdownRow => ({
    value,
    calls,
    callShare: totalCalls > 0 ? calls / totalCalls : 0,
    errors,
    errorShare: totalErrors > 0 ? errors / totalErrors : undefined,
    errorRatio: calls > 0 ? errors / calls : undefined,
  })
}

function hasValue(vector: InstantVector, label: string): boolean {
  return vector.some((s) => (s.labels[label] ?? '') !== '')
}

function httpMix(label: string, sums: Sums): StatusMix {
  const totalCalls = total(sums.calls)
  const totalErrors = total(sums.errors)
  const row = rowMaker(totalCalls, totalErrors)
  const codesByGroup = new Map<StatusGroupKey, string[]>()
  for (const code of new Set([...sums.calls.keys(), ...sums.errors.keys()])) {
    const key: StatusGroupKey = code === '' ? 'missing' : (statusClassOf(code) ?? 'other')
    codesByGroup.set(key, [...(codesByGroup.get(key) ?? []), code])
  }
  // The four classes always show (a 0 % 5xx is an answer); the others only when present.
  const keys: StatusGroupKey[] = [...(codesByGroup.has('1xx') ? ['1xx' as const] : []), ...STATUS_CLASSES, 'other', 'missing']
  const groups: StatusGroup[] = []
  for (const key of keys) {
    const codes = (codesByGroup.get(key) ?? []).sort().map((c) => row(c, sums.calls.get(c) ?? 0, sums.errors.get(c) ?? 0))
    if (codes.length === 0 && !(STATUS_CLASSES as readonly string[]).includes(key)) continue
    const calls = codes.reduce((s, c) => s + c.calls, 0)
    const errors = codes.reduce((s, c) => s + c.errors, 0)
    groups.push({ ...row(key, calls, errors), key, codes })
  }
  return { kind: 'http', label, groups, totalCalls, totalErrors }
}

function spanMix(label: string, sums: Sums, missingHttp: string[]): StatusMix {
  const totalCalls = total(sums.calls)
  const totalErrors = total(sums.errors)
  const row = rowMaker(totalCalls, totalErrors)
  const rows = [...new Set([...sums.calls.keys(), ...sums.errors.keys()])]
    .map((v) => row(v, sums.calls.get(v) ?? 0, sums.errors.get(v) ?? 0))
    .sort((a, b) => b.calls - a.calls || a.value.localeCompare(b.value))
  return { kind: 'span', label, rows, missingHttp, totalCalls, totalErrors }
}

/**
 * Reads the mix: the first HTTP status label of the preset that any series carries wins; else
 * the span status; else `none`. A range without requests is `empty`, never "100 %".
 */
export function buildStatusMix(vector: InstantVector, preset: RedPreset): StatusMix {
  const parts = splitVector(vector, STATUS_MIX_TAGS)
  const { http, span } = preset.statusLabels
  const sums = (label: string): Sums => ({ calls: sumByValue(parts.calls, label), errors: sumByValue(parts.errors, label) })
  const anyCalls = parts.calls.some((s) => Number.isFinite(s.value) && s.value > 0)
  if (!anyCalls) return { kind: 'empty' }
  const httpLabel = http.find((l) => hasValue(parts.calls, l))
  if (httpLabel !== undefined) return httpMix(httpLabel, sums(httpLabel))
  if (span !== undefined && hasValue(parts.calls, span)) return spanMix(span, sums(span), http)
  return { kind: 'none', missingHttp: http }
}
