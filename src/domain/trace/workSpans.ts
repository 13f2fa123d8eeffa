import { isZeroId, normaliseSpanId } from '../ids'
import type { RawSpan, SpanKind, TraceWarning } from './model'
import { spanWarning, UNKNOWN_SERVICE } from './warnings'

const KINDS: ReadonlySet<string> = new Set<SpanKind>(['server', 'client', 'producer', 'consumer', 'internal', 'unspecified'])

/**
 * Struct-of-arrays view of the spans while a trace is built: typed arrays indexed by input
 * position keep 100k spans cheap and let every pass be a plain loop (no recursion, no per-step
 * objects).
 */
export interface WorkSpans {
  n: number
  raw: readonly RawSpan[]
  /** Normalised span id (lowercase hex, 16 digits) or the cleaned raw text when not hex. */
  ids: string[]
  /** Normalised declared parent id; undefined for none, all-zero and self references. */
  declaredParent: (string | undefined)[]
  start: Float64Array
  /** 1 when the span came with a usable start time (missing ones are filled later). */
  hasStart: Uint8Array
  duration: Float64Array
  /** 1 when the duration was reported and positive (clock skew needs real durations). */
  hasDuration: Uint8Array
  service: string[]
  kind: SpanKind[]
  /** Host-clock identity (an IP, a host name); '' when unknown, and then skew is not guessed. */
  clock: string[]
  warnings: (TraceWarning[] | undefined)[]
  /** First span holding each id (one map for the whole build: 100k-entry maps are not free). */
  firstById: Map<string, number>
  /** Some id is held by more than one span (Zipkin RPC halves, fragments or duplicates). */
  repeatedIds: boolean
}

/** Appends a warning to span `i`, creating its list on first use. */
export function addWarning(work: WorkSpans, i: number, w: TraceWarning): void {
  const list = work.warnings[i]
  if (list) list.push(w)
  else work.warnings[i] = [w]
}

/** Reads and repairs the per-span scalars: ids, parent ids, times, service names. */
export function readWorkSpans(raw: readonly RawSpan[]): WorkSpans {
  const n = raw.length
  const work: WorkSpans = {
    n,
    raw,
    ids: new Array<string>(n),
    declaredParent: new Array<string | undefined>(n),
    start: new Float64Array(n),
    hasStart: new Uint8Array(n),
    duration: new Float64Array(n),
    hasDuration: new Uint8Array(n),
    service: new Array<string>(n),
    kind: new Array<SpanKind>(n),
    clock: new Array<string>(n),
    warnings: new Array<TraceWarning[] | undefined>(n),
    firstById: new Map(),
    repeatedIds: false,
  }
  for (let i = 0; i < n; i++) {
    const s = raw[i] as RawSpan
    const rawId = typeof s.spanId === 'string' ? s.spanId : ''
    let id = normaliseSpanId(rawId)
    if (id === undefined) {
      id = rawId.trim().toLowerCase() || 'missing-id'
      addWarning(work, i, spanWarning.invalidId(rawId))
    }
    work.ids[i] = id
    if (work.firstById.has(id)) work.repeatedIds = true
    else work.firstById.set(id, i)
    work.declaredParent[i] = readParent(work, i, s, id)

    const start = s.startUs
    // Zipkin and Jaeger treat 0 as "not set"; no real span starts at the epoch.
    if (typeof start === 'number' && Number.isFinite(start) && start > 0) {
      work.start[i] = start
      work.hasStart[i] = 1
    } else {
      addWarning(work, i, spanWarning.missingTimestamp())
    }
    readDuration(work, i, s.durationUs)

    const service = typeof s.service === 'string' ? s.service.trim() : ''
    if (service === '') addWarning(work, i, spanWarning.missingService())
    work.service[i] = service || UNKNOWN_SERVICE
    work.kind[i] = typeof s.kind === 'string' && KINDS.has(s.kind) ? s.kind : 'unspecified'
    work.clock[i] = typeof s.host === 'string' ? s.host : ''
  }
  return work
}

function readParent(work: WorkSpans, i: number, s: RawSpan, id: string): string | undefined {
  const rawParent = typeof s.parentSpanId === 'string' ? s.parentSpanId : ''
  if (rawParent.trim() === '') return undefined
  const parent = normaliseSpanId(rawParent) ?? rawParent.trim().toLowerCase()
  // An all-zero parent id means "no parent" (grafana #100429).
  if (isZeroId(parent)) return undefined
  if (parent === id) {
    // A Zipkin shared server naming its own id points at its client, which is the rule anyway.
    if (!s.shared) addWarning(work, i, spanWarning.selfParent(id))
    return undefined
  }
  return parent
}

function readDuration(work: WorkSpans, i: number, d: number | undefined): void {
  if (d === undefined) {
    addWarning(work, i, spanWarning.missingDuration())
  } else if (typeof d !== 'number' || !Number.isFinite(d) || d < 0) {
    addWarning(work, i, spanWarning.invalidDuration(Number(d)))
  } else if (d === 0) {
    addWarning(work, i, spanWarning.zeroDuration())
  } else {
    work.duration[i] = d
    work.hasDuration[i] = 1
  }
}
