import { DEMO_SLOS } from './slo/demoSlos'

/** Which trace API the demo app reads: the sandbox answers all three. */
export const TRACE_KINDS = ['zipkin', 'jaeger', 'jaeger-v3'] as const
export type TraceKind = (typeof TRACE_KINDS)[number]

export function isTraceKind(value: unknown): value is TraceKind {
  return typeof value === 'string' && (TRACE_KINDS as readonly string[]).includes(value)
}

/**
 * The `traceboard.config.json` the demo serves: the same typed options a production install
 * uses (src/module/options.ts), pointing at same-origin paths the sandbox answers or proxies.
 */
export function buildDemoConfig(traces: TraceKind, logIndex: string, logFlavour?: 'opensearch'): Record<string, unknown> {
  return {
    basePath: '/monitoring',
    refreshIntervalMs: 10_000,
    backends: {
      metrics: { url: '/api/metrics', preset: 'spanmetrics' },
      traces: { kind: traces, url: '/api/traces' },
      logs: { url: '/api/logs', indexPattern: logIndex, mapping: 'ecs', contextFields: ['tenant.id', 'customer.id'], ...(logFlavour ? { flavour: logFlavour } : {}) },
    },
    // The same options the demo Prometheus's SLO rules were exported from (sandbox/slo/demoSlos.ts).
    slos: DEMO_SLOS,
  }
}
