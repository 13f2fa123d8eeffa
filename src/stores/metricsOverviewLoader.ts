/**
 * Loads what the overview shows, in a constant number of Prometheus requests whatever the
 * number of services (overviewQueries.ts): the card figures now (one request), then, apart,
 * the same figures yesterday and last week, the sparklines and the alerts (three more); plus
 * one preset detection the first time. The figures are what a card needs to be drawn: the
 * rest fills in when it arrives, and its failure only makes the overview partial.
 * Plain async code: `useMetricsOverview` owns polling, cancellation and state.
 */
import type { RedPreset } from '@/domain/metrics/redPresets'
import type { Alert, InstantVector, RangeMatrix } from '@/domain/metrics/types'
import { settledEndS } from '@/domain/metrics/chooseStep'
import { overviewComparisonQuery, overviewFiguresQuery, SPARKLINE_POINTS, SPARKLINE_SPAN_S, sparklineQuery } from '@/domain/metricsViews/overviewQueries'
import type { MetricsBackend } from '@/services/backends'
import { toBackendFailure, type BackendFailure } from '@/services/errors'
import { resolveMetricsPreset } from '@/composables/useMetricsPreset'
import { settle } from './metricsAsync'

export interface OverviewScope {
  /** Only these services (a standalone card). */
  services?: readonly string[]
}

export interface OverviewFigures {
  /** Undefined: Prometheus has none of the known RED metrics (nothing else was asked). */
  preset: RedPreset | undefined
  /** Answer of `overviewFiguresQuery` (tagged by figure). */
  vector: InstantVector
  /** Prometheus' own warnings (a Thanos store down, …): the data is partial. */
  warnings: string[]
}

/** The card figures of every service now. Throws (a BackendRequestError) when it fails. */
export async function loadOverviewFigures(backend: MetricsBackend, scope: OverviewScope, signal?: AbortSignal): Promise<OverviewFigures> {
  const preset = await resolveMetricsPreset(backend)
  if (!preset) return { preset, vector: [], warnings: [] }
  const r = await backend.client.queryVector(overviewFiguresQuery(preset, scope), {}, signal)
  return { preset, vector: r.data, warnings: r.warnings }
}

export interface OverviewExtras {
  /** Answer of `overviewComparisonQuery`. */
  comparisons: InstantVector | undefined
  comparisonsFailure: BackendFailure | undefined
  sparkline: { matrix: RangeMatrix; startS: number; endS: number; stepS: number } | undefined
  sparklineFailure: BackendFailure | undefined
  alerts: Alert[] | undefined
  alertsFailure: BackendFailure | undefined
  warnings: string[]
}

/** Yesterday's and last week's figures, sparklines and active alerts; never throws. */
export async function loadOverviewExtras(backend: MetricsBackend, scope: OverviewScope, nowMs: number, signal?: AbortSignal): Promise<OverviewExtras> {
  const preset = await resolveMetricsPreset(backend)
  if (!preset) {
    return { comparisons: undefined, comparisonsFailure: undefined, sparkline: undefined, sparklineFailure: undefined, alerts: undefined, alertsFailure: undefined, warnings: [] }
  }
  const nowS = Math.floor(nowMs / 1000)
  const [comparisons, sparkline, alerts] = await Promise.all([
    settle(backend.client.queryVector(overviewComparisonQuery(preset, scope), {}, signal)),
    // As the service charts: the step still filling is not drawn as a fall.
    settle(backend.client.queryRange(sparklineQuery(preset, scope), { startS: nowS - SPARKLINE_SPAN_S, endS: settledEndS(nowS - SPARKLINE_SPAN_S, nowS, nowS), targetPoints: SPARKLINE_POINTS }, signal)),
    settle(backend.client.alerts(signal)),
  ])
  const failure = (e: unknown): BackendFailure => toBackendFailure(e, 'Prometheus')
  return {
    comparisons: comparisons.ok ? comparisons.value.data : undefined,
    comparisonsFailure: comparisons.ok ? undefined : failure(comparisons.error),
    sparkline: sparkline.ok ? { matrix: sparkline.value.data, startS: sparkline.value.startS, endS: sparkline.value.endS, stepS: sparkline.value.stepS } : undefined,
    sparklineFailure: sparkline.ok ? undefined : failure(sparkline.error),
    alerts: alerts.ok ? alerts.value.data : undefined,
    alertsFailure: alerts.ok ? undefined : failure(alerts.error),
    warnings: [...(comparisons.ok ? comparisons.value.warnings : []), ...(sparkline.ok ? sparkline.value.warnings : [])],
  }
}
