/**
 * The error ratios the exported rules (sloRules.ts) record, read instead of evaluating
 * `increase(…[30d])` on every refresh. One instant query returns every recorded window of every
 * SLO. An SLO is covered when the series of its own window is there
 * (`traceboard:slo_error_ratio:rate30d{slo, service[, operation]}`); a burn window without a
 * finite value then means no requests in it (the rule divides 0 by 0).
 */
import { labelSelector, re, type PromQL } from '../promql/builder'
import type { InstantVector } from '../metrics/types'
import type { SloQueryWindow } from './burnRateAlerts'
import type { WindowCounts } from './evaluateSlo'
import type { SloDefinition } from './sloDefinition'
import { errorRatioRecordName } from './sloRules'

export function recordedRatiosQuery(windows: readonly SloQueryWindow[]): PromQL {
  if (windows.length === 0) throw new Error('recorded SLO ratios need at least one window')
  return labelSelector([re('__name__', [...new Set(windows)].map(errorRatioRecordName))])
}

const keyOf = (slo: string, service: string, operation: string | undefined): string => JSON.stringify([slo, service, operation ?? null])

/**
 * Counts per window for the SLOs the recordings cover, as fractions: a recorded error ratio r
 * reads as good 1 − r of total 1, which gives the same SLI, budget and burn rates.
 */
export function recordedCounts(slos: readonly SloDefinition[], vector: InstantVector, windows: readonly SloQueryWindow[]): Map<SloDefinition, WindowCounts> {
  const windowByName = new Map(windows.map((w) => [errorRatioRecordName(w), w]))
  const byKey = new Map<string, Map<SloQueryWindow, number>>()
  for (const s of vector) {
    const w = windowByName.get(s.labels.__name__ ?? '')
    const { slo, service, operation } = s.labels
    if (w === undefined || slo === undefined || service === undefined) continue
    const k = keyOf(slo, service, operation)
    let ratios = byKey.get(k)
    if (!ratios) byKey.set(k, (ratios = new Map()))
    ratios.set(w, s.value)
  }
  const out = new Map<SloDefinition, WindowCounts>()
  for (const slo of slos) {
    const ratios = byKey.get(keyOf(slo.name, slo.service, slo.operation))
    if (ratios?.has(slo.window) !== true) continue
    const counts: WindowCounts = {}
    for (const [w, r] of ratios) if (Number.isFinite(r)) counts[w] = { good: 1 - Math.min(Math.max(r, 0), 1), total: 1 }
    out.set(slo, counts)
  }
  return out
}
