import { NO_ATTRIBUTES } from './attributes'
import { adjustClockSkew } from './clockSkew'
import { buildForest, sortChildren, type Forest } from './forest'
import { mergeZipkinFragments } from './mergeZipkinFragments'
import type { RawSpan, ServiceSpanCount, Span, SpanEvent, SpanKind, SpanLink, Trace, TraceWarning, TraceWarningCode } from './model'
import { resolveParents, type ResolvedParents } from './resolveParents'
import { allocateRows, attachRows, rowFlags, type TraceRows } from './traceRows'
import { NO_WARNINGS, spanWarning, summariseSpanWarnings } from './warnings'
import { addWarning, readWorkSpans, WorkSpansReader, type SpanProcess, type WorkSpans } from './workSpans'

export interface BuildTraceOptions {
  /** Trace-level warnings from the backend (Jaeger `warnings`, partial `errors`). */
  warnings?: readonly string[]
}

const NO_EVENTS: readonly SpanEvent[] = Object.freeze([])
const NO_LINKS: readonly SpanLink[] = Object.freeze([])

/**
 * Builds the one trace model from spans of one trace in any order and any state. It never
 * throws and never drops a span: fragments of one Zipkin span become one span, every other input
 * span is in `spans` exactly once, repaired where needed and with a warning saying how. Iterative
 * throughout (depth can exceed 10,000) and linear apart from sorting each span's children.
 */
export function buildTrace(rawSpans: readonly RawSpan[], options: BuildTraceOptions = {}): Trace {
  const builder = traceBuilder(rawSpans.length)
  builder.add(rawSpans)
  return builder.build(options)
}

export interface TraceBuilder {
  /** Spans read so far. */
  readonly count: number
  /** More spans of the trace, in input order; each is read (ids, times, names) at once. */
  add(rawSpans: readonly RawSpan[]): void
  /**
   * `add` for spans whose process (service, resource, host) is known only later: span k names
   * it by the small integer `processKeys[k]`, and `build` gets the processes by key.
   */
  addWithProcesses(rawSpans: readonly RawSpan[], processKeys: ArrayLike<number>): void
  /** The trace of every span added; the builder is spent. */
  build(options?: BuildTraceOptions, processes?: readonly (SpanProcess | undefined)[]): Trace
}

/**
 * `buildTrace` for spans that arrive in runs (a trace read while it downloads): the per-span
 * reading happens as each run comes, so `build` is left with the passes over the tree.
 */
export function traceBuilder(expected?: number): TraceBuilder {
  const reader = new WorkSpansReader(expected)
  return {
    get count() {
      return reader.count
    },
    add(rawSpans) {
      // Plain JavaScript callers can hand in anything; what is not an object is not a span.
      reader.add(rawSpans.every((s) => isObject(s)) ? rawSpans : rawSpans.filter(isObject))
    },
    addWithProcesses: (rawSpans, processKeys) => reader.addWithProcesses(rawSpans, processKeys),
    build: (options = {}, processes) => buildFrom(reader.finish(processes), options),
  }
}

function buildFrom(read: WorkSpans, options: BuildTraceOptions): Trace {
  let work = read
  if (work.repeatedIds) {
    const merged = mergeZipkinFragments(work.raw, work.ids, work.firstById)
    if (merged) work = readWorkSpans(merged)
  }
  const resolved = resolveParents(work)
  const forest = buildForest(resolved.parent)
  const shift = adjustClockSkew(work, forest, resolved.parent)
  for (let i = 0; i < work.n; i++) {
    if (shift[i] !== 0) addWarning(work, i, spanWarning.skewAdjusted(Math.round(shift[i] as number)))
  }
  sortChildren(forest, work.start)
  const order = preorder(forest, work.start, resolved.orphan)
  const parts = layout(work, resolved, order, options)
  return lazyTrace(parts, () => assembleSpans(work, resolved, order, shift, parts.rows))
}

/** Depth-first order with an explicit stack: real roots first, then orphans, each by start. */
function preorder(forest: Forest, start: Float64Array, orphan: Uint8Array): Int32Array {
  const tops = forest.tops
    .slice()
    .sort((a, b) => (orphan[a] as number) - (orphan[b] as number) || (start[a] as number) - (start[b] as number) || a - b)
  const order = new Int32Array(forest.n)
  const stack = new Int32Array(forest.n)
  let out = 0
  let sp = 0
  for (let t = tops.length - 1; t >= 0; t--) stack[sp++] = tops[t] as number
  while (sp > 0) {
    const i = stack[--sp] as number
    order[out++] = i
    for (let k = (forest.offsets[i + 1] as number) - 1, from = forest.offsets[i] as number; k >= from; k--) {
      stack[sp++] = forest.children[k] as number
    }
  }
  return order
}

interface Layout {
  trace: Omit<Trace, 'spans'>
  rows: TraceRows
}

/**
 * Everything but the `Span` objects, in one pass over typed arrays: pre-order rows, per-service
 * counts, trace id, bounds and warnings.
 */
function layout(work: WorkSpans, resolved: ResolvedParents, order: Int32Array, options: BuildTraceOptions): Layout {
  const n = work.n
  const newIndex = new Int32Array(n)
  for (let k = 0; k < n; k++) newIndex[order[k] as number] = k
  const rows = allocateRows(n)
  const { parentIndex, subtreeEnd } = rows
  for (let k = 0; k < n; k++) {
    const p = resolved.parent[order[k] as number] as number
    parentIndex[k] = p < 0 ? -1 : (newIndex[p] as number)
    subtreeEnd[k] = k + 1
  }
  // Children come after their parent in pre-order, so one backward pass sums subtree sizes.
  for (let k = n - 1; k > 0; k--) {
    const p = parentIndex[k] as number
    if (p >= 0) subtreeEnd[p]! += (subtreeEnd[k] as number) - k
  }

  const traceIds = new Map<string, number>()
  const services = new Map<string, ServiceSpanCount>()
  const codeCounts = new Map<TraceWarningCode, number>()
  const rootSpanIds: string[] = []
  let startUs = Infinity
  let endUs = -Infinity
  let errorCount = 0
  let traceIdRun = 0
  let lastTraceId = ''
  let lastService: ServiceSpanCount | undefined

  for (let k = 0; k < n; k++) {
    const i = order[k] as number
    const p = parentIndex[k] as number
    if (p >= 0) {
      rows.depth[k] = (rows.depth[p] as number) + 1
      rows.childCount[p]!++
    } else {
      rootSpanIds.push(resolved.keys[i] as string)
    }
    // Interned: nearly every span repeats the same trace id string, so count it per run.
    const traceId = work.traceId[i] as string
    if (traceId !== lastTraceId) {
      if (traceIdRun > 0) traceIds.set(lastTraceId, (traceIds.get(lastTraceId) ?? 0) + traceIdRun)
      traceIdRun = 0
      lastTraceId = traceId
    }
    traceIdRun++
    if (work.backendWarnings[i] === 1) {
      for (const w of (work.raw[i] as RawSpan).backendWarnings ?? []) addWarning(work, i, spanWarning.backend(String(w)))
    }
    const warnings = work.warnings[i]
    const error = work.error[i] === 1
    if (warnings) for (const w of warnings) codeCounts.set(w.code, (codeCounts.get(w.code) ?? 0) + 1)
    rows.flags[k] = rowFlags(error, warnings, resolved.sharedChild[i] === 1)

    const start = work.start[i] as number
    const duration = work.duration[i] as number
    const service = work.service[i] as string
    rows.startUs[k] = start
    rows.durationUs[k] = duration
    rows.service[k] = service
    rows.name[k] = work.name[i] as string
    rows.key[k] = resolved.keys[i] as string
    if (start < startUs) startUs = start
    if (start + duration > endUs) endUs = start + duration
    if (error) errorCount++
    const svc = service === lastService?.name ? lastService : services.get(service)
    lastService = svc
    if (svc) {
      svc.spanCount++
      if (error) svc.errorCount++
    } else {
      lastService = { name: service, spanCount: 1, errorCount: error ? 1 : 0 }
      services.set(service, lastService)
    }
  }

  if (traceIdRun > 0) traceIds.set(lastTraceId, (traceIds.get(lastTraceId) ?? 0) + traceIdRun)
  const warnings: TraceWarning[] = (options.warnings ?? []).map((w) => spanWarning.backend(w))
  const traceId = pickTraceId(traceIds, warnings)
  if (n === 0) warnings.push({ code: 'empty-trace', message: 'the trace has no spans' })
  warnings.push(...summariseSpanWarnings(codeCounts))
  return {
    rows,
    trace: {
      traceId,
      rootSpanIds,
      services: [...services.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      startUs: n === 0 ? 0 : startUs,
      durationUs: n === 0 ? 0 : endUs - startUs,
      spanCount: n,
      errorCount,
      incomplete: resolved.orphanCount > 0,
      warnings,
    },
  }
}

/** The `Span` objects, in row order; only built when something reads `trace.spans`. */
function assembleSpans(work: WorkSpans, resolved: ResolvedParents, order: Int32Array, shift: Float64Array, rows: TraceRows): Span[] {
  const n = work.n
  const out = new Array<Span>(n)
  for (let k = 0; k < n; k++) {
    const i = order[k] as number
    const s = work.raw[i] as RawSpan
    out[k] = {
      key: rows.key[k] as string,
      traceId: work.traceId[i] as string,
      spanId: work.ids[i] as string,
      parentSpanId: work.declaredParent[i],
      service: rows.service[k] as string,
      name: rows.name[k] as string,
      kind: work.kind[i] as SpanKind,
      startUs: rows.startUs[k] as number,
      durationUs: rows.durationUs[k] as number,
      status: s.status === 'error' || s.status === 'ok' ? s.status : 'unset',
      statusMessage: typeof s.statusMessage === 'string' ? s.statusMessage : undefined,
      attributes: isObject(s.attributes) ? s.attributes : NO_ATTRIBUTES,
      events: shiftEvents(s.events ?? NO_EVENTS, shift[i] as number),
      links: Array.isArray(s.links) ? s.links : NO_LINKS,
      resource: isObject(s.resource) ? s.resource : NO_ATTRIBUTES,
      warnings: work.warnings[i] ?? NO_WARNINGS,
      shared: resolved.sharedChild[i] === 1,
      remoteService: typeof s.remoteService === 'string' ? s.remoteService : undefined,
      depth: rows.depth[k] as number,
      parentIndex: rows.parentIndex[k] as number,
      childCount: rows.childCount[k] as number,
      subtreeEnd: rows.subtreeEnd[k] as number,
    }
  }
  return out
}

/**
 * The trace with `spans` built on first read (then kept as a plain property): the worker can
 * send the rows to the page first and build the objects while the page paints.
 */
function lazyTrace(parts: Layout, build: () => Span[]): Trace {
  const trace = { ...parts.trace, spans: [] as readonly Span[] }
  let spans: readonly Span[] | undefined
  let pending: (() => Span[]) | undefined = build
  Object.defineProperty(trace, 'spans', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (pending) {
        spans = pending()
        // The working arrays held by the builder are garbage from here on.
        pending = undefined
      }
      return spans
    },
  })
  attachRows(trace, parts.rows)
  return trace
}

/**
 * The longest id wins (zipkin-lens span-cleaner: a 128-bit id and its 64-bit low half are one
 * trace, shown with the 128-bit form); anything else mixed in is said out loud.
 */
function pickTraceId(counts: ReadonlyMap<string, number>, warnings: TraceWarning[]): string {
  let best = ''
  for (const id of counts.keys()) {
    if (id.length > best.length || (id.length === best.length && (counts.get(id) ?? 0) > (counts.get(best) ?? 0))) best = id
  }
  if (counts.size > 1) {
    const low = best.length === 32 ? best.slice(16) : best
    const foreign = [...counts.keys()].filter((id) => id !== best && id !== low)
    warnings.push({
      code: 'mixed-trace-ids',
      message:
        foreign.length === 0
          ? `spans carry both the 64-bit and the 128-bit form of trace id ${best}`
          : `spans carry ${counts.size} different trace ids; shown together as ${best}`,
    })
  }
  return best
}

function shiftEvents(events: readonly SpanEvent[], shiftUs: number): readonly SpanEvent[] {
  if (!Array.isArray(events)) return NO_EVENTS
  if (shiftUs === 0 || events.length === 0) return events
  return events.map((e) => ({ ...e, timeUs: e.timeUs + shiftUs }))
}

function isObject(v: unknown): v is RawSpan {
  return typeof v === 'object' && v !== null
}
