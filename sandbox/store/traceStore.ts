import type { ReadableSpan } from '@opentelemetry/sdk-trace-base'
import { endMicros, parentIdOf, startMicros, traceIdOf } from '../wire/spanFields'

/** The spans of one trace as they arrived, with the trace's time bounds. */
export interface StoredTrace {
  traceId: string
  spans: ReadableSpan[]
  startUs: number
  endUs: number
}

/**
 * The last `maxTraces` traces, in arrival order of their first span. When full, the trace that
 * arrived first is evicted whole (a bounded store like Zipkin's in-memory storage, which drops
 * the oldest traces past `maxSpans`). Late spans of an evicted trace start a new entry.
 */
export class TraceStore {
  private readonly byId = new Map<string, StoredTrace>()

  constructor(readonly maxTraces: number) {
    if (!Number.isInteger(maxTraces) || maxTraces < 1) throw new RangeError('maxTraces must be a positive integer')
  }

  get size(): number {
    return this.byId.size
  }

  add(span: ReadableSpan): void {
    const traceId = traceIdOf(span)
    let stored = this.byId.get(traceId)
    if (!stored) {
      while (this.byId.size >= this.maxTraces) this.evictOldest()
      stored = { traceId, spans: [], startUs: Number.POSITIVE_INFINITY, endUs: Number.NEGATIVE_INFINITY }
      this.byId.set(traceId, stored)
    }
    stored.spans.push(span)
    stored.startUs = Math.min(stored.startUs, startMicros(span))
    stored.endUs = Math.max(stored.endUs, endMicros(span))
  }

  /**
   * A trace by id (case-insensitive, zero-padded). As in real Zipkin (STRICT_TRACE_ID=true, the
   * default) and Jaeger, a 16-hex id is a 64-bit id: it equals a 32-hex id whose high half is
   * zero, and does NOT find a 128-bit trace by its low half (tests/integration/real checks both).
   */
  get(id: string): StoredTrace | undefined {
    const lower = id.trim().toLowerCase()
    if (!/^[0-9a-f]{1,32}$/.test(lower)) return undefined
    const full = lower.padStart(32, '0')
    return this.byId.get(full) ?? (full.startsWith('0000000000000000') ? this.byId.get(full.slice(16)) : undefined)
  }

  /** Every stored trace, oldest arrival first. */
  all(): IterableIterator<StoredTrace> {
    return this.byId.values()
  }

  /** The root span (no parent, or a parent not in the trace), earliest first. */
  static root(t: StoredTrace): ReadableSpan | undefined {
    const ids = new Set(t.spans.map((s) => s.spanContext().spanId))
    let best: ReadableSpan | undefined
    for (const s of t.spans) {
      const parent = parentIdOf(s)
      if (parent !== undefined && ids.has(parent)) continue
      if (!best || startMicros(s) < startMicros(best)) best = s
    }
    return best
  }

  private evictOldest(): void {
    const first = this.byId.keys().next()
    if (first.done) return
    this.byId.delete(first.value)
  }
}
