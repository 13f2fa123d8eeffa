/**
 * Reads one SLO's budget burn-down for the SLO page's chart: fetchSloBurnDown's single range
 * query for the selected SLO, its points turned into the chart's milliseconds. A point is
 * never invented: a step with no requests seen has no point at all.
 */
import type { BurnDownLoader, BurnDownPoint } from '@/composables/useSloBurnDown'
import { fetchSloBurnDown } from '@/services/prometheus/sloBurnDown'

export const sloBurnDownLoader: BurnDownLoader = async (backend, preset, slo, nowMs, signal) => {
  const answer = await fetchSloBurnDown(backend.client, preset, [slo], { timeS: Math.floor(nowMs / 1000) }, signal)
  const points = answer.data[0]?.points ?? []
  return points.map((p): BurnDownPoint => ({ timeMs: p.timeS * 1000, budgetRemaining: Number.isFinite(p.remaining) ? p.remaining : undefined }))
}
