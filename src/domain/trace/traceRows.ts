import type { Span, Trace, TraceWarning } from './model'

/** Bits of `TraceRows.flags`. */
export const ROW_ERROR = 1
export const ROW_WARNING = 2
export const ROW_SKEW = 4
export const ROW_SHARED = 8

/**
 * A built trace as struct-of-arrays in `Trace.spans` order (pre-order): what the waterfall and
 * the header need, without a `Span` object per span. `buildTrace` produces it first and the
 * `Span` objects only when something reads `trace.spans`, so a 100,000-span trace can be on
 * screen before 100,000 objects exist.
 */
export interface TraceRows {
  readonly n: number
  /** Absolute start, µs (skew-adjusted). */
  readonly startUs: Float64Array
  readonly durationUs: Float64Array
  readonly depth: Int32Array
  readonly parentIndex: Int32Array
  readonly subtreeEnd: Int32Array
  readonly childCount: Int32Array
  readonly flags: Uint8Array
  readonly service: readonly string[]
  readonly name: readonly string[]
  readonly key: readonly string[]
}

const registry = new WeakMap<Trace, TraceRows>()

/** Records the rows a trace was built with (read back by `traceRows`). */
export function attachRows(trace: Trace, rows: TraceRows): void {
  registry.set(trace, rows)
}

/** The rows of a trace: the ones it was built with, else derived from its spans. */
export function traceRows(trace: Trace): TraceRows {
  return registry.get(trace) ?? rowsFromSpans(trace.spans)
}

/** The first row's service and name (the root, when the trace has one) without building spans. */
export function rootRow(trace: Trace): { service: string; name: string } | undefined {
  const rows = registry.get(trace)
  if (rows) return rows.n === 0 ? undefined : { service: rows.service[0] as string, name: rows.name[0] as string }
  const root = trace.spans[0]
  return root && { service: root.service, name: root.name }
}

/** The `flags` bits of one row. */
export function rowFlags(error: boolean, warnings: readonly TraceWarning[] | undefined, shared: boolean): number {
  let f = error ? ROW_ERROR : 0
  if (warnings && warnings.length > 0) {
    f |= ROW_WARNING
    if (warnings.some((w) => w.code === 'skew-adjusted')) f |= ROW_SKEW
  }
  if (shared) f |= ROW_SHARED
  return f
}

/** Rows for `n` spans, zeroed, for a builder to fill. */
export function allocateRows(n: number): TraceRows & { service: string[]; name: string[]; key: string[] } {
  return {
    n,
    startUs: new Float64Array(n),
    durationUs: new Float64Array(n),
    depth: new Int32Array(n),
    parentIndex: new Int32Array(n),
    subtreeEnd: new Int32Array(n),
    childCount: new Int32Array(n),
    flags: new Uint8Array(n),
    service: new Array<string>(n),
    name: new Array<string>(n),
    key: new Array<string>(n),
  }
}

function rowsFromSpans(spans: readonly Span[]): TraceRows {
  const rows = allocateRows(spans.length)
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i] as Span
    rows.startUs[i] = s.startUs
    rows.durationUs[i] = s.durationUs
    rows.depth[i] = s.depth
    rows.parentIndex[i] = s.parentIndex
    rows.subtreeEnd[i] = s.subtreeEnd
    rows.childCount[i] = s.childCount
    rows.flags[i] = rowFlags(s.status === 'error', s.warnings, s.shared)
    rows.service[i] = s.service
    rows.name[i] = s.name
    rows.key[i] = s.key
  }
  return rows
}
