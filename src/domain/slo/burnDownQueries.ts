/**
 * The ONE range query of every SLO burn-down, whatever the number of services, SLOs and
 * windows: per SLI kind and scope, good/total counts per step, each tagged with `slo_part` and
 * joined with `or` (as sloQueries.ts tags windows with `slo_window`):
 *
 *   label_replace(sum by (<service>) (increase(<requests>[2h])), "slo_part", "availability:total", "", "")
 *   or label_replace(sum by (<service>) (increase(<errors>[2h])), "slo_part", "availability:part", "", "")
 *   or …latency (+Inf bucket, threshold buckets by le), and the per-operation variants
 *
 * The range of each `increase` is the query step, so the steps tile the window: their sum is the
 * window's count (exactly when samples sit on the step grid, as Prometheus 2 ranges are closed).
 */
import type { PromQL } from '../promql/builder'
import type { RedPreset } from '../metrics/redPresets'
import type { RangeMatrix } from '../metrics/types'
import type { StepCounts } from './burnDown'
import { sameBound, thresholdInUnit } from './histogramBuckets'
import type { SloDefinition } from './sloDefinition'
import { availabilityCounts, latencyCounts, sloScopeOf, withConstantLabel, type SloCountQueries, type SloScope } from './sloQueries'

export const SLO_PART_LABEL = 'slo_part'

type PartTag = `${SloDefinition['kind']}:${SloScope}:${'total' | 'part'}`

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}

/** The burn-down query for `slos` at `stepS` seconds per step. */
export function burnDownQuery(preset: RedPreset, slos: readonly SloDefinition[], stepS: number): PromQL {
  if (!Number.isInteger(stepS) || stepS <= 0) throw new Error(`a burn-down step must be whole seconds, got ${stepS}`)
  if ([preset.serviceLabel, preset.operationLabel].includes(SLO_PART_LABEL)) {
    throw new Error(`preset "${preset.id}": a label may not be called ${SLO_PART_LABEL}`)
  }
  const range = `${stepS}s`
  const parts: PromQL[] = []
  const add = (kind: SloDefinition['kind'], scope: SloScope, q: SloCountQueries): void => {
    parts.push(withConstantLabel(q.total, SLO_PART_LABEL, `${kind}:${scope}:total`))
    parts.push(withConstantLabel(q.part, SLO_PART_LABEL, `${kind}:${scope}:part`))
  }
  for (const scope of ['service', 'operation'] as const) {
    const mine = slos.filter((s) => sloScopeOf(s) === scope)
    const operations = scope === 'service' ? undefined : distinct(mine.flatMap((s) => (s.operation === undefined ? [] : [s.operation])))
    if (mine.some((s) => s.kind === 'availability')) add('availability', scope, availabilityCounts(preset, operations, range))
    const thresholds = distinct(mine.flatMap((s) => (s.kind === 'latency' ? [s.thresholdMs] : [])))
    if (thresholds.length > 0) add('latency', scope, latencyCounts(preset, thresholds, operations, range))
  }
  if (parts.length === 0) throw new Error('a burn-down query needs at least one SLO')
  return parts.reduce((acc, p) => `${acc} or ${p}` as PromQL)
}

function sumByTime(matrix: RangeMatrix, tag: PartTag, keep: (labels: Record<string, string>) => boolean): Map<number, number> {
  const out = new Map<number, number>()
  for (const s of matrix) {
    if (s.labels[SLO_PART_LABEL] !== tag || !keep(s.labels)) continue
    for (const [t, v] of s.points) if (!Number.isNaN(v)) out.set(t, (out.get(t) ?? 0) + v)
  }
  return out
}

/**
 * One SLO's counts per query step from the burn-down answer. A step without a total has no
 * counts; a latency step whose threshold bucket is absent has none either (as sloCounts.ts).
 */
export function burnDownCounts(preset: RedPreset, slo: SloDefinition, matrix: RangeMatrix): StepCounts[] {
  const mine = (l: Record<string, string>): boolean =>
    l[preset.serviceLabel] === slo.service && (slo.operation === undefined || l[preset.operationLabel] === slo.operation)
  const scope = sloScopeOf(slo)
  const totals = sumByTime(matrix, `${slo.kind}:${scope}:total`, mine)
  const parts = sumByTime(
    matrix,
    `${slo.kind}:${scope}:part`,
    slo.kind === 'availability'
      ? mine
      : (l) => mine(l) && l.le !== undefined && sameBound(Number(l.le), thresholdInUnit(slo.thresholdMs, preset.latencyUnit)),
  )
  const out: StepCounts[] = []
  for (const [endS, total] of [...totals].sort((a, b) => a[0] - b[0])) {
    const part = parts.get(endS)
    if (slo.kind === 'availability') out.push({ endS, total, good: total - (part ?? 0) })
    else if (part !== undefined) out.push({ endS, total, good: part })
  }
  return out
}
