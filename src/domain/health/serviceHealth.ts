import type { RedFigures } from '@/domain/metrics/mergeRed'

export type HealthStatus = 'healthy' | 'warning' | 'critical' | 'nodata'

export interface ThresholdPair {
  errorRatio: number
  p95Ms: number
}

export interface HealthThresholds {
  warning: ThresholdPair
  critical: ThresholdPair
  perService: Record<string, { warning?: Partial<ThresholdPair>; critical?: Partial<ThresholdPair> }>
}

/** Which figure put a service in its state, so a card can say why it is red. */
export type HealthReason = 'errorRatio' | 'p95'

export interface HealthVerdict {
  status: HealthStatus
  reasons: HealthReason[]
}

/** The thresholds that apply to one service: the defaults with its overrides on top. */
export function thresholdsFor(service: string, t: HealthThresholds): { warning: ThresholdPair; critical: ThresholdPair } {
  const own = t.perService[service]
  return {
    warning: { ...t.warning, ...own?.warning },
    critical: { ...t.critical, ...own?.critical },
  }
}

function breaches(f: RedFigures, limit: ThresholdPair): HealthReason[] {
  const reasons: HealthReason[] = []
  if (f.errorRatio !== undefined && f.errorRatio >= limit.errorRatio) reasons.push('errorRatio')
  if (f.p95Ms !== undefined && f.p95Ms >= limit.p95Ms) reasons.push('p95')
  return reasons
}

/**
 * A service's status from its RED figures. "No data" (no rate, or no traffic and nothing else
 * known) is its own state and never counts as healthy: a silent service is not a well one.
 */
export function judgeHealth(service: string, f: RedFigures, t: HealthThresholds): HealthVerdict {
  const noTraffic = f.rate === undefined || (f.rate === 0 && f.errorRatio === undefined && f.p95Ms === undefined)
  if (noTraffic) return { status: 'nodata', reasons: [] }
  const { warning, critical } = thresholdsFor(service, t)
  const crit = breaches(f, critical)
  if (crit.length > 0) return { status: 'critical', reasons: crit }
  const warn = breaches(f, warning)
  if (warn.length > 0) return { status: 'warning', reasons: warn }
  return { status: 'healthy', reasons: [] }
}

const SEVERITY: Record<HealthStatus, number> = { critical: 0, warning: 1, nodata: 2, healthy: 3 }

/** Worst first: by status, then error ratio, then p95, then name (stable for equal figures). */
export function compareWorstFirst(
  a: { service: string; status: HealthStatus; figures: RedFigures },
  b: { service: string; status: HealthStatus; figures: RedFigures },
): number {
  return (
    SEVERITY[a.status] - SEVERITY[b.status] ||
    (b.figures.errorRatio ?? -1) - (a.figures.errorRatio ?? -1) ||
    (b.figures.p95Ms ?? -1) - (a.figures.p95Ms ?? -1) ||
    a.service.localeCompare(b.service)
  )
}
