import { traceBuilder } from './buildTrace'
import type { TextSink } from './formats/jsonArrayStream'
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
