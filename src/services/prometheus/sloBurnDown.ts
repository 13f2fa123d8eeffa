/**
 * SLO budget burn-down data in ONE query_range whatever the number of services, SLOs and
 * windows (domain/slo/burnDownQueries.ts): the finest window step (2 h for 7 d, 6 h for 28 and
 * 30 d, ~120 points each; never 15 s steps over 30 days) from the earliest window start, read
 * back per SLO and summed into its own window's steps.
 *
 * Requests per SLO page refresh, service-scoped availability and latency SLOs (any windows):
 *   service discovery 1 (only when `slos.defaults` apply to every service Prometheus reports)
 *   fetchSloFigures   2 availability + 2 latency + 1 `le` look-up = 5
 *   fetchSloBurnDown  1 (only while an SLO is selected)
 *   total             7 ≤ 8 (BUDGETS.md), asserted in tests/views/metrics/sloView.test.ts
 */
import type { RedPreset } from '@/domain/metrics/redPresets'
import type { MetricsResult } from '@/domain/metrics/types'
import { burnDown, burnDownPlan, regroupSteps, type BurnDownPoint } from '@/domain/slo/burnDown'
import { burnDownCounts, burnDownQuery } from '@/domain/slo/burnDownQueries'
import type { SloDefinition } from '@/domain/slo/sloDefinition'
import type { PrometheusClient } from './prometheusClient'

export interface SloBurnDown {
  slo: SloDefinition
  /** Seconds per point of this SLO's window. */
  stepS: number
  /** Undefined without a request over the window: no data, never a flat full budget. */
  points: BurnDownPoint[] | undefined
}

export interface SloBurnDownOptions {
  /** The time the window ends at, Unix seconds; the client's clock when omitted. */
  timeS?: number
}

export async function fetchSloBurnDown(
  client: PrometheusClient,
  preset: RedPreset,
  slos: readonly SloDefinition[],
  options: SloBurnDownOptions = {},
  signal?: AbortSignal,
): Promise<MetricsResult<SloBurnDown[]>> {
  if (slos.length === 0) return { data: [], partial: false, warnings: [], infos: [] }
  const plan = burnDownPlan(
    slos.map((s) => s.window),
    options.timeS ?? Math.floor(Date.now() / 1000),
  )
  const { stepS, startS, endS } = plan.query
  // targetPoints at the cap so chooseStep keeps our step (it only ever picks a nice step ≥ minStepS).
  const answer = await client.queryRange(burnDownQuery(preset, slos, stepS), { startS, endS, minStepS: stepS, targetPoints: 11_000 }, signal)
  if (answer.stepS !== stepS || answer.startS !== startS) {
    throw new Error(`burn-down grid moved: asked ${startS}+${stepS}s, got ${answer.startS}+${answer.stepS}s`)
  }
  const data = slos.map((slo): SloBurnDown => {
    const grid = plan.windows[slo.window]
    if (grid === undefined) throw new Error(`no burn-down grid for window ${slo.window}`)
    const steps = regroupSteps(burnDownCounts(preset, slo, answer.data), grid)
    return { slo, stepS: grid.stepS, points: burnDown(steps, slo.objectivePercent, grid.startS) }
  })
  return { data, partial: answer.partial, warnings: answer.warnings, infos: answer.infos }
}
