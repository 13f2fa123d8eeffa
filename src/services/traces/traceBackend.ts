import type { DependencyLink, Trace, TraceSummary } from '../../domain/trace'

export type TraceBackendKind = 'zipkin' | 'jaeger' | 'jaeger-v3'

/** A trace search. Times are epoch milliseconds, durations microseconds (converted per backend). */
export interface TraceQuery {
  service?: string
  operation?: string
  /** Span attributes that must match (Zipkin annotationQuery, Jaeger `tags`, v3 `attributes`). */
  tags?: Record<string, string>
  minDurationUs?: number
  maxDurationUs?: number
  startMs: number
  endMs: number
  limit: number
}

/**
 * Search results plus what the backend said about them: Jaeger answers 200 with `errors` when
 * some traces could not be loaded, and the list is then `partial` (the UI shows a badge).
 */
export interface TraceSearchResult {
  traces: TraceSummary[]
  partial: boolean
  warnings: string[]
}

export interface OperationInfo {
  name: string
  spanKind?: string
}

export interface DependencyWindow {
  endMs: number
  lookbackMs: number
}

/** One interface over Zipkin v2, Jaeger query v1 (`/api`) and Jaeger v2 (`/api/v3`). */
export interface TraceBackend {
  readonly kind: TraceBackendKind
  services(signal?: AbortSignal): Promise<string[]>
  operations(service: string, signal?: AbortSignal): Promise<OperationInfo[]>
  searchTraces(query: TraceQuery, signal?: AbortSignal): Promise<TraceSearchResult>
  /**
   * Undefined when the backend has no such trace. An id that is not 16 or 32 hex digits is
   * rejected before any request with an `invalidInput` failure.
   */
  getTrace(traceId: string, signal?: AbortSignal): Promise<Trace | undefined>
  dependencies(window: DependencyWindow, signal?: AbortSignal): Promise<DependencyLink[]>
}

/** Just the trace by id: what the trace worker builds for its requests. */
export type TraceGetter = Pick<TraceBackend, 'getTrace'>
