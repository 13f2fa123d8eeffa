import { anyParam, traceIdParam, type RouteRule } from './routeTable'

/** Zipkin v2 query API, GET only (no `POST /api/v2/spans`: that is ingestion). */
export const ZIPKIN_ROUTES: readonly RouteRule[] = [
  ...['services', 'spans', 'remoteServices', 'traces', 'traceMany', 'dependencies', 'autocompleteKeys', 'autocompleteValues'].map(
    (name): RouteRule => ({ op: name, methods: ['GET'], path: ['api', 'v2', name] }),
  ),
  { op: 'trace', methods: ['GET'], path: ['api', 'v2', 'trace', traceIdParam('traceId')] },
]

/** Jaeger query v1 JSON API (`/api/...`), GET only. */
export const JAEGER_ROUTES: readonly RouteRule[] = [
  { op: 'services', methods: ['GET'], path: ['api', 'services'] },
  { op: 'operations_of_service', methods: ['GET'], path: ['api', 'services', anyParam('service'), 'operations'] },
  { op: 'operations', methods: ['GET'], path: ['api', 'operations'] },
  { op: 'traces', methods: ['GET'], path: ['api', 'traces'] },
  { op: 'trace', methods: ['GET'], path: ['api', 'traces', traceIdParam('traceId')] },
  { op: 'dependencies', methods: ['GET'], path: ['api', 'dependencies'] },
]

/**
 * Jaeger v2 `/api/v3` query API, GET only, plus the two v1 reads the app's v3 adapter falls
 * back to on the same server: the v1 search for tag searches (Jaeger 1.75's `/api/v3/traces`
 * ignores attributes) and `/api/dependencies` (1.75 has no `/api/v3/dependencies`). Their
 * answers are masked like any other span payload.
 */
export const JAEGER_V3_ROUTES: readonly RouteRule[] = [
  { op: 'services', methods: ['GET'], path: ['api', 'v3', 'services'] },
  { op: 'operations', methods: ['GET'], path: ['api', 'v3', 'operations'] },
  { op: 'traces', methods: ['GET'], path: ['api', 'v3', 'traces'] },
  { op: 'trace', methods: ['GET'], path: ['api', 'v3', 'traces', traceIdParam('traceId')] },
  { op: 'trace_summaries', methods: ['GET'], path: ['api', 'v3', 'trace-summaries'] },
  { op: 'dependencies', methods: ['GET'], path: ['api', 'v3', 'dependencies'] },
  { op: 'v1_traces', methods: ['GET'], path: ['api', 'traces'] },
  { op: 'v1_dependencies', methods: ['GET'], path: ['api', 'dependencies'] },
]

/** The allow-list for a configured trace backend kind. */
export function traceRoutes(kind: 'zipkin' | 'jaeger' | 'jaeger-v3'): readonly RouteRule[] {
  return kind === 'zipkin' ? ZIPKIN_ROUTES : kind === 'jaeger' ? JAEGER_ROUTES : JAEGER_V3_ROUTES
}
