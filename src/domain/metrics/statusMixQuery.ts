/**
 * The one query of the service page's status mix. It groups by every status label the preset
 * may carry at once (the HTTP candidates and the span status), so which of them the metrics
 * really have is read from the answer: one request per refresh whatever exists, no label probe.
 */
import { eq, selector, sumBy, type LabelMatcher, type PromQL } from '../promql/builder'
import { assertLabelName } from '../promql/names'
import { rateAt, taggedUnion } from '../metricsViews/promqlParts'
import type { RedPreset } from './redPresets'
import { presetMatcher } from './redQueries'

export type StatusMixTag = 'calls' | 'errors'
export const STATUS_MIX_TAGS: readonly StatusMixTag[] = ['calls', 'errors']

export interface StatusMixScope {
  service: string
  operation?: string
}

/** Every label the status mix groups by, HTTP candidates first. */
export function statusMixLabels(preset: RedPreset): string[] {
  const { http, span } = preset.statusLabels
  return [...new Set(span === undefined ? http : [...http, span])].map(assertLabelName)
}

/** Calls and errors per second of one service (and operation), by every status label at once. */
export function statusMixQuery(preset: RedPreset, scope: StatusMixScope, window: string): PromQL {
  const scoped: LabelMatcher[] = [eq(preset.serviceLabel, scope.service)]
  if (scope.operation !== undefined && scope.operation !== '') scoped.push(eq(preset.operationLabel, scope.operation))
  const base = [...preset.filters.map(presetMatcher), ...scoped]
  const by = statusMixLabels(preset)
  const all = selector(preset.requestMetric, base)
  const errors = selector(preset.requestMetric, [...base, ...preset.errorMatchers.map(presetMatcher)])
  return taggedUnion<StatusMixTag>([
    { tag: 'calls', expr: sumBy(by, rateAt(all, window)) },
    { tag: 'errors', expr: sumBy(by, rateAt(errors, window)) },
  ])
}
