import { normaliseTraceId } from '../ids'
import type { RawSpan } from './model'

export interface TraceGroup {
  /** Canonical id of the group (the 128-bit form when both forms were present). */
  traceId: string
  spans: RawSpan[]
}

/** Canonical id used for grouping; non-hex ids are kept (lowercased) so nothing is lost. */
export function traceGroupKey(traceId: string): string {
  return normaliseTraceId(traceId) ?? traceId.trim().toLowerCase()
}

/**
 * Splits spans into traces by trace id, in order of first appearance. A 64-bit id joins the one
 * 128-bit id whose low half it equals, as Zipkin does when 64- and 128-bit instrumentation are
 * mixed in one trace (zipkin `strictTraceId=false`); when several 128-bit ids share that low half
 * it is ambiguous and stays on its own.
 */
export function groupByTrace(spans: readonly RawSpan[]): TraceGroup[] {
  const groups = new Map<string, RawSpan[]>()
  let lastRaw: unknown
  let last: RawSpan[] = []
  for (const s of spans) {
    // Consecutive spans usually share one trace id string: skip the normalising and the lookup.
    if (s.traceId !== lastRaw) {
      lastRaw = s.traceId
      const key = traceGroupKey(typeof s.traceId === 'string' ? s.traceId : '')
      const g = groups.get(key)
      if (g) last = g
      else groups.set(key, (last = []))
    }
    last.push(s)
  }
  const byLowHalf = new Map<string, string[]>()
  for (const key of groups.keys()) {
    if (key.length !== 32) continue
    const low = key.slice(16)
    byLowHalf.set(low, [...(byLowHalf.get(low) ?? []), key])
  }
  const out: TraceGroup[] = []
  for (const [key, list] of groups) {
    const wide = key.length === 16 ? byLowHalf.get(key) : undefined
    if (wide?.length === 1) continue
    out.push({ traceId: key, spans: list })
  }
  for (const [key, list] of groups) {
    const wide = key.length === 16 ? byLowHalf.get(key) : undefined
    if (wide?.length !== 1) continue
    const target = out.find((g) => g.traceId === wide[0])
    if (target) for (const s of list) target.spans.push(s)
  }
  return out
}
