/**
 * PromQL for SLO figures, per RED preset. Costs are constant: one query per figure (total and
 * errors for availability, total and good for latency, each for service-wide and per-operation
 * SLOs) returns every service, every SLO and every window at once:
 *
 *   label_replace(sum by (<service>) (increase(<sel>[5m])), "slo_window", "5m", "", "")
 *   or label_replace(sum by (<service>) (increase(<sel>[30m])), "slo_window", "30m", "", "")
 *   or …
 *
 * Long windows are instant `increase(…[30d])` evaluations, never a query_range over 30 days.
 * Latency counts come from ONE histogram: total = the `+Inf` bucket (not the request counter,
 * so good and total share their series and extrapolation), good = the bucket whose `le` is the
 * threshold, grouped by `le` so every threshold of every SLO is in the same answer.
 */
import { eq, re, rePattern, selector, sumBy, type LabelMatcher, type PromQL, type Selector } from '../promql/builder'
import { assertDuration } from '../promql/duration'
import { quotePromQLString } from '../promql/escapeString'
import type { RedPreset } from '../metrics/redPresets'
import type { SloQueryWindow } from './burnRateAlerts'
import { leRegex, thresholdInUnit } from './histogramBuckets'
import { presetMatcher } from '../metrics/redQueries'

/** The label that says which window a sample of a multi-window answer is for. */
export const SLO_WINDOW_LABEL = 'slo_window'

/**
 * The label that says which scope a sample is for ("service" or "operation"), so one request
 * can carry both: `service-wide or per-operation` keeps every sample (their label sets differ),
 * and a service-wide sum must not add the per-operation samples of the same service.
 */
export const SLO_SCOPE_LABEL = 'slo_scope'

export type SloScope = 'service' | 'operation'

export function sloScopeOf(slo: { operation?: string | undefined }): SloScope {
  return slo.operation === undefined ? 'service' : 'operation'
}

/** `increase(sel[window])`. */
export function increase(sel: Selector, window: string): PromQL {
  return `increase(${sel}[${assertDuration(window)}])` as PromQL
}

/** Adds a constant label to every sample: `label_replace(expr, "label", "value", "", "")`. */
export function withConstantLabel(expr: PromQL, label: string, value: string): PromQL {
  return `label_replace(${expr}, ${quotePromQLString(label)}, ${quotePromQLString(value)}, "", "")` as PromQL
}

export interface SloQueryScope {
  windows: readonly SloQueryWindow[]
  /**
   * Per-operation SLOs: group by service and operation, only these operations. Undefined:
   * service-wide, grouped by service.
   */
  operations?: readonly string[]
}

function groupingOf(preset: RedPreset, scope: SloQueryScope): string[] {
  const by = scope.operations ? [preset.serviceLabel, preset.operationLabel] : [preset.serviceLabel]
  for (const reserved of [SLO_WINDOW_LABEL, SLO_SCOPE_LABEL]) {
    if (by.includes(reserved)) throw new Error(`preset "${preset.id}": a label may not be called ${reserved}`)
  }
  return by
}

function scopeMatchers(preset: RedPreset, scope: SloQueryScope): LabelMatcher[] {
  const base = preset.filters.map(presetMatcher)
  if (scope.operations === undefined) return base
  if (scope.operations.length === 0) throw new Error('per-operation SLO queries need at least one operation')
  return [...base, re(preset.operationLabel, scope.operations)]
}

/** One expression per window, each tagged with `slo_window`, joined with `or`, all tagged with `slo_scope`. */
function everyWindow(scope: SloQueryScope, perWindow: (w: SloQueryWindow) => PromQL): PromQL {
  if (scope.windows.length === 0) throw new Error('SLO queries need at least one window')
  const parts = [...new Set(scope.windows)].map((w) => withConstantLabel(perWindow(w), SLO_WINDOW_LABEL, w))
  const joined = parts.reduce((acc, p) => `${acc} or ${p}` as PromQL)
  return withConstantLabel(joined, SLO_SCOPE_LABEL, scope.operations === undefined ? 'service' : 'operation')
}

/** Two answers in one request: their samples differ in `slo_scope`, so `or` keeps all of both. */
export function bothScopes(serviceWide: PromQL, perOperation: PromQL): PromQL {
  return `${serviceWide} or ${perOperation}` as PromQL
}

export interface AvailabilitySloQueries {
  /** Requests per group and window. */
  total: PromQL
  /** Error requests; a group with no error series is absent (0 errors when `total` has it). */
  errors: PromQL
}

export function availabilitySloQueries(preset: RedPreset, scope: SloQueryScope): AvailabilitySloQueries {
  return {
    total: everyWindow(scope, (w) => availabilityCounts(preset, scope.operations, w).total),
    errors: everyWindow(scope, (w) => availabilityCounts(preset, scope.operations, w).part),
  }
}

/** Requests (`total`) and error requests (`part`) per group over one range. */
export interface SloCountQueries {
  total: PromQL
  part: PromQL
}

/** Availability counts over `range` (any PromQL duration): the building block of every window. */
export function availabilityCounts(preset: RedPreset, operations: readonly string[] | undefined, range: string): SloCountQueries {
  const scope = { windows: [], operations }
  const by = groupingOf(preset, scope)
  const base = scopeMatchers(preset, scope)
  const all = selector(preset.requestMetric, base)
  const errors = selector(preset.requestMetric, [...base, ...preset.errorMatchers.map(presetMatcher)])
  return { total: sumBy(by, increase(all, range)), part: sumBy(by, increase(errors, range)) }
}

export interface LatencySloQueries {
  /** Observations per group and window (the `+Inf` bucket). */
  total: PromQL
  /** Observations at or under each threshold, grouped by `le` too. */
  good: PromQL
}

export function latencySloQueries(preset: RedPreset, thresholdsMs: readonly number[], scope: SloQueryScope): LatencySloQueries {
  return {
    total: everyWindow(scope, (w) => latencyCounts(preset, thresholdsMs, scope.operations, w).total),
    good: everyWindow(scope, (w) => latencyCounts(preset, thresholdsMs, scope.operations, w).part),
  }
}

/** Latency counts over `range`: observations (`total`, the +Inf bucket) and good ones by `le` (`part`). */
export function latencyCounts(
  preset: RedPreset,
  thresholdsMs: readonly number[],
  operations: readonly string[] | undefined,
  range: string,
): SloCountQueries {
  if (thresholdsMs.length === 0) throw new Error('latency SLO queries need at least one threshold')
  const scope = { windows: [], operations }
  const by = groupingOf(preset, scope)
  const base = scopeMatchers(preset, scope)
  const inf = selector(preset.latencyBucketMetric, [...base, eq('le', '+Inf')])
  const bounds = thresholdsMs.map((t) => thresholdInUnit(t, preset.latencyUnit))
  const good = selector(preset.latencyBucketMetric, [...base, rePattern('le', leRegex(bounds))])
  return { total: sumBy(by, increase(inf, range)), part: sumBy([...by, 'le'], increase(good, range)) }
}

/** The selector whose `le` values tell which buckets exist (for `bucketProblem`). */
export function bucketSelector(preset: RedPreset): Selector {
  return selector(preset.latencyBucketMetric, preset.filters.map(presetMatcher))
}
