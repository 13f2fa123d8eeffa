import type { Context } from '@opentelemetry/api'
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base'

/**
 * The sandbox's in-memory exporter: a SpanProcessor that hands every finished ReadableSpan,
 * unchanged, to a callback (the delayed-release queue in front of the trace store and the
 * span metrics). Nothing is serialised here; each read API converts on demand.
 */
export class SpanSink implements SpanProcessor {
  constructor(private readonly deliver: (span: ReadableSpan) => void) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.deliver(span)
  }

  forceFlush(): Promise<void> {
    return Promise.resolve()
  }

  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}
