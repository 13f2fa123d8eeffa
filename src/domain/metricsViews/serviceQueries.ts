/**
 * PromQL of the service page: chart series (with a dashed overlay of the same window a day or a
 * week before, in the same request), the breakdown of calls and errors by one label, and the
 * selectors for exemplars and for the labels a breakdown can use.
 */
import { eq, selector, sumBy, type LabelMatcher, type PromQL, type Selector } from '../promql/builder'
import { assertLabelName } from '../promql/names'
import type { RedPreset } from '../metrics/redPresets'
import { errorRatioQuery, latencyQuery, rateQuery, type FigureScope } from './redFigureQuery'
import { presetMatcher } from '../metrics/redQueries'
import { rateAt, taggedUnion, type TaggedPart } from './promqlParts'

export type OverlayOffset = '1d' | '1w'
export const OVERLAY_OFFSETS: readonly OverlayOffset[] = ['1d', '1w']

export interface ServiceScope {
  service: string
  /** Narrow the charts to one operation (route, span name). */
  operation?: string
}

export type ChartKind = 'rate' | 'errorRatio' | 'latency'
/** Series tags: `now`/`prev` for rate and errors; quantiles and `p95_prev` for latency. */
export type ChartTag = 'now' | 'prev' | 'p50' | 'p95' | 'p99' | 'p95_prev'

/** The matchers of a service (and operation) in a preset's labels. */
export function serviceMatchers(preset: RedPreset, scope: ServiceScope): LabelMatcher[] {
  const m = [eq(preset.serviceLabel, scope.service)]
  if (scope.operation !== undefined && scope.operation !== '') m.push(eq(preset.operationLabel, scope.operation))
  return m
}

/**
 * Rate window for a chart with this step: at least two steps (so no sample falls between
 * windows) and at least one minute (four 15 s scrapes, as Grafana's `$__rate_interval`).
 */
export function chartRateWindow(stepS: number): string {
  return `${Math.max(60, Math.ceil(2 * stepS))}s`
}

/** One range query per chart; the overlay (when asked) is a tagged part of the same query. */
export function chartQuery(
  preset: RedPreset,
  kind: ChartKind,
  scope: ServiceScope,
  window: string,
  overlay: OverlayOffset | undefined,
): PromQL {
  const at = (offset?: string): FigureScope => ({
    groupBy: [],
    matchers: serviceMatchers(preset, scope),
    window,
    ...(offset === undefined ? {} : { offset }),
  })
  const parts: TaggedPart<ChartTag>[] = []
  if (kind === 'latency') {
    parts.push({ tag: 'p50', expr: latencyQuery(preset, at(), 0.5) })
    parts.push({ tag: 'p95', expr: latencyQuery(preset, at(), 0.95) })
    parts.push({ tag: 'p99', expr: latencyQuery(preset, at(), 0.99) })
    if (overlay) parts.push({ tag: 'p95_prev', expr: latencyQuery(preset, at(overlay), 0.95) })
    return taggedUnion(parts)
  }
  const figure = kind === 'rate' ? rateQuery : errorRatioQuery
  parts.push({ tag: 'now', expr: figure(preset, at()) })
  if (overlay) parts.push({ tag: 'prev', expr: figure(preset, at(overlay)) })
  return taggedUnion(parts)
}

export type BreakdownTag = 'calls' | 'errors'

/** Calls and errors per second of one service split by `label`, in one query. */
export function breakdownSharesQuery(preset: RedPreset, scope: ServiceScope, label: string, window: string): PromQL {
  const by = [assertLabelName(label)]
  const base = [...preset.filters.map(presetMatcher), ...serviceMatchers(preset, scope)]
  const all = selector(preset.requestMetric, base)
  const errors = selector(preset.requestMetric, [...base, ...preset.errorMatchers.map(presetMatcher)])
  return taggedUnion<BreakdownTag>([
    { tag: 'calls', expr: sumBy(by, rateAt(all, window)) },
    { tag: 'errors', expr: sumBy(by, rateAt(errors, window)) },
  ])
}

/** The latency histogram's buckets of one service, for `/api/v1/query_exemplars`. */
export function exemplarSelector(preset: RedPreset, scope: ServiceScope): Selector {
  return selector(preset.latencyBucketMetric, [...preset.filters.map(presetMatcher), ...serviceMatchers(preset, scope)])
}

/** The request counter of one service, for `/api/v1/labels?match[]=…` (breakdown choices). */
export function requestSelector(preset: RedPreset, scope: ServiceScope): Selector {
  return selector(preset.requestMetric, [...preset.filters.map(presetMatcher), ...serviceMatchers(preset, scope)])
}

/** Labels that never make a useful business breakdown (structure, not customers). */
const STRUCTURAL_LABELS = new Set(['__name__', 'le', 'job', 'instance', 'otel_scope_name', 'otel_scope_version', 'service_namespace', 'service_instance_id'])

/**
 * Labels of the request counter a user may break a service down by: everything but the
 * service/operation labels, the preset's own filters and structural labels. The status labels
 * stay (they make the status-code distribution).
 */
export function breakdownCandidates(preset: RedPreset, labels: readonly string[]): string[] {
  const skip = new Set([...STRUCTURAL_LABELS, preset.serviceLabel, preset.operationLabel, ...preset.filters.map((f) => f.label)])
  return [...new Set(labels)].filter((l) => !skip.has(l) && !l.startsWith('__')).sort()
}

/** Rate window covering a whole chosen range, as a PromQL duration in seconds (min 1 m). */
export function rangeWindow(durationMs: number): string {
  return `${Math.max(60, Math.round(durationMs / 1000))}s`
}
