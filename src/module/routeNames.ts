/** Route names are prefixed so they never collide with the host's. */
export const ROUTE = {
  root: 'tb.root',
  /** Status cards of every service (metrics). */
  overview: 'tb.overview',
  /** One service: params `service`; query `range`|`from`+`to`. */
  service: 'tb.service',
  alerts: 'tb.alerts',
  /** SLOs and error budgets; query `slo` (selected), `service`, `status`, `sort`, `dir`. */
  slos: 'tb.slos',
  /** Trace search; query documented in links.ts (`tracesLink`). */
  traces: 'tb.traces',
  /** One trace: params `traceId`; query `span`. */
  trace: 'tb.trace',
  /** Service dependency graph from the trace backend; query `range`|`from`+`to`. */
  dependencies: 'tb.dependencies',
  /** Log search; query documented in links.ts (`logsLink`). */
  logs: 'tb.logs',
  connections: 'tb.connections',
  denied: 'tb.denied',
  /** Any other path under basePath (a mistyped or stale link). */
  notFound: 'tb.notFound',
} as const
