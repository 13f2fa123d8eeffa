import { traceBuilder, type BuildTraceOptions } from '../buildTrace'
import type { RawSpan, Trace } from '../model'
import type { SpanProcess } from '../workSpans'
import { jaegerProcesses, jaegerProcessOf, jaegerSpanToRaw, type JaegerTrace } from './jaeger'
import { jsonArrayStream, type ArrayPlace, type TextSink } from './jsonArrayStream'
import { isRecord, str, type JsonRecord } from './read'

/** `data[0].spans` of Jaeger's `{data: [trace], …}` envelope for one trace. */
const SPANS_OF_ONE_TRACE: ArrayPlace = {
  find: (head) => {
    const at = head.indexOf('"spans":[')
    return at < 0 ? -1 : at + '"spans":['.length
  },
  close: ']}]}',
  holdsEmpty: (body) => {
    const data = isRecord(body) ? body.data : undefined
    const trace: unknown = Array.isArray(data) && data.length === 1 ? data[0] : undefined
    return isRecord(trace) && Array.isArray(trace.spans) && trace.spans.length === 0
  },
}

/** Keys Jaeger's encoder starts a span with (model/json); references start with `refType`. */
const SPAN_START_KEYS: ReadonlySet<string> = new Set(['traceID', 'spanID', 'operationName'])

/** What `/api/traces/{id}` read while it downloaded leaves: the envelope to check, and the trace. */
export interface StreamedJaegerTrace {
  /**
   * The body as `JSON.parse` gives it, except that `data[0].spans` holds only the spans not read
   * yet (all of them when the body could not be read in runs, e.g. pretty-printed).
   */
  body: unknown
  /**
   * The trace of `data[0]` (as `jaegerTraceSchema` reads it from `body`) with the spans read
   * before: equal to `buildTrace(jaegerTraceToRaw(trace).spans, options)` of the whole body.
   * The stream is spent.
   */
  build(trace: JaegerTrace, options?: BuildTraceOptions): Trace
}

/**
 * `/api/traces/{id}` read into a trace while it downloads. Each run of `data[0].spans` is parsed,
 * converted and read into the trace builder as it arrives. `processes` comes after the spans in
 * Jaeger's JSON, so a span names its process by a small key; the keys are resolved once at the
 * end, per process rather than per span. `end` throws when the body is not valid JSON.
 */
export function jaegerTraceStream(tuning: { minRun?: number } = {}): TextSink<StreamedJaegerTrace> & { readonly spansRead: number } {
  const builder = traceBuilder()
  const keys = new ProcessKeys()
  // From the first span without a trace id of its own on, spans wait for the end: they take the
  // trace's `traceID`, which a reordered body may send after them. Jaeger's spans all carry one.
  let held: unknown[] | undefined

  const convert = (list: readonly unknown[], from: number, traceIdOfTrace: string | undefined): void => {
    const run: RawSpan[] = []
    const runKeys: number[] = []
    for (let k = from; k < list.length; k++) {
      const v = list[k]
      if (!isRecord(v)) continue
      run.push(jaegerSpanToRaw(v, undefined, traceIdOfTrace))
      runKeys.push(keys.keyOf(str(v.processID), v.process))
    }
    if (run.length > 0) builder.addWithProcesses(run, runKeys)
  }

  const text = jsonArrayStream({
    ...tuning,
    place: SPANS_OF_ONE_TRACE,
    startKeys: SPAN_START_KEYS,
    onElements: (list) => {
      if (held === undefined) {
        const at = list.findIndex((v) => isRecord(v) && typeof v.traceID !== 'string')
        if (at < 0) return convert(list, 0, undefined)
        convert(list.slice(0, at), 0, undefined)
        held = list.slice(at)
      } else {
        for (const v of list) held.push(v)
      }
    },
  })

  return {
    /** Spans converted so far (an upload's proof that it was read while it arrived). */
    get spansRead() {
      return builder.count
    },
    write: (piece) => text.write(piece),
    end() {
      const body = text.end()
      return {
        body,
        build(trace, options) {
          if (held) convert(held, 0, trace.traceID)
          held = undefined
          convert(trace.spans, 0, trace.traceID)
          return builder.build(options, keys.resolve(trace))
        },
      }
    },
  }
}

/**
 * Small integer keys for the processes spans name: one per `processID`. A span carrying its own
 * `process` object gets a key of its own, as that object is its process only when its id is not
 * in `processes` (not known until the end).
 */
class ProcessKeys {
  private readonly refs: { id: string | undefined; inline: JsonRecord | undefined }[] = []
  private readonly byId = new Map<string | undefined, number>()
  private lastId: string | undefined
  private lastKey = -1

  keyOf(id: string | undefined, inline: unknown): number {
    if (isRecord(inline)) {
      this.refs.push({ id, inline })
      return this.refs.length - 1
    }
    if (this.lastKey >= 0 && id === this.lastId) return this.lastKey
    let key = this.byId.get(id)
    if (key === undefined) {
      key = this.refs.length
      this.refs.push({ id, inline: undefined })
      this.byId.set(id, key)
    }
    this.lastId = id
    this.lastKey = key
    return key
  }

  /** Each key's process, by the rule the whole-body conversion applies per span. */
  resolve(trace: JaegerTrace): (SpanProcess | undefined)[] {
    const processes = jaegerProcesses(trace)
    return this.refs.map((r) => jaegerProcessOf(processes, r.id, r.inline))
  }
}
