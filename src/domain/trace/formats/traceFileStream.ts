import { collect, emptyCollected, finishTraceFile, parseTraceFile, type Collected, type ParsedTraceFile, type TraceFileFormat } from '../parseTraceFile'
import { traceGroupBuilders, type TraceGroupBuilders } from '../traceGroupBuilders'
import { traceGroupKey } from '../groupByTrace'
import { looksLikeJaegerTrace, readJaegerTrace } from './jaeger'
import { jaegerTraceStream } from './jaegerStream'
import { BARE_ARRAY, jsonArrayStream, type TextSink } from './jsonArrayStream'
import { looksLikeOtlp } from './otlp'
import { otlpSpanStream } from './otlpStream'
import { isRecord } from './read'
import { looksLikeZipkinSpan, ZIPKIN_SPAN_START_KEYS, zipkinSpanReader } from './zipkin'

export interface TraceFileStreamOptions {
  /** Text gathered before a run is cut (tests use small runs to make many cuts). */
  minRun?: number
}

/**
 * A trace file read while it streams in. `end` gives what `parseTraceFile` of the whole text
 * gives, or `undefined` when only the whole text can say (invalid JSON, a shape the streamed
 * readers do not take): the caller then reads the file again, whole, for today's exact result.
 */
export interface TraceFileStream extends TextSink<ParsedTraceFile | undefined> {
  /** Spans already read into traces (for tests: proof the file was read while it arrived). */
  readonly spansRead: number
}

/** How much of the file's start is looked at to choose a reader. */
const SNIFF = 256
/** The first key of an object: what the file holds when it is one JSON object. */
const FIRST_KEY = /^\{\s*"([A-Za-z]*)"\s*:\s*(\S)/

/**
 * Chooses a streamed reader from the file's first bytes: a JSON array → Zipkin spans (runs
 * converted as they arrive; other arrays are read at the end as before), `{"data": [` → Jaeger's
 * API envelope (several traces allowed), `{"resourceSpans"` or `{"result"` → OTLP JSON and its
 * one-object-per-line form. Anything else (another object, NDJSON of Jaeger traces, HTML, CSV,
 * binary, empty) is kept and given to `parseTraceFile` whole at the end, as before.
 */
export function traceFileStream(options: TraceFileStreamOptions = {}): TraceFileStream {
  const groups = traceGroupBuilders()
  const acc = emptyCollected()
  let sniffed: string[] = []
  let sniffedLength = 0
  let reader: Reader | undefined

  const choose = (final: boolean): void => {
    const text = sniffed.join('')
    const first = text.search(/\S/)
    if (first < 0 || (!final && text.length - first < SNIFF)) return
    const c = text[first]
    const key = c === '{' ? FIRST_KEY.exec(text.slice(first, first + SNIFF)) : null
    if (c === '[') reader = zipkinArrayReader(groups, acc, options)
    else if (key?.[1] === 'data' && key[2] === '[') reader = jaegerEnvelopeReader(acc, options)
    else if (key?.[1] === 'resourceSpans' || key?.[1] === 'result') reader = otlpReader(groups, options)
    else reader = wholeReader()
    sniffed = []
    reader.write(text)
  }

  return {
    get spansRead() {
      return groups.count + (reader?.spansRead?.() ?? 0)
    },
    write(piece) {
      if (reader) return reader.write(piece)
      sniffed.push(piece)
      sniffedLength += piece.length
      if (sniffedLength >= SNIFF) choose(false)
    },
    end() {
      if (!reader) choose(true)
      const r = reader ?? wholeReader()
      let format: TraceFileFormat | ParsedTraceFile | undefined
      try {
        format = r.end()
      } catch (e) {
        // Not JSON after all: the whole-text read gives today's exact message.
        if (e instanceof SyntaxError || (e instanceof Error && r.fallsBackOnError)) return undefined
        throw e
      }
      if (format === undefined || typeof format === 'object') return format
      if (acc.spans.length > 0) groups.add(acc.spans)
      acc.spans = []
      return finishTraceFile(
        acc,
        format,
        groups.finish().map((g) => ({ traceId: g.traceId, build: (warnings: string[]) => g.builder.build({ warnings }) })),
      )
    },
  }
}

/** `end`: the format (spans in `acc` or the groups), the whole result, or undefined to read again. */
interface Reader {
  write(piece: string): void
  end(): TraceFileFormat | ParsedTraceFile | undefined
  /** Any error of `end` means "read it whole" (the reader's own checks throw plain errors). */
  fallsBackOnError?: boolean
  /** Spans read into a trace of the reader's own (not the shared groups). */
  spansRead?: () => number
}

/** A JSON array: Zipkin spans converted run by run; any other array read at the end as before. */
function zipkinArrayReader(groups: TraceGroupBuilders, acc: Collected, options: TraceFileStreamOptions): Reader {
  const read = zipkinSpanReader(() => acc.skipped++)
  let kind: 'unknown' | 'zipkin' | 'other' = 'unknown'
  let held: unknown[] = []
  const text = jsonArrayStream({
    place: BARE_ARRAY,
    startKeys: ZIPKIN_SPAN_START_KEYS,
    minRun: options.minRun,
    onElements(list) {
      // parseTraceFile's rule: the first element says what the list holds.
      if (kind === 'unknown') kind = looksLikeZipkinSpan(list[0]) ? 'zipkin' : 'other'
      if (kind === 'zipkin') groups.add(read(list))
      else for (const x of list) held.push(x)
    },
  })
  return {
    write: (piece) => text.write(piece),
    end() {
      const rest = text.end()
      if (!Array.isArray(rest)) return undefined
      if (kind === 'zipkin') {
        groups.add(read(rest))
        return 'zipkin-span-list'
      }
      const all = kind === 'other' ? held.concat(rest) : rest
      held = []
      return collect(all, acc)
    },
  }
}

/**
 * Jaeger's `{"data": [...]}` holding one trace: its spans converted as they arrive (Jaeger's own
 * stream). Several traces in `data`, spans of other trace ids, or no spans: read again whole.
 */
function jaegerEnvelopeReader(acc: Collected, options: TraceFileStreamOptions): Reader {
  const text = jaegerTraceStream({ minRun: options.minRun })
  return {
    fallsBackOnError: true,
    spansRead: () => text.spansRead,
    write: (piece) => text.write(piece),
    end() {
      const streamed = text.end()
      const body = streamed.body
      const data = isRecord(body) ? body.data : undefined
      const only: unknown = Array.isArray(data) && data.length === 1 ? data[0] : undefined
      const trace = looksLikeJaegerTrace(only) ? readJaegerTrace(only) : undefined
      if (!isRecord(body) || !isRecord(only) || !trace || typeof trace.traceID !== 'string') return undefined
      // The envelope as parseTraceFile reads it (errors, trace warnings), spans left out.
      const format = collect({ ...body, data: [{ ...only, spans: [] }] }, acc)
      const key = traceGroupKey(trace.traceID)
      const parsed = finishTraceFile(acc, format, [{ traceId: key, build: (warnings) => streamed.build(trace, { warnings }) }])
      const built = parsed.traces[0]
      // One group of that trace id is what groupByTrace makes of it; else it must decide.
      const oneGroup = built && built.spanCount > 0 && traceGroupKey(built.traceId) === key && !built.warnings.some((w) => w.code === 'mixed-trace-ids')
      return oneGroup ? parsed : undefined
    },
  }
}

/**
 * OTLP JSON (bare, in `{result}`, or one such object per line): spans converted as they arrive.
 * The envelope left at the end must be what parseTraceFile would read as OTLP, else the file is
 * read again whole (a `data` key beside `resourceSpans`, a line of another kind, an error line).
 */
function otlpReader(groups: TraceGroupBuilders, options: TraceFileStreamOptions): Reader {
  const text = otlpSpanStream((run) => groups.add(run), { minRun: options.minRun })
  return {
    fallsBackOnError: true,
    write: (piece) => text.write(piece),
    end() {
      const body = text.end()
      if (isRecord(body)) return readsAsOtlp(body) ? 'otlp' : undefined
      return Array.isArray(body) && body.every((line) => isRecord(line) && readsAsOtlp(line)) ? 'ndjson' : undefined
    },
  }
}

/** Whether parseTraceFile reads this document as OTLP from the same list the stream read. */
function readsAsOtlp(doc: Record<string, unknown>): boolean {
  if (Array.isArray(doc.data) || !looksLikeOtlp(doc)) return false
  const result = isRecord(doc.result) ? doc.result.resourceSpans : undefined
  // The stream reads `result.resourceSpans` whenever it is there; parseTraceFile only when a list.
  return result === undefined || Array.isArray(result) || !Array.isArray(doc.resourceSpans)
}

/** Any other file: kept as it came and read by parseTraceFile at the end. */
function wholeReader(): Reader {
  const pieces: string[] = []
  return {
    write: (piece) => void pieces.push(piece),
    end: () => parseTraceFile(pieces.join('')),
  }
}
