// Apart from the parsers, so code that only recognises the error (the page's side of the worker
// channel) does not load them.
/** The file is not a trace file we know; the message says what is accepted and what was seen. */
export class TraceFileError extends Error {
  /** What was found instead, e.g. `an object with keys "status", "data"`. */
  readonly seen: string

  constructor(seen: string) {
    super(
      `Not a trace file Traceboard can read: found ${seen}. Accepted: Zipkin v2 JSON (a list of ` +
        'spans, a list of traces, or one span); Jaeger JSON (an API response {"data": [...]}, one ' +
        'trace {"traceID", "spans", "processes"}, a list of traces, or one trace per line); OTLP ' +
        'JSON ({"resourceSpans": [...]}, or {"result": {"resourceSpans": [...]}} as Jaeger v2 answers).',
    )
    this.name = 'TraceFileError'
    this.seen = seen
  }
}
