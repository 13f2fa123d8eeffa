import type { RouteRule } from './routeTable'

// Classic label names only: the path segment is checked before Prometheus sees it.
const labelName = { param: 'label', valid: (v: string) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v) }

/**
 * Prometheus HTTP API read endpoints (VictoriaMetrics, Mimir and Thanos serve the same paths).
 * Never `/api/v1/admin/*`, `/api/v1/write`, `/-/reload`, `/-/quit`, `/federate`,
 * `/api/v1/status/config|flags` (config may hold secrets) or `/api/v1/targets`.
 * POST is allowed where Prometheus accepts a form body for long expressions.
 */
export const PROMETHEUS_ROUTES: readonly RouteRule[] = [
  { op: 'query', methods: ['GET', 'POST'], path: ['api', 'v1', 'query'] },
  { op: 'query_range', methods: ['GET', 'POST'], path: ['api', 'v1', 'query_range'] },
  { op: 'labels', methods: ['GET', 'POST'], path: ['api', 'v1', 'labels'] },
  { op: 'label_values', methods: ['GET'], path: ['api', 'v1', 'label', labelName, 'values'] },
  { op: 'series', methods: ['GET', 'POST'], path: ['api', 'v1', 'series'] },
  { op: 'alerts', methods: ['GET'], path: ['api', 'v1', 'alerts'] },
  { op: 'rules', methods: ['GET'], path: ['api', 'v1', 'rules'] },
  { op: 'query_exemplars', methods: ['GET', 'POST'], path: ['api', 'v1', 'query_exemplars'] },
  { op: 'buildinfo', methods: ['GET'], path: ['api', 'v1', 'status', 'buildinfo'] },
]
