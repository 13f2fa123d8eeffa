import type { TraceboardComposer } from '@/i18n'
import type { HealthReason, HealthStatus } from '@/domain/health/serviceHealth'

/**
 * Every fixed text of a status card, translated once per grid instead of once per card
 * (300 cards × a dozen lookups was a measurable part of the overview's render).
 */
export interface CardLabels {
  status: Record<HealthStatus, string>
  reason: Record<HealthReason, string>
  rate: string
  rateUnit: string
  errors: string
  p95: string
  sparkline: string
  stale: string
  trend: { day: string; week: string; rate: string; errors: string; p95: string }
}

export function cardLabels(t: TraceboardComposer['t']): CardLabels {
  return {
    status: {
      healthy: t('metrics.status.healthy'),
      warning: t('metrics.status.warning'),
      critical: t('metrics.status.critical'),
      nodata: t('metrics.status.nodata'),
    },
    reason: { errorRatio: t('metrics.reason.errorRatio'), p95: t('metrics.reason.p95') },
    rate: t('metrics.figure.rate'),
    rateUnit: t('metrics.figure.rateUnit'),
    errors: t('metrics.figure.errors'),
    p95: t('metrics.figure.p95'),
    sparkline: t('metrics.card.sparkline'),
    stale: t('metrics.card.stale'),
    trend: {
      day: t('metrics.trend.day'),
      week: t('metrics.trend.week'),
      rate: t('metrics.trend.rate'),
      errors: t('metrics.trend.errors'),
      p95: t('metrics.trend.p95'),
    },
  }
}
