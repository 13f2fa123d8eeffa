/**
 * The SLO table's rows as ready-to-render text, built once per answer and language: the table
 * patches 600 rows within the paint budget only if rendering does no formatting of its own.
 */
import type { TraceboardComposer } from '@/i18n'
import { formatLatency } from '@/domain/metricsViews/formatFigures'
import type { BurnWindow, SloStatus } from '@/domain/slo/burnRateAlerts'
import type { SloResult } from '@/services/prometheus/sloFigures'
import { resultStatus } from '@/stores/sloRanking'
import { formatBudgetPct, formatBurnRate, formatObjective, formatSli, splitMinutes } from './sloFormat'

/** The burn windows the page shows (the short alert windows 30m, 2h are only in the rules). */
export const SHOWN_BURN_WINDOWS: readonly BurnWindow[] = ['5m', '1h', '6h', '1d', '3d']

export interface SloRowView {
  name: string
  service: string
  operation: string | undefined
  kind: string
  window: string
  status: SloStatus
  statusText: string
  sli: string
  objective: string
  budget: string
  /** "N minutes of full outage left" (availability only). */
  outage: string | undefined
  /** Burn rate per shown window, with `hot` above 1× (spending faster than sustainable). */
  burns: { window: BurnWindow; text: string; hot: boolean }[]
  alerts: ('page' | 'ticket')[]
  problem: string | undefined
}

type T = TraceboardComposer['t']

function minutesText(t: T, minutes: number): string {
  const m = splitMinutes(minutes)
  return m.kind === 'minutes' ? t('slo.duration.minutes', { n: m.n }) : t('slo.duration.hours', { h: m.h, m: m.m })
}

export function sloRowView(t: T, r: SloResult): SloRowView {
  const { slo } = r
  const e = r.evaluation
  const status = resultStatus(r)
  const remaining = e?.budgetRemaining
  const outage = e?.outageMinutes
  let outageText: string | undefined
  if (outage?.remaining !== undefined) {
    outageText =
      outage.remaining >= 0
        ? `${t('slo.outage', { minutes: minutesText(t, outage.remaining) })} (${t('slo.outageOf', { minutes: minutesText(t, outage.budget) })})`
        : t('slo.outageOverspent', { minutes: minutesText(t, -outage.remaining) })
  }
  return {
    name: slo.name,
    service: slo.service,
    operation: slo.operation,
    kind: slo.kind === 'availability' ? t('slo.kind.availability') : t('slo.kind.latency', { threshold: formatLatency(slo.thresholdMs) }),
    window: slo.window,
    status,
    statusText: t(`slo.status.${status}`),
    sli: formatSli(e?.sli),
    objective: formatObjective(slo.objectivePercent),
    budget: remaining === undefined ? formatSli(undefined) : remaining >= 0 ? formatBudgetPct(remaining) : `−${formatBudgetPct(remaining)} ${t('slo.overspent')}`,
    outage: outageText,
    burns: SHOWN_BURN_WINDOWS.map((w) => {
      const rate = e?.burnRates[w]
      return { window: w, text: rate === undefined ? formatBurnRate(undefined) : `${formatBurnRate(rate)}×`, hot: rate !== undefined && rate > 1 }
    }),
    alerts: e ? (['page', 'ticket'] as const).filter((s) => e.firing[s]) : [],
    problem: r.problem === undefined ? undefined : t('slo.problem', { message: r.problem }),
  }
}
