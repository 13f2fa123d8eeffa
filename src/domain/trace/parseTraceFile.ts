import { buildTrace } from './buildTrace'
import { jaegerTraceToRaw, looksLikeJaegerTrace, readJaegerTrace } from './formats/jaeger'
import { looksLikeOtlp, otlpToRaw } from './formats/otlp'
import { isRecord } from './formats/read'
import { looksLikeZipkinSpan, zipkinSpansToRaw } from './formats/zipkin'
import { groupByTrace, traceGroupKey } from './groupByTrace'
import type { RawSpan, Trace } from './model'
import { TraceFileError } from './traceFileError'

export type TraceFileFormat =
  | 'zipkin-span-list'
  | 'zipkin-trace-list'
  | 'zipkin-span'
  | 'jaeger-envelope'
  | 'jaeger-trace'
  | 'jaeger-trace-list'
  | 'otlp'
  | 'ndjson'

export interface ParsedTraceFile {
  traces: Trace[]
  /** About the file as a whole (skipped entries, backend errors in an envelope…). */
  warnings: string[]
  format: TraceFileFormat
}

/** What reading a file's JSON has gathered so far (exported for the streamed read). */
export interface Collected {
  spans: RawSpan[]
  /** Trace-level warnings by canonical trace id. */
  traceWarnings: Map<string, string[]>
  fileWarnings: string[]
  skipped: number
}

/**
 * Reads a trace file of any supported format, detecting it from the content, and builds one
 * `Trace` per trace id found. Bad spans inside a recognised file are repaired with warnings;
 * only a file that is not a trace format at all throws (a `TraceFileError`).
 */
export function parseTraceFile(text: string): ParsedTraceFile {
  const trimmed = text.trim()
  if (trimmed === '') throw new TraceFileError('an empty file')
  const acc = emptyCollected()
  let format: TraceFileFormat
  let value: unknown
  let parsed = true
  try {
    value = JSON.parse(trimmed)
  } catch (e) {
    parsed = false
    value = e
  }
  if (parsed) {
    format = collect(value, acc)
    // Let the parsed JSON tree go before the trace is built: at 100k spans it is most of the heap.
    value = undefined
  } else {
    readJsonLines(trimmed, acc, value)
    format = 'ndjson'
  }
  return finishTraceFile(acc, format, groupByTrace(acc.spans).map((g) => ({ traceId: g.traceId, build: (warnings) => buildTrace(g.spans, { warnings }) })))
}

export function emptyCollected(): Collected {
  return { spans: [], traceWarnings: new Map(), fileWarnings: [], skipped: 0 }
}

/** A trace of the file, built once its trace-level warnings are known. */
export interface TraceToBuild {
  traceId: string
  build(warnings: string[]): Trace
}

/** The end of the read, shared with the streamed one: traces built in order, file warnings after. */
export function finishTraceFile(acc: Collected, format: TraceFileFormat, groups: readonly TraceToBuild[]): ParsedTraceFile {
  if (acc.skipped > 0) acc.fileWarnings.push(`${acc.skipped} entries are not span objects and were skipped`)
  const traces = groups.map((g) => g.build(takeWarnings(acc, g.traceId)))
  for (const rest of acc.traceWarnings.values()) acc.fileWarnings.push(...rest)
  if (traces.length === 0) acc.fileWarnings.push('the file holds no spans')
  return { traces, warnings: acc.fileWarnings, format }
}

/** Warnings of a Jaeger trace object, found under its id or (merged 64/128-bit) its low half. */
function takeWarnings(acc: Collected, traceId: string): string[] {
  const found = [...(acc.traceWarnings.get(traceId) ?? [])]
  acc.traceWarnings.delete(traceId)
  if (traceId.length === 32) {
    found.push(...(acc.traceWarnings.get(traceId.slice(16)) ?? []))
    acc.traceWarnings.delete(traceId.slice(16))
  }
  return found
}

/** One JSON document per line: Jaeger's trace export, the OTel collector's file exporter. */
function readJsonLines(text: string, acc: Collected, parseError: unknown): void {
  const lines = text.split(/\r?\n/)
  let documents = 0
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim()
    if (line === '') continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      const reason = parseError instanceof Error ? parseError.message : String(parseError)
      throw new TraceFileError(
        documents === 0 ? `text that is not JSON (${reason})` : `a line that is not JSON (line ${i + 1})`,
      )
    }
    if (!isRecord(value)) throw new TraceFileError(`${describe(value)} on line ${i + 1}`)
    try {
      collect(value, acc)
    } catch (e) {
      throw e instanceof TraceFileError ? new TraceFileError(`${e.seen} on line ${i + 1}`) : e
    }
    documents++
  }
}

/** Reads one parsed JSON document of the file into `acc`; throws TraceFileError for any other JSON. */
export function collect(value: unknown, acc: Collected): TraceFileFormat {
  if (Array.isArray(value)) return collectArray(value, acc)
  if (!isRecord(value)) throw new TraceFileError(describe(value))
  if (Array.isArray(value.data)) {
    const traces = value.data.filter((t) => looksLikeJaegerTrace(t))
    if (traces.length === 0 && value.data.length > 0) throw new TraceFileError(`{"data": ${describe(value.data)}}`)
    for (const t of traces) collectJaeger(t, acc)
    acc.skipped += value.data.length - traces.length
    for (const e of Array.isArray(value.errors) ? value.errors : []) {
      const msg = isRecord(e) && typeof e.msg === 'string' ? e.msg : JSON.stringify(e)
      acc.fileWarnings.push(`the backend reported an error with this data: ${msg}`)
    }
    return 'jaeger-envelope'
  }
  if (looksLikeOtlp(value)) {
    const rs = isRecord(value.result) && Array.isArray(value.result.resourceSpans) ? value.result.resourceSpans : value.resourceSpans
    const { spans, skipped } = otlpToRaw(Array.isArray(rs) ? rs : [])
    push(acc.spans, spans)
    acc.skipped += skipped
    return 'otlp'
  }
  if (looksLikeJaegerTrace(value)) {
    collectJaeger(value, acc)
    return 'jaeger-trace'
  }
  if (looksLikeZipkinSpan(value)) {
    push(acc.spans, zipkinSpansToRaw([value]).spans)
    return 'zipkin-span'
  }
  throw new TraceFileError(describe(value))
}

function collectArray(list: unknown[], acc: Collected): TraceFileFormat {
  if (list.length === 0) return 'zipkin-span-list'
  const first = list[0]
  if (Array.isArray(first)) {
    const sample = list.find((t) => Array.isArray(t) && t.length > 0) as unknown[] | undefined
    if (sample && !looksLikeZipkinSpan(sample[0])) throw new TraceFileError(`a list of lists holding ${describe(sample)}`)
    for (const t of list) {
      if (!Array.isArray(t)) {
        acc.skipped++
        continue
      }
      const { spans, skipped } = zipkinSpansToRaw(t)
      push(acc.spans, spans)
      acc.skipped += skipped
    }
    return 'zipkin-trace-list'
  }
  if (looksLikeZipkinSpan(first)) {
    const { spans, skipped } = zipkinSpansToRaw(list)
    push(acc.spans, spans)
    acc.skipped += skipped
    return 'zipkin-span-list'
  }
  if (looksLikeJaegerTrace(first)) {
    for (const t of list) {
      if (looksLikeJaegerTrace(t)) collectJaeger(t, acc)
      else acc.skipped++
    }
    return 'jaeger-trace-list'
  }
  throw new TraceFileError(describe(list))
}

function collectJaeger(value: unknown, acc: Collected): void {
  const trace = readJaegerTrace(value)
  if (!trace) {
    acc.skipped++
    return
  }
  const { traceId, spans, warnings, skipped } = jaegerTraceToRaw(trace)
  push(acc.spans, spans)
  acc.skipped += skipped
  if (warnings.length > 0) {
    const key = traceGroupKey(traceId)
    acc.traceWarnings.set(key, [...(acc.traceWarnings.get(key) ?? []), ...warnings])
  }
}

/** `push(...items)` overflows the call stack beyond ~100k arguments. */
function push<T>(into: T[], items: readonly T[]): void {
  for (const x of items) into.push(x)
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) {
    if (v.length === 0) return 'an empty list'
    const first = v[0]
    const what = Array.isArray(first) ? 'lists' : isRecord(first) ? 'objects' : first === null ? 'nulls' : `${typeof first}s`
    return `a list of ${v.length} ${what}${isRecord(first) ? ` (the first with ${keysOf(first)})` : ''}`
  }
  if (isRecord(v)) return Object.keys(v).length === 0 ? 'an empty object' : `an object with ${keysOf(v)}`
  return `a JSON ${typeof v}`
}

function keysOf(v: Record<string, unknown>): string {
  const keys = Object.keys(v)
  if (keys.length === 0) return 'no keys'
  const shown = keys.slice(0, 6).map((k) => JSON.stringify(k.slice(0, 40)))
  return `keys ${shown.join(', ')}${keys.length > 6 ? ', …' : ''}`
}
