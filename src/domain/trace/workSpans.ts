import { isZeroId, normaliseSpanId, normaliseTraceId } from '../ids'
import type { RawSpan, SpanKind, TraceWarning } from './model'
import { SpanIdIndex } from './spanIdIndex'
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
  /** Interned: equal names are one string, so later passes compare pointers, not text. */
  service: string[]
  /** Span name, interned; '(no name)' when missing. */
  name: string[]
  /** Normalised trace id, interned. */
  traceId: string[]
  /** 1 when the span's status is error. */
  error: Uint8Array
  /** 1 when the backend attached warnings of its own (read when the trace is laid out). */
  backendWarnings: Uint8Array
  kind: SpanKind[]
  /** Host-clock identity (an IP, a host name); '' when unknown, and then skew is not guessed. */
  clock: string[]
  warnings: (TraceWarning[] | undefined)[]
  /** First span holding each id (one map for the whole build: 100k-entry maps are not free). */
  firstById: SpanIdIndex
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
    name: new Array<string>(n),
    traceId: new Array<string>(n),
    error: new Uint8Array(n),
    backendWarnings: new Uint8Array(n),
    kind: new Array<SpanKind>(n),
    clock: new Array<string>(n),
    warnings: new Array<TraceWarning[] | undefined>(n),
    firstById: new SpanIdIndex(n),
    repeatedIds: false,
  }
  // Strings from JSON.parse are fresh objects per span even when equal. One pass in input order
  // (memory order) interns them, so the passes in tree order touch no span object at all.
  const services = new Interner()
  const names = new Interner()
  let lastRawTraceId: unknown
  let lastTraceId = ''
  for (let i = 0; i < n; i++) {
    const s = raw[i] as RawSpan
    if (s.traceId !== lastRawTraceId) {
      lastRawTraceId = s.traceId
      lastTraceId = normalisedTraceId(s.traceId)
    }
    work.traceId[i] = lastTraceId
    work.name[i] = names.intern(typeof s.name === 'string' && s.name !== '' ? s.name : NO_NAME)
    if (s.status === 'error') work.error[i] = 1
    if (Array.isArray(s.backendWarnings) && s.backendWarnings.length > 0) work.backendWarnings[i] = 1
    const rawId = typeof s.spanId === 'string' ? s.spanId : ''
    let id = normaliseSpanId(rawId)
    if (id === undefined) {
      id = rawId.trim().toLowerCase() || 'missing-id'
      addWarning(work, i, spanWarning.invalidId(rawId))
    }
    work.ids[i] = id
    if (!work.firstById.add(id, i)) work.repeatedIds = true
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
    work.service[i] = services.intern(service || UNKNOWN_SERVICE)
    work.kind[i] = typeof s.kind === 'string' && KINDS.has(s.kind) ? s.kind : 'unspecified'
    work.clock[i] = typeof s.host === 'string' ? s.host : ''
  }
  return work
}

const NO_NAME = '(no name)'

function normalisedTraceId(v: unknown): string {
  const raw = typeof v === 'string' ? v : ''
  return normaliseTraceId(raw) ?? raw.trim().toLowerCase()
}

/** One string object per distinct text; the last one is checked first (runs are common). */
class Interner {
  private readonly seen = new Map<string, string>()
  private last = ''

  intern(text: string): string {
    if (text === this.last) return this.last
    let s = this.seen.get(text)
    if (s === undefined) {
      s = text
      this.seen.set(text, s)
    }
    this.last = s
    return s
  }
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
