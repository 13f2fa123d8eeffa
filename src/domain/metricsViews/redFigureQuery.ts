/**
 * One RED figure as PromQL, with an optional `offset` (yesterday, last week). Without offset it
 * is exactly what src/domain/metrics/redQueries.ts writes (a test checks it), so the semantics
 * stay the same: errors `or` all * 0 gives 0 % for traffic without error series, and no traffic
 * gives NaN ("no data"); latency is always in milliseconds.
 */
import { binary, histogramQuantile, num, selector, sumBy, type LabelMatcher, type PromQL } from '../promql/builder'
import { LATENCY_QUANTILES, type RedFigure } from '../metrics/redQueries'
import type { RedPreset } from '../metrics/redPresets'
import { presetMatcher } from '../metrics/redQueries'
import { rateAt } from './promqlParts'

export interface FigureScope {
  /** Grouping labels, e.g. the service label (overview) or none (one service's charts). */
  groupBy: readonly string[]
  /** Extra matchers, e.g. `service_name="checkout"`. */
  matchers: readonly LabelMatcher[]
  /** Rate window, a PromQL duration. */
  window: string
  /** Evaluate this long ago (`1d`, `1w`); undefined = now. */
  offset?: string
}

/** The request-counter selectors of a preset within a scope. */
function selectors(preset: RedPreset, matchers: readonly LabelMatcher[]) {
  const base = [...preset.filters.map(presetMatcher), ...matchers]
  return {
    all: selector(preset.requestMetric, base),
    errors: selector(preset.requestMetric, [...base, ...preset.errorMatchers.map(presetMatcher)]),
    buckets: selector(preset.latencyBucketMetric, base),
  }
}

/** Requests per second. */
export function rateQuery(preset: RedPreset, scope: FigureScope): PromQL {
  return sumBy(scope.groupBy, rateAt(selectors(preset, scope.matchers).all, scope.window, scope.offset))
}

/** Errors / requests, 0..1; 0 with traffic but no error series, NaN without traffic. */
export function errorRatioQuery(preset: RedPreset, scope: FigureScope): PromQL {
  const s = selectors(preset, scope.matchers)
  const all = sumBy(scope.groupBy, rateAt(s.all, scope.window, scope.offset))
  const errors = sumBy(scope.groupBy, rateAt(s.errors, scope.window, scope.offset))
  return binary(binary(errors, 'or', binary(all, '*', num(0))), '/', all)
}

/** A latency quantile in milliseconds. */
export function latencyQuery(preset: RedPreset, scope: FigureScope, quantile: number): PromQL {
  const buckets = sumBy([...scope.groupBy, 'le'], rateAt(selectors(preset, scope.matchers).buckets, scope.window, scope.offset))
  const q = histogramQuantile(quantile, buckets)
  return preset.latencyUnit === 's' ? binary(q, '*', num(1000)) : q
}

/** Any RED figure. */
export function figureQuery(preset: RedPreset, figure: RedFigure, scope: FigureScope): PromQL {
  switch (figure) {
    case 'rate':
      return rateQuery(preset, scope)
    case 'errorRatio':
      return errorRatioQuery(preset, scope)
    default:
      return latencyQuery(preset, scope, LATENCY_QUANTILES[figure])
  }
}
