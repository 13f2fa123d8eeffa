import { isZeroId, normaliseSpanId, normaliseTraceId } from '../ids'
import type { Attributes, RawSpan, SpanKind, TraceWarning } from './model'
import { isZipkinShared } from './mergeZipkinFragments'
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
  /**
   * First holder of the declared parent id when that span was read before this one, else -1.
   * Read as the spans arrive, so the parent lookups are mostly done before the build starts.
   */
  parentSeen: Int32Array
  /** 1 for a Zipkin server half sharing its client's id (`isZipkinShared`). */
  sharedHalf: Uint8Array
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

/**
 * What a span's process gives it when that is known only after the span was read (Jaeger's
 * `processes` comes after its `spans`): the span names the process by a small key instead.
 */
export interface SpanProcess {
  service: string | undefined
  resource: Attributes | undefined
  host: string | undefined
}

/** Appends a warning to span `i`, creating its list on first use. */
export function addWarning(work: WorkSpans, i: number, w: TraceWarning): void {
  const list = work.warnings[i]
  if (list) list.push(w)
  else work.warnings[i] = [w]
}

/** Reads and repairs the per-span scalars: ids, parent ids, times, service names. */
export function readWorkSpans(raw: readonly RawSpan[]): WorkSpans {
  const reader = new WorkSpansReader(raw.length)
  reader.add(raw)
  return reader.finish()
}

/**
 * `readWorkSpans` fed in runs: a trace read while it downloads is read span by span as each run
 * arrives, so only the tree passes are left when the last byte comes. Arrays grow by doubling.
 */
export class WorkSpansReader {
  private work: WorkSpans
  private capacity: number
  private readonly raw: RawSpan[] = []
  // Strings from JSON.parse are fresh objects per span even when equal. One pass in input order
  // (memory order) interns them, so the passes in tree order touch no span object at all.
  private readonly services = new Interner()
  private readonly names = new Interner()
  private lastRawTraceId: unknown
  private lastTraceId = ''
  /** Per span: 1 + its process key when its service, resource and host come later, else 0. */
  private processKeys: Int32Array | undefined

  constructor(expected = 1024) {
    this.capacity = Math.max(1, expected)
    this.work = emptyWork(this.raw, this.capacity)
  }

  /** Spans read so far. */
  get count(): number {
    return this.work.n
  }

  add(spans: readonly RawSpan[]): void {
    this.reserve(spans.length)
    for (let k = 0; k < spans.length; k++) {
      const i = this.work.n++
      this.raw.push(spans[k] as RawSpan)
      this.read(i, spans[k] as RawSpan, false)
    }
  }

  /**
   * Spans whose service, resource and host are not known yet: span k belongs to the process
   * `processKeys[k]` (a small integer), given to `finish` once known. Everything else is read now.
   */
  addWithProcesses(spans: readonly RawSpan[], processKeys: ArrayLike<number>): void {
    this.reserve(spans.length)
    this.processKeys ??= new Int32Array(this.capacity)
    const keys = this.processKeys
    for (let k = 0; k < spans.length; k++) {
      const i = this.work.n++
      this.raw.push(spans[k] as RawSpan)
      this.read(i, spans[k] as RawSpan, true)
      keys[i] = (processKeys[k] as number) + 1
    }
  }

  /**
   * The spans read, as the build's working arrays (exactly `n` long). `processes[key]` is the
   * process of the spans added with that key (missing: no process, as a span without one).
   */
  finish(processes: readonly (SpanProcess | undefined)[] = []): WorkSpans {
    if (this.processKeys) this.resolveProcesses(this.processKeys, processes)
    const w = this.work
    const n = w.n
    return {
      ...w,
      start: w.start.subarray(0, n),
      hasStart: w.hasStart.subarray(0, n),
      duration: w.duration.subarray(0, n),
      hasDuration: w.hasDuration.subarray(0, n),
      error: w.error.subarray(0, n),
      backendWarnings: w.backendWarnings.subarray(0, n),
      parentSeen: w.parentSeen.subarray(0, n),
      sharedHalf: w.sharedHalf.subarray(0, n),
    }
  }

  /**
   * Once per process, not per span: the service name interned and checked, the host as a clock;
   * then each keyed span takes its process's values (its RawSpan too, which the span detail and
   * the Zipkin merge read). The missing-service warning comes last, where `read` would add it.
   */
  private resolveProcesses(keys: Int32Array, processes: readonly (SpanProcess | undefined)[]): void {
    const w = this.work
    const table = processes.map((p) => {
      const service = typeof p?.service === 'string' ? p.service.trim() : ''
      return {
        process: p,
        service: this.services.intern(service || UNKNOWN_SERVICE),
        missing: service === '',
        clock: typeof p?.host === 'string' ? p.host : '',
      }
    })
    const none = { process: undefined, service: UNKNOWN_SERVICE, missing: true, clock: '' }
    for (let i = 0; i < w.n; i++) {
      const key = keys[i] as number
      if (key === 0) continue
      const t = table[key - 1] ?? none
      const s = this.raw[i] as RawSpan
      s.service = t.process?.service
      s.resource = t.process?.resource
      s.host = t.process?.host
      w.service[i] = t.service
      w.clock[i] = t.clock
      if (t.missing) addWarning(w, i, spanWarning.missingService())
    }
    this.processKeys = undefined
  }

  private reserve(more: number): void {
    const need = this.work.n + more
    if (need > this.capacity) this.grow(Math.max(need, this.capacity * 2))
  }

  /** Doubles the typed arrays (plain arrays grow by themselves; warnings stay preallocated). */
  private grow(capacity: number): void {
    const w = this.work
    if (this.processKeys) this.processKeys = widen(this.processKeys, capacity)
    w.start = widen(w.start, capacity)
    w.hasStart = widen(w.hasStart, capacity)
    w.duration = widen(w.duration, capacity)
    w.hasDuration = widen(w.hasDuration, capacity)
    w.error = widen(w.error, capacity)
    w.backendWarnings = widen(w.backendWarnings, capacity)
    w.parentSeen = widen(w.parentSeen, capacity)
    w.sharedHalf = widen(w.sharedHalf, capacity)
    // Set at any index, so kept preallocated: a sparse array would fall into dictionary mode.
    const warnings = new Array<TraceWarning[] | undefined>(capacity)
    for (let i = 0; i < w.n; i++) warnings[i] = w.warnings[i]
    w.warnings = warnings
    this.capacity = capacity
  }

  /** `later`: the service and host come from the span's process, resolved in `finish`. */
  private read(i: number, s: RawSpan, later: boolean): void {
    const work = this.work
    if (s.traceId !== this.lastRawTraceId) {
      this.lastRawTraceId = s.traceId
      this.lastTraceId = normalisedTraceId(s.traceId)
    }
    work.traceId[i] = this.lastTraceId
    work.name[i] = this.names.intern(typeof s.name === 'string' && s.name !== '' ? s.name : NO_NAME)
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
    const parent = readParent(work, i, s, id)
    work.declaredParent[i] = parent
    work.parentSeen[i] = parent === undefined ? -1 : (work.firstById.get(parent) ?? -1)
    if (isZipkinShared(s)) work.sharedHalf[i] = 1

    const start = s.startUs
    // Zipkin and Jaeger treat 0 as "not set"; no real span starts at the epoch.
    if (typeof start === 'number' && Number.isFinite(start) && start > 0) {
      work.start[i] = start
      work.hasStart[i] = 1
    } else {
      addWarning(work, i, spanWarning.missingTimestamp())
    }
    readDuration(work, i, s.durationUs)

    if (later) {
      // Placeholders keep the arrays packed (a hole would turn them into dictionaries).
      work.service[i] = UNKNOWN_SERVICE
      work.clock[i] = ''
    } else {
      const service = typeof s.service === 'string' ? s.service.trim() : ''
      if (service === '') addWarning(work, i, spanWarning.missingService())
      work.service[i] = this.services.intern(service || UNKNOWN_SERVICE)
      work.clock[i] = typeof s.host === 'string' ? s.host : ''
    }
    work.kind[i] = typeof s.kind === 'string' && KINDS.has(s.kind) ? s.kind : 'unspecified'
  }
}

function widen<A extends Float64Array | Int32Array | Uint8Array>(a: A, length: number): A {
  const out = new (a.constructor as new (n: number) => A)(length)
  out.set(a)
  return out
}

function emptyWork(raw: readonly RawSpan[], capacity: number): WorkSpans {
  return {
    n: 0,
    raw,
    ids: [],
    declaredParent: [],
    parentSeen: new Int32Array(capacity),
    sharedHalf: new Uint8Array(capacity),
    start: new Float64Array(capacity),
    hasStart: new Uint8Array(capacity),
    duration: new Float64Array(capacity),
    hasDuration: new Uint8Array(capacity),
    service: [],
    name: [],
    traceId: [],
    error: new Uint8Array(capacity),
    backendWarnings: new Uint8Array(capacity),
    kind: [],
    clock: [],
    warnings: new Array<TraceWarning[] | undefined>(capacity),
    firstById: new SpanIdIndex(capacity),
    repeatedIds: false,
  }
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
