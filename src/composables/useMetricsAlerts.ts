import { computed, type ComputedRef } from 'vue'
import { groupAlertsByService, type AlertGroup } from '@/domain/metricsViews/alertGroups'
import { useTraceboardContext } from '@/module/context'
import type { MetricsBackend } from '@/services/backends'
import { useBackendQuery, type BackendQuery } from './useBackendQuery'
import { usePolling } from './usePolling'
import { useMetricsFreshness } from './useMetricsFreshness'
import { resolveMetricsPreset } from './useMetricsPreset'

export interface AlertsSnapshot {
  groups: AlertGroup[]
  firing: number
  pending: number
  warnings: string[]
}

/** Firing and pending alerts grouped by service (one request to /api/v1/alerts). */
export async function loadAlerts(backend: MetricsBackend, signal?: AbortSignal): Promise<AlertsSnapshot> {
  const [alerts, preset] = await Promise.all([
    backend.client.alerts(signal),
    // The preset only says which label names the service; alerts are shown without it too.
    resolveMetricsPreset(backend).catch(() => undefined),
  ])
  const groups = groupAlertsByService(alerts.data, preset?.serviceLabel)
  return {
    groups,
    firing: groups.reduce((n, g) => n + g.firing, 0),
    pending: groups.reduce((n, g) => n + g.pending, 0),
    warnings: alerts.warnings,
  }
}

export interface MetricsAlerts extends Omit<BackendQuery<AlertsSnapshot>, 'stale'> {
  configured: boolean
  ageMs: ComputedRef<number | undefined>
  stale: ComputedRef<boolean>
}

/** The alerts page's data, refreshed like the overview. */
export function useMetricsAlerts(): MetricsAlerts {
  const { options, backends } = useTraceboardContext()
  const backend = backends.metrics
  const intervalMs = computed(() => options.refreshIntervalMs)
  const query = useBackendQuery<AlertsSnapshot>(
    (signal) => (backend ? loadAlerts(backend, signal) : Promise.reject(new Error('metrics backend not configured'))),
    'Prometheus',
  )
  const freshness = useMetricsFreshness(query.updatedAt, query.error, intervalMs)
  if (backend) usePolling(() => query.run(), intervalMs)
  return { ...query, ...freshness, configured: backend !== undefined }
}
