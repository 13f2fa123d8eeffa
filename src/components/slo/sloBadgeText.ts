import type { TraceboardComposer } from '@/i18n'
import type { SloResult } from '@/services/prometheus/sloFigures'
import { resultStatus } from '@/stores/sloRanking'
import { formatBudgetPct, formatBurnRate } from './sloFormat'

/** The badge's words for one SLO result: budget left (or overspent), and the burn when fast. */
export function sloBadgeText(t: TraceboardComposer['t'], r: SloResult): { text: string; burn: string | undefined } {
  const e = r.evaluation
  if (!e) return { text: t('slo.badge.problem'), burn: undefined }
  if (e.budgetRemaining === undefined) return { text: t('slo.badge.nodata'), burn: undefined }
  const pct = formatBudgetPct(e.budgetRemaining, 0)
  const text = e.budgetRemaining >= 0 ? t('slo.badge.left', { pct }) : t('slo.badge.overspent', { pct })
  // The page alert's long window: the speed that made it fire.
  const rate = e.burnRates['1h']
  const burn = resultStatus(r) === 'burning-fast' && rate !== undefined ? t('slo.badge.burn', { rate: formatBurnRate(rate) }) : undefined
  return { text, burn }
}
