import type { Trace } from '../trace'

/** Bits of `WaterfallData.flags`. */
export const SPAN_ERROR = 1
export const SPAN_WARNING = 2
export const SPAN_SKEW = 4
export const SPAN_SHARED = 8

/**
 * What the waterfall needs of a trace, as flat typed arrays indexed like `Trace.spans` (pre-order):
 * a few bytes per span instead of an object graph, so 100,000 rows cost a few MB, cross from the
 * worker without copying (transferable buffers) and render in O(1) per row. Text is interned:
 * `names[name[i]]`, `services[service[i]]` (services in `Trace.services` order); span keys are
 * one string sliced by `keyOffsets`.
 */
export interface WaterfallData {
  readonly traceId: string
  readonly count: number
  readonly traceStartUs: number
  readonly traceDurationUs: number
  /** Start relative to `traceStartUs`. */
  readonly startUs: Float64Array
  readonly durationUs: Float64Array
  readonly depth: Int32Array
  /** Row index of the parent, -1 for top-level rows. */
  readonly parent: Int32Array
  /** Exclusive end of the row's subtree: descendants are rows `(i, subtreeEnd[i])`. */
  readonly subtreeEnd: Int32Array
  readonly childCount: Int32Array
  readonly flags: Uint8Array
  readonly service: Int32Array
  readonly name: Int32Array
  readonly services: readonly string[]
  readonly names: readonly string[]
  /** Every `Span.key` concatenated; row `i` is `keys.slice(keyOffsets[i], keyOffsets[i + 1])`. */
  readonly keys: string
  readonly keyOffsets: Int32Array
  readonly maxDepth: number
}

/** One linear pass over the trace; strings are interned so repeated names are stored once. */
export function toWaterfallData(trace: Trace): WaterfallData {
  const spans = trace.spans
  const n = spans.length
  const startUs = new Float64Array(n)
  const durationUs = new Float64Array(n)
  const depth = new Int32Array(n)
  const parent = new Int32Array(n)
  const subtreeEnd = new Int32Array(n)
  const childCount = new Int32Array(n)
  const flags = new Uint8Array(n)
  const service = new Int32Array(n)
  const name = new Int32Array(n)
  const keyOffsets = new Int32Array(n + 1)
  const serviceIndex = new Map<string, number>()
  const nameIndex = new Map<string, number>()
  const services: string[] = []
  const names: string[] = []
  const keyParts: string[] = new Array<string>(n)
  // Services in the trace's (name) order, so index k is the same service in the header and rows.
  for (const svc of trace.services) intern(svc.name, serviceIndex, services)
  let offset = 0
  let maxDepth = 0
  for (let i = 0; i < n; i++) {
    const s = spans[i]!
    startUs[i] = s.startUs - trace.startUs
    durationUs[i] = s.durationUs
    depth[i] = s.depth
    if (s.depth > maxDepth) maxDepth = s.depth
    parent[i] = s.parentIndex
    subtreeEnd[i] = s.subtreeEnd
    childCount[i] = s.childCount
    let f = s.status === 'error' ? SPAN_ERROR : 0
    if (s.warnings.length > 0) {
      f |= SPAN_WARNING
      if (s.warnings.some((w) => w.code === 'skew-adjusted')) f |= SPAN_SKEW
    }
    if (s.shared) f |= SPAN_SHARED
    flags[i] = f
    service[i] = intern(s.service, serviceIndex, services)
    name[i] = intern(s.name, nameIndex, names)
    keyParts[i] = s.key
    keyOffsets[i] = offset
    offset += s.key.length
  }
  keyOffsets[n] = offset
  return {
    traceId: trace.traceId,
    count: n,
    traceStartUs: trace.startUs,
    traceDurationUs: trace.durationUs,
    startUs,
    durationUs,
    depth,
    parent,
    subtreeEnd,
    childCount,
    flags,
    service,
    name,
    services,
    names,
    keys: keyParts.join(''),
    keyOffsets,
    maxDepth,
  }
}

function intern(value: string, index: Map<string, number>, table: string[]): number {
  let k = index.get(value)
  if (k === undefined) {
    k = table.length
    table.push(value)
    index.set(value, k)
  }
  return k
}

/** The `Span.key` of row `i`. */
export function spanKeyAt(d: WaterfallData, i: number): string {
  return d.keys.slice(d.keyOffsets[i], d.keyOffsets[i + 1])
}

/** Row of the span whose key (or, failing that, span id) is `id`; -1 when absent. */
export function indexOfSpan(d: WaterfallData, id: string): number {
  const trimmed = id.trim()
  if (trimmed === '') return -1
  const exact = findKey(d, trimmed)
  if (exact >= 0 || trimmed === trimmed.toLowerCase()) return exact
  return findKey(d, trimmed.toLowerCase())
}

function findKey(d: WaterfallData, wanted: string): number {
  let from = 0
  // Search the joined keys for the text, then check it starts and ends on a key boundary.
  for (;;) {
    const at = d.keys.indexOf(wanted, from)
    if (at < 0) return -1
    const row = rowAtOffset(d, at)
    if (d.keyOffsets[row] === at && d.keyOffsets[row + 1] === at + wanted.length) return row
    from = at + 1
  }
}

function rowAtOffset(d: WaterfallData, offset: number): number {
  let lo = 0
  let hi = d.count - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((d.keyOffsets[mid] as number) <= offset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** The buffers `postMessage` can move instead of copying. */
export function waterfallTransferables(d: WaterfallData): ArrayBuffer[] {
  return [d.startUs, d.durationUs, d.depth, d.parent, d.subtreeEnd, d.childCount, d.flags, d.service, d.name, d.keyOffsets].map(
    (a) => a.buffer as ArrayBuffer,
  )
}
