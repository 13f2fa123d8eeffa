/**
 * PromQL for RED figures. One query per figure returns every service at once
 * (`sum by (<service label>)`): the overview costs a constant number of requests whatever the
 * number of services (BUDGETS.md: ≤ 6 per refresh), unlike one query per service.
 *
 * Semantics, on purpose:
 * - rate: requests per second over the window.
 * - errorRatio: `(errors or all * 0) / all`. Without the `or`, a service with traffic but no
 *   error series at all would be *absent* from the result and look like "no data"; with it, it is
 *   0. A service with no traffic gives 0 / 0 = NaN, which stays "no data", never 0.
 * - p50/p95/p99: `histogram_quantile` over `sum by (<group>, le)` bucket rates, in
 *   milliseconds whatever the histogram's unit. With no observations it is NaN ("no data").
 */
import {
  binary,
  eq,
  histogramQuantile,
  neq,
  num,
  rate,
  re,
  rePattern,
  selector,
  sumBy,
  type LabelMatcher,
  type PromQL,
} from '../promql/builder'
import { assertDuration } from '../promql/duration'
import { assertLabelName } from '../promql/names'
import type { PresetMatcher, RedPreset } from './redPresets'

export const RED_FIGURES = ['rate', 'errorRatio', 'p50', 'p95', 'p99'] as const
export type RedFigure = (typeof RED_FIGURES)[number]
export type LatencyFigure = 'p50' | 'p95' | 'p99'

export const LATENCY_QUANTILES: Readonly<Record<LatencyFigure, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 }
export const DEFAULT_RED_WINDOW = '5m'

export type RedQueries = Record<RedFigure, PromQL>

export interface ServiceRedQueryOptions {
  /** Rate window, a PromQL duration. Default `5m`. */
  window?: string
  /** Only these services (matched literally); undefined or empty means every service. */
  services?: readonly string[]
}

/** A preset's matcher as a builder matcher (one mapping for every query family). */
export function presetMatcher(m: PresetMatcher): LabelMatcher {
  switch (m.op) {
    case '=':
      return eq(m.label, m.value)
    case '!=':
      return neq(m.label, m.value)
    case '=~':
    case '!~':
      return rePattern(m.label, m.value, m.op)
  }
}

function serviceFilter(preset: RedPreset, services: readonly string[] | undefined): LabelMatcher[] {
  return services && services.length > 0 ? [re(preset.serviceLabel, services)] : []
}

function redQueries(preset: RedPreset, groupBy: string[], scope: LabelMatcher[], window: string): RedQueries {
  const w = assertDuration(window)
  const base = [...preset.filters.map(presetMatcher), ...scope]
  const all = selector(preset.requestMetric, base)
  const errors = selector(preset.requestMetric, [...base, ...preset.errorMatchers.map(presetMatcher)])
  const allRate = sumBy(groupBy, rate(all, w))
  const errorRate = sumBy(groupBy, rate(errors, w))
  const buckets = sumBy([...groupBy, 'le'], rate(selector(preset.latencyBucketMetric, base), w))
  const latency = (q: number): PromQL => {
    const quantile = histogramQuantile(q, buckets)
    return preset.latencyUnit === 's' ? binary(quantile, '*', num(1000)) : quantile
  }
  return {
    rate: allRate,
    errorRatio: binary(binary(errorRate, 'or', binary(allRate, '*', num(0))), '/', allRate),
    p50: latency(LATENCY_QUANTILES.p50),
    p95: latency(LATENCY_QUANTILES.p95),
    p99: latency(LATENCY_QUANTILES.p99),
  }
}

/** One query per figure, each returning every service (grouped by the preset's service label). */
export function serviceRedQueries(preset: RedPreset, options: ServiceRedQueryOptions = {}): RedQueries {
  return redQueries(
    preset,
    [preset.serviceLabel],
    serviceFilter(preset, options.services),
    options.window ?? DEFAULT_RED_WINDOW,
  )
}

/** One query per figure for the operations of one service (grouped by the operation label). */
export function operationRedQueries(preset: RedPreset, service: string, options: { window?: string } = {}): RedQueries {
  return redQueries(
    preset,
    [preset.operationLabel],
    [eq(preset.serviceLabel, service)],
    options.window ?? DEFAULT_RED_WINDOW,
  )
}

export interface BreakdownQueryOptions extends ServiceRedQueryOptions {
  /** One service: grouped by the label only. Otherwise grouped by service and label. */
  service?: string
}

/**
 * Request rate split by `label` (default: the preset's first breakdown label, a status code),
 * for one service or for every (filtered) service.
 */
export function breakdownQuery(preset: RedPreset, label?: string, options: BreakdownQueryOptions = {}): PromQL {
  const by = assertLabelName(label ?? preset.breakdownLabels[0] ?? preset.operationLabel)
  const window = assertDuration(options.window ?? DEFAULT_RED_WINDOW)
  const filters = preset.filters.map(presetMatcher)
  if (options.service !== undefined) {
    const sel = selector(preset.requestMetric, [...filters, eq(preset.serviceLabel, options.service)])
    return sumBy([by], rate(sel, window))
  }
  const sel = selector(preset.requestMetric, [...filters, ...serviceFilter(preset, options.services)])
  return sumBy([preset.serviceLabel, by], rate(sel, window))
}
