/**
 * SLO figures from Prometheus in a constant number of requests whatever the number of services
 * and SLOs: at most two per SLI kind and scope (service-wide, per operation), each covering
 * every window (sloQueries.ts), plus one `le` look-up when a latency SLO needs its bucket.
 * Warnings make the answer `partial`; a latency threshold with no bucket, or no bucket at all,
 * is a readable problem on that SLO rather than a 0 % or 100 % figure.
 */
import type { RedPreset } from '@/domain/metrics/redPresets'
import type { InstantVector, MetricsResult } from '@/domain/metrics/types'
import { windowsFor } from '@/domain/slo/burnRateAlerts'
import { evaluateSlo, type SloEvaluation } from '@/domain/slo/evaluateSlo'
import { bucketProblem } from '@/domain/slo/histogramBuckets'
import { sloCounts, type SloAnswer, type SloAnswers } from '@/domain/slo/sloCounts'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import { availabilitySloQueries, bucketSelector, latencySloQueries, type SloQueryScope } from '@/domain/slo/sloQueries'
import type { PrometheusClient } from './prometheusClient'

export type SloResult =
  | { slo: SloDefinition; evaluation: SloEvaluation; problem?: undefined }
  | { slo: SloDefinition; evaluation?: undefined; problem: string }

export interface SloFetchOptions {
  /** Evaluation time, Unix seconds; the server's clock when omitted. */
  timeS?: number
}

type Pending = Promise<MetricsResult<InstantVector>>

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)]
}

export async function fetchSloFigures(
  client: PrometheusClient,
  preset: RedPreset,
  slos: readonly SloDefinition[],
  options: SloFetchOptions = {},
  signal?: AbortSignal,
): Promise<MetricsResult<SloResult[]>> {
  const windows = windowsFor(distinct(slos.map((s) => s.window)))
  const vector = (q: string): Pending => client.queryVector(q, { timeS: options.timeS }, signal)
  const pending: Pending[] = []
  const answer = (queries: { total: string; part: string }): Promise<SloAnswer> => {
    const total = vector(queries.total)
    const part = vector(queries.part)
    pending.push(total, part)
    return Promise.all([total, part]).then(([t, p]) => ({ total: t.data, part: p.data }))
  }

  const scoped = (wanted: (s: SloDefinition) => boolean): { scope: SloQueryScope; slos: SloDefinition[] } | undefined => {
    const chosen = slos.filter(wanted)
    if (chosen.length === 0) return undefined
    const operations = distinct(chosen.flatMap((s) => (s.operation === undefined ? [] : [s.operation])))
    return { scope: operations.length > 0 ? { windows, operations } : { windows }, slos: chosen }
  }
  const thresholds = (list: SloDefinition[]): number[] => distinct(list.flatMap((s) => (s.kind === 'latency' ? [s.thresholdMs] : [])))
  const plans: Record<keyof SloAnswers, ReturnType<typeof scoped>> = {
    availability: scoped((s) => s.kind === 'availability' && s.operation === undefined),
    availabilityByOperation: scoped((s) => s.kind === 'availability' && s.operation !== undefined),
    latency: scoped((s) => s.kind === 'latency' && s.operation === undefined),
    latencyByOperation: scoped((s) => s.kind === 'latency' && s.operation !== undefined),
  }
  const started: Partial<Record<keyof SloAnswers, Promise<SloAnswer>>> = {}
  for (const key of Object.keys(plans) as (keyof SloAnswers)[]) {
    const plan = plans[key]
    if (plan === undefined) continue
    if (key === 'availability' || key === 'availabilityByOperation') {
      const q = availabilitySloQueries(preset, plan.scope)
      started[key] = answer({ total: q.total, part: q.errors })
    } else {
      const q = latencySloQueries(preset, thresholds(plan.slos), plan.scope)
      started[key] = answer({ total: q.total, part: q.good })
    }
  }
  const needsBuckets = slos.some((s) => s.kind === 'latency')
  const leValues = needsBuckets ? client.labelValues('le', { match: [bucketSelector(preset)] }, signal) : undefined

  // One Promise.all over everything: a failed request rejects once, with no stray rejection.
  const keys = Object.keys(started) as (keyof SloAnswers)[]
  const [answerList, results, le] = await Promise.all([
    Promise.all(keys.map((k) => started[k])),
    Promise.all(pending),
    leValues ?? Promise.resolve(undefined),
  ])
  const answers: SloAnswers = {}
  keys.forEach((k, i) => (answers[k] = answerList[i]))

  const warnings = distinct([...results.flatMap((r) => r.warnings), ...(le?.warnings ?? [])])
  const infos = distinct([...results.flatMap((r) => r.infos), ...(le?.infos ?? [])])
  const data = slos.map((slo): SloResult => {
    if (slo.kind === 'latency') {
      const problem = bucketProblem(slo.thresholdMs, preset.latencyUnit, preset.latencyBucketMetric, le?.data ?? [])
      if (problem !== undefined) return { slo, problem }
    }
    return { slo, evaluation: evaluateSlo(slo, sloCounts(preset, slo, answers, windows)) }
  })
  return { data, partial: warnings.length > 0, warnings, infos }
}
