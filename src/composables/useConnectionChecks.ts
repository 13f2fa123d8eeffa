import { useBackendQuery, type BackendQuery } from './useBackendQuery'
import { resolveMetricsPreset } from './useMetricsPreset'
import type { BackendClients } from '@/services/backends'

export interface MetricsCheck {
  version: string
  preset: string | undefined
}
export interface TracesCheck {
  kind: string
  services: number
}
export interface LogsCheck {
  flavour: string
  field: string
  lastHour: number
  atLeast: boolean
}

const HOUR_MS = 3_600_000

/**
 * One cheap request per configured backend, each on its own so one failing backend never
 * hides the others' answers.
 */
export function useConnectionChecks(backends: BackendClients): {
  metrics: BackendQuery<MetricsCheck> | undefined
  traces: BackendQuery<TracesCheck> | undefined
  logs: BackendQuery<LogsCheck> | undefined
  runAll(): void
} {
  const { metrics, traces, logs } = backends
  const checks = {
    metrics:
      metrics &&
      useBackendQuery(async (signal): Promise<MetricsCheck> => {
        const info = await metrics.client.buildInfo(signal)
        // The same (shared, remembered) detection the status cards use: one request per backend.
        const preset = await resolveMetricsPreset(metrics)
        return { version: info.data.version, preset: preset?.id }
      }, 'Prometheus'),
    traces:
      traces &&
      useBackendQuery(async (signal): Promise<TracesCheck> => ({ kind: traces.kind, services: (await traces.services(signal)).length }), traces.kind),
    logs:
      logs &&
      useBackendQuery(async (signal): Promise<LogsCheck> => {
        const now = Date.now()
        const page = await logs.searchLogs({ timeRange: { fromMs: now - HOUR_MS, toMs: now }, size: 1, signal })
        return { flavour: logs.flavour, field: logs.queriedTraceIdField, lastHour: page.total.value, atLeast: page.total.atLeast }
      }, logs.flavour),
  }
  return {
    ...checks,
    runAll() {
      void checks.metrics?.run()
      void checks.traces?.run()
      void checks.logs?.run()
    },
  }
}
