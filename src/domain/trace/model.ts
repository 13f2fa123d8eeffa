/**
 * The one trace model every backend adapter and the file reader produce (ARCHITECTURE §3).
 *
 * `Trace.spans` is a flat array in pre-order (depth-first) with `depth`, `parentIndex` and
 * `subtreeEnd`, which is what a virtualised waterfall of 100,000 rows needs: a row is `spans[i]`,
 * collapsing span `i` skips to `spans[i].subtreeEnd`, and nothing is nested or recursive.
 */

export type SpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal' | 'unspecified'

/** OpenTelemetry's three states: `unset` is "nothing said", not "ok". */
export type SpanStatus = 'ok' | 'error' | 'unset'

/**
 * Int64 values beyond 2^53 stay strings (exact digits), binary values stay base64 text, and
 * arrays / key-value lists are JSON text: a value is always something the UI can print.
 */
export type AttributeValue = string | number | boolean
export type Attributes = Readonly<Record<string, AttributeValue>>

export interface SpanEvent {
  timeUs: number
  name: string
  attributes: Attributes
}

export type SpanLinkKind = 'child_of' | 'follows_from' | 'link'

export interface SpanLink {
  traceId: string
  spanId: string
  kind: SpanLinkKind
}

/** What went wrong with the data, as a stable code (for i18n) plus an English sentence. */
export type TraceWarningCode =
  | 'duplicate-id'
  | 'self-parent'
  | 'cycle-cut'
  | 'missing-parent'
  | 'invalid-id'
  | 'missing-timestamp'
  | 'missing-duration'
  | 'invalid-duration'
  | 'zero-duration'
  | 'skew-adjusted'
  | 'missing-service'
  | 'mixed-trace-ids'
  | 'empty-trace'
  | 'backend'

export interface TraceWarning {
  code: TraceWarningCode
  message: string
  /** Span-level `skew-adjusted`: microseconds added to the span's start (may be negative). */
  shiftUs?: number
  /** Trace-level summaries: how many spans the code applies to. */
  count?: number
}

export interface Span {
  /** Unique within the trace: the span id, or `<spanId>_1`… for a repeated id (Jaeger's rule). */
  key: string
  traceId: string
  /** The span id as sent (lowercase hex, 16 digits when it was hex); shared by Zipkin RPC halves. */
  spanId: string
  /** The parent id the span declared (normalised); undefined for roots, zero ids and self-parents. */
  parentSpanId: string | undefined
  service: string
  name: string
  kind: SpanKind
  startUs: number
  /** Never negative nor NaN (repaired values carry a warning). */
  durationUs: number
  status: SpanStatus
  statusMessage: string | undefined
  attributes: Attributes
  events: readonly SpanEvent[]
  /** References other than the one used as parent (Jaeger FOLLOWS_FROM, cross-trace, OTLP links). */
  links: readonly SpanLink[]
  /** Process / resource attributes, `service.name` included; shared between spans of one process. */
  resource: Attributes
  warnings: readonly TraceWarning[]
  /** Zipkin: the server half of an RPC that reuses its client's span id, nested under that client. */
  shared: boolean
  /** Zipkin `remoteEndpoint.serviceName`, OTel `peer.service`: who this span talked to. */
  remoteService: string | undefined
  /** 0 for top-level spans. */
  depth: number
  /** Index in `Trace.spans` of the parent row, -1 for top-level spans (roots and orphans). */
  parentIndex: number
  /** Direct children. */
  childCount: number
  /** Exclusive end of this span's subtree in `Trace.spans`: descendants are `(i, subtreeEnd)`. */
  subtreeEnd: number
}

export interface ServiceSpanCount {
  name: string
  spanCount: number
  errorCount: number
}

export interface Trace {
  /** Canonical trace id (the 128-bit form when 64- and 128-bit ids were mixed, as Zipkin does). */
  traceId: string
  /** Pre-order (DFS) rows: every span's parent row comes before it, children sorted by start. */
  spans: readonly Span[]
  /** Keys of the top-level spans: real roots first, then orphans whose parent is not in the trace. */
  rootSpanIds: readonly string[]
  /** Per service, sorted by name. */
  services: readonly ServiceSpanCount[]
  startUs: number
  durationUs: number
  spanCount: number
  errorCount: number
  /** Some span names a parent that is not in the trace (spans still shown, at top level). */
  incomplete: boolean
  warnings: readonly TraceWarning[]
}

/** A row of a trace search result list. */
export interface TraceSummary {
  traceId: string
  rootService: string
  rootOperation: string
  startUs: number
  durationUs: number
  spanCount: number
  errorCount: number
  services: readonly ServiceSpanCount[]
  incomplete: boolean
}

/** One edge of the service dependency graph. */
export interface DependencyLink {
  parent: string
  child: string
  callCount: number
  errorCount: number
}

/**
 * A span as read from a wire format, before the trace is built. Everything may be missing or
 * wrong: `buildTrace` repairs what it can and says so in warnings.
 */
export interface RawSpan {
  traceId: string
  spanId: string
  parentSpanId?: string | undefined
  name?: string | undefined
  service?: string | undefined
  kind?: SpanKind | undefined
  startUs?: number | undefined
  durationUs?: number | undefined
  status?: SpanStatus | undefined
  statusMessage?: string | undefined
  attributes?: Attributes | undefined
  events?: readonly SpanEvent[] | undefined
  links?: readonly SpanLink[] | undefined
  resource?: Attributes | undefined
  /** Warnings the backend attached to the span (Jaeger `warnings`). */
  backendWarnings?: readonly string[] | undefined
  remoteService?: string | undefined
  /** Identity of the host clock (an IP, a host name); spans on one host share clock skew. */
  host?: string | undefined
  /** Zipkin-only rules (fragment merge, shared client/server ids) apply to `zipkin` spans. */
  format?: 'zipkin' | 'jaeger' | 'otlp' | undefined
  /** Zipkin `shared`: a server span reusing its client's id. */
  shared?: boolean | undefined
  /** Zipkin local endpoint, used to tell fragments of one span from different servers. */
  endpoint?: RawEndpoint | undefined
}

export interface RawEndpoint {
  serviceName?: string | undefined
  ipv4?: string | undefined
  ipv6?: string | undefined
  port?: number | undefined
}
