/**
 * SLO figures from Prometheus in a constant number of requests whatever the number of services
 * and SLOs: at most two per SLI kind, each covering every window and both scopes (service-wide,
 * per operation; sloQueries.ts), plus one `le` look-up when a latency SLO needs its bucket, plus
 * one for the ratios Traceboard's exported rules record (sloRecorded.ts). Recorded ratios are
 * preferred where they exist; once they covered every SLO, later refreshes ask only for them
 * (and for the counters of any SLO they stop covering). Warnings make the answer `partial`; a
 * latency threshold with no bucket, or no bucket at all, is a readable problem on that SLO
 * rather than a 0 % or 100 % figure.
 */
import type { RedPreset } from '@/domain/metrics/redPresets'
import type { InstantVector, MetricsResult } from '@/domain/metrics/types'
import { windowsFor } from '@/domain/slo/burnRateAlerts'
import { evaluateSlo, type SloEvaluation } from '@/domain/slo/evaluateSlo'
import { bucketProblem } from '@/domain/slo/histogramBuckets'
import { sloCounts, type SloAnswers } from '@/domain/slo/sloCounts'
import { recordedCounts, recordedRatiosQuery } from '@/domain/slo/sloRecorded'
import type { SloQueryWindow } from '@/domain/slo/burnRateAlerts'
import type { WindowCounts } from '@/domain/slo/evaluateSlo'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import type { PromQL } from '@/domain/promql/builder'
import { availabilitySloQueries, bothScopes, bucketSelector, latencySloQueries, type SloQueryScope } from '@/domain/slo/sloQueries'
import type { PrometheusClient } from './prometheusClient'

export type SloResult =
  | { slo: SloDefinition; evaluation: SloEvaluation; problem?: undefined }
  | { slo: SloDefinition; evaluation?: undefined; problem: string }

export interface SloFetchOptions {
  /** Evaluation time, Unix seconds; the server's clock when omitted. */
  timeS?: number
  /** 'ignore': never read the recorded ratios (a rule interval behind `timeS`, e.g. in tests). */
  recordingRules?: 'prefer' | 'ignore'
}

/** Clients whose last answer had every SLO recorded: their next refresh starts with the recordings only. */
const recordedLastTime = new WeakMap<PrometheusClient, boolean>()

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
  const useRecorded = options.recordingRules !== 'ignore' && slos.length > 0
  const recordedOnly = useRecorded && recordedLastTime.get(client) === true
  const recorded = useRecorded ? vector(recordedRatiosQuery(windows)) : undefined
  const counters = recordedOnly ? undefined : counterAnswers(vector, preset, slos, windows)
  const needsBuckets = slos.some((s) => s.kind === 'latency')
  const leValues = needsBuckets ? client.labelValues('le', { match: [bucketSelector(preset)] }, signal) : undefined

  // One Promise.all over everything: a failed request rejects once, with no stray rejection.
  const [recordedAnswer, firstCounters, le] = await Promise.all([recorded, counters, leValues])
  const fromRecordings = recordedAnswer ? recordedCounts(slos, recordedAnswer.data, windows) : new Map<SloDefinition, WindowCounts>()
  const uncovered = slos.filter((s) => !fromRecordings.has(s))
  if (useRecorded) recordedLastTime.set(client, uncovered.length === 0)
  // The recordings stopped covering some SLO (rules removed, a new SLO): its counters, now.
  const countersAnswer = firstCounters ?? (uncovered.length > 0 ? await counterAnswers(vector, preset, uncovered, windows) : undefined)

  const results = [...(recordedAnswer ? [recordedAnswer] : []), ...(countersAnswer?.results ?? []), ...(le ? [le] : [])]
  const warnings = distinct(results.flatMap((r) => r.warnings))
  const infos = distinct(results.flatMap((r) => r.infos))
  const data = slos.map((slo): SloResult => {
    if (slo.kind === 'latency') {
      const problem = bucketProblem(slo.thresholdMs, preset.latencyUnit, preset.latencyBucketMetric, le?.data ?? [])
      if (problem !== undefined) return { slo, problem }
    }
    const counts = fromRecordings.get(slo) ?? sloCounts(preset, slo, countersAnswer?.answers ?? {}, windows)
    return { slo, evaluation: evaluateSlo(slo, counts) }
  })
  return { data, partial: warnings.length > 0, warnings, infos }
}

/**
 * The counter queries for `slos`: two per SLI kind (total and errors, or total and good), every
 * window and both scopes in each, so per-operation SLOs cost no extra request.
 */
async function counterAnswers(
  vector: (q: string) => Pending,
  preset: RedPreset,
  slos: readonly SloDefinition[],
  windows: readonly SloQueryWindow[],
): Promise<{ answers: SloAnswers; results: MetricsResult<InstantVector>[] }> {
  const scoped = (wanted: (s: SloDefinition) => boolean): { scope: SloQueryScope; slos: SloDefinition[] } | undefined => {
    const chosen = slos.filter(wanted)
    if (chosen.length === 0) return undefined
    const operations = distinct(chosen.flatMap((s) => (s.operation === undefined ? [] : [s.operation])))
    return { scope: operations.length > 0 ? { windows, operations } : { windows }, slos: chosen }
  }
  const thresholds = (list: SloDefinition[]): number[] => distinct(list.flatMap((s) => (s.kind === 'latency' ? [s.thresholdMs] : [])))
  const queriesOf = (kind: SloDefinition['kind'], plan: NonNullable<ReturnType<typeof scoped>>): { total: PromQL; part: PromQL } => {
    if (kind === 'availability') {
      const q = availabilitySloQueries(preset, plan.scope)
      return { total: q.total, part: q.errors }
    }
    const q = latencySloQueries(preset, thresholds(plan.slos), plan.scope)
    return { total: q.total, part: q.good }
  }
  const asked: { kind: SloDefinition['kind']; total: Pending; part: Pending }[] = []
  for (const kind of ['availability', 'latency'] as const) {
    const plans = [
      scoped((s) => s.kind === kind && s.operation === undefined),
      scoped((s) => s.kind === kind && s.operation !== undefined),
    ].flatMap((plan) => (plan ? [queriesOf(kind, plan)] : []))
    if (plans.length === 0) continue
    asked.push({ kind, total: vector(plans.map((p) => p.total).reduce(bothScopes)), part: vector(plans.map((p) => p.part).reduce(bothScopes)) })
  }
  const answered = await Promise.all(asked.map(async ({ kind, total, part }) => ({ kind, got: await Promise.all([total, part]) })))
  const answers: SloAnswers = {}
  for (const { kind, got: [total, part] } of answered) answers[kind] = { total: total.data, part: part.data }
  return { answers, results: answered.flatMap((a) => a.got) }
}
