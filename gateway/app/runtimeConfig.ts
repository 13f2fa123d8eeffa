import type { GatewayConfig } from '../config/configSchema'

/** Same-origin base URLs of the proxied backends: what the browser app talks to. */
export const API_BASE = { metrics: '/api/metrics', traces: '/api/traces', logs: '/api/logs' } as const

/**
 * `/traceboard.config.json` for the standalone app, built from the gateway config: backend
 * kinds and same-origin URLs plus the public `app` section. Never an upstream URL, a
 * credential, an environment variable name or a masking rule.
 */
export function buildRuntimeConfig(config: GatewayConfig): Record<string, unknown> {
  const { backends, app } = config
  const out: Record<string, unknown> = {}
  if (app.basePath !== undefined) out.basePath = app.basePath
  if (app.locale !== undefined) out.locale = app.locale
  if (app.refreshIntervalMs !== undefined) out.refreshIntervalMs = app.refreshIntervalMs
  const b: Record<string, unknown> = {}
  if (backends.metrics) b.metrics = { url: API_BASE.metrics, preset: app.metricsPreset ?? 'auto' }
  if (backends.traces) b.traces = { kind: backends.traces.kind, url: API_BASE.traces }
  if (backends.logs) {
    b.logs = {
      flavour: backends.logs.flavour,
      url: API_BASE.logs,
      indexPattern: backends.logs.appIndexPattern ?? backends.logs.indexPatterns.join(','),
      mapping: app.logsMapping ?? 'ecs',
      contextFields: app.contextFields ?? [],
    }
  }
  out.backends = b
  return out
}
