import { traceBuilder } from './buildTrace'
import type { TextSink } from './formats/jsonArrayStream'
import { otlpSpanStream } from './formats/otlpStream'
import { zipkinSpanStream } from './formats/zipkin'
import type { Trace } from './model'

/**
 * Zipkin's `/api/v2/trace/{id}` read into a trace while it downloads: each run of spans is parsed,
 * converted and read into the builder as it arrives, so the last byte leaves only the tree passes.
 * `end` gives the trace (undefined for no spans) or throws when the body is not a JSON array.
 */
export function zipkinTraceStream(): TextSink<Trace | undefined> {
  const builder = traceBuilder()
  const spans = zipkinSpanStream((run) => builder.add(run))
  return {
    write: (piece) => spans.write(piece),
    end() {
      spans.end()
      return builder.count === 0 ? undefined : builder.build()
    },
  }
}

/** What an OTLP trace read while it downloaded leaves: the envelope to check, and the trace. */
export interface StreamedOtlpTrace {
  /**
   * The body as the whole-body read (`JSON.parse`, else one value per line) gives it, with the
   * spans arrays read emptied: the chunks' `{result}`, `{error}` and `{end}` envelopes.
   */
  body: unknown
  /** The trace of every chunk's spans (undefined for none); call once the envelope is accepted. */
  build(): Trace | undefined
}

/**
 * Jaeger v2's `/api/v3/traces/{id}` (OTLP JSON in `{result}`, or its NDJSON form) read into a
 * trace while it downloads: each run of spans is converted and read into the builder as it
 * arrives. `end` throws, as the whole-body read does, when the body is not JSON.
 */
export function otlpTraceStream(): TextSink<StreamedOtlpTrace> {
  const builder = traceBuilder()
  const spans = otlpSpanStream((run) => builder.add(run))
  return {
    write: (piece) => spans.write(piece),
    end() {
      const body = spans.end()
      return { body, build: () => (builder.count === 0 ? undefined : builder.build()) }
    },
  }
}
