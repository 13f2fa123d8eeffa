import { traceBuilder, type TraceBuilder } from './buildTrace'
import { traceGroupKey } from './groupByTrace'
import type { RawSpan } from './model'

export interface TraceGroupBuilders {
  /** Spans read so far, in every group. */
  readonly count: number
  /** More spans, in file order; each goes into its trace's builder at once. */
  add(spans: readonly RawSpan[]): void
  /**
   * The traces as `groupByTrace` gives them, each builder holding exactly that group's spans in
   * that order (a 64-bit id's spans after those of the one 128-bit id it joins).
   */
  finish(): { traceId: string; builder: TraceBuilder }[]
}

interface Group {
  builder: TraceBuilder
  /** A 64-bit id's spans, kept in case they join a 128-bit id found later in the file. */
  raw: RawSpan[] | undefined
}

/**
 * `groupByTrace` + `buildTrace` for spans that arrive in runs (a file read while it streams): each
 * run goes into its trace's builder as it comes, so the end of the file leaves the tree passes.
 */
export function traceGroupBuilders(): TraceGroupBuilders {
  const groups = new Map<string, Group>()
  let count = 0
  let lastRaw: string | undefined
  let last: Group | undefined

  const groupOf = (traceId: string): Group => {
    const key = traceGroupKey(traceId)
    let g = groups.get(key)
    if (!g) {
      g = { builder: traceBuilder(), raw: key.length === 16 ? [] : undefined }
      groups.set(key, g)
    }
    return g
  }
  const take = (g: Group, spans: readonly RawSpan[], from: number, to: number): void => {
    const part = from === 0 && to === spans.length ? spans : spans.slice(from, to)
    g.builder.add(part)
    if (g.raw) for (const s of part) g.raw.push(s)
  }

  return {
    get count() {
      return count
    },
    add(spans) {
      count += spans.length
      let from = 0
      // Consecutive spans nearly always share one trace id string: one slice per run, not per span.
      for (let i = 0; i < spans.length; i++) {
        const id = (spans[i] as RawSpan).traceId
        const raw = typeof id === 'string' ? id : ''
        if (raw === lastRaw && last) continue
        if (last && i > from) take(last, spans, from, i)
        lastRaw = raw
        last = groupOf(raw)
        from = i
      }
      if (last && spans.length > from) take(last, spans, from, spans.length)
    },
    finish() {
      const byLowHalf = new Map<string, string[]>()
      for (const key of groups.keys()) {
        if (key.length !== 32) continue
        const low = key.slice(16)
        byLowHalf.set(low, [...(byLowHalf.get(low) ?? []), key])
      }
      const joins = (key: string): string | undefined => {
        const wide = key.length === 16 ? byLowHalf.get(key) : undefined
        return wide?.length === 1 ? wide[0] : undefined
      }
      const out: { traceId: string; builder: TraceBuilder }[] = []
      for (const [key, g] of groups) if (joins(key) === undefined) out.push({ traceId: key, builder: g.builder })
      for (const [key, g] of groups) {
        const target = joins(key)
        if (target !== undefined) groups.get(target)?.builder.add(g.raw ?? [])
      }
      groups.clear()
      return out
    },
  }
}
