import type { Trace } from '../trace'
import { traceRows } from '../trace/traceRows'

/** Bits of `WaterfallData.flags`. */
export { ROW_ERROR as SPAN_ERROR, ROW_WARNING as SPAN_WARNING, ROW_SKEW as SPAN_SKEW, ROW_SHARED as SPAN_SHARED } from '../trace/traceRows'

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

/** No rows yet: what the waterfall shows while its trace loads. */
export function emptyWaterfallData(traceId: string): WaterfallData {
  const none = new Int32Array(0)
  return {
    traceId,
    count: 0,
    traceStartUs: 0,
    traceDurationUs: 0,
    startUs: new Float64Array(0),
    durationUs: new Float64Array(0),
    depth: none,
    parent: none,
    subtreeEnd: none,
    childCount: none,
    flags: new Uint8Array(0),
    service: none,
    name: none,
    services: [],
    names: [],
    keys: '',
    keyOffsets: new Int32Array(1),
    maxDepth: 0,
  }
}

/**
 * One linear pass over the trace's rows (no `Span` object is touched, so a freshly built trace
 * needs none); strings are interned so repeated names are stored once. The typed arrays are
 * the data's own (copies where the rows keep theirs), so they can be transferred.
 */
export function toWaterfallData(trace: Trace): WaterfallData {
  const rows = traceRows(trace)
  const n = rows.n
  const startUs = new Float64Array(n)
  const service = new Int32Array(n)
  const name = new Int32Array(n)
  const keyOffsets = new Int32Array(n + 1)
  const serviceIndex = new Map<string, number>()
  const nameIndex = new Map<string, number>()
  const services: string[] = []
  const names: string[] = []
  // Services in the trace's (name) order, so index k is the same service in the header and rows.
  for (const svc of trace.services) intern(svc.name, serviceIndex, services)
  let offset = 0
  let maxDepth = 0
  // Neighbouring rows mostly share service and name: skip the map lookup when they repeat.
  let lastService = ''
  let lastServiceIndex = -1
  let lastName = ''
  let lastNameIndex = -1
  for (let i = 0; i < n; i++) {
    startUs[i] = (rows.startUs[i] as number) - trace.startUs
    const d = rows.depth[i] as number
    if (d > maxDepth) maxDepth = d
    const svc = rows.service[i] as string
    if (svc !== lastService || lastServiceIndex < 0) {
      lastService = svc
      lastServiceIndex = intern(svc, serviceIndex, services)
    }
    service[i] = lastServiceIndex
    const nm = rows.name[i] as string
    if (nm !== lastName || lastNameIndex < 0) {
      lastName = nm
      lastNameIndex = intern(nm, nameIndex, names)
    }
    name[i] = lastNameIndex
    keyOffsets[i] = offset
    offset += (rows.key[i] as string).length
  }
  keyOffsets[n] = offset
  return {
    traceId: trace.traceId,
    count: n,
    traceStartUs: trace.startUs,
    traceDurationUs: trace.durationUs,
    startUs,
    durationUs: rows.durationUs.slice(),
    depth: rows.depth.slice(),
    parent: rows.parentIndex.slice(),
    subtreeEnd: rows.subtreeEnd.slice(),
    childCount: rows.childCount.slice(),
    flags: rows.flags.slice(),
    service,
    name,
    services,
    names,
    keys: rows.key.join(''),
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
