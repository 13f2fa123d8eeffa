/** One SLO's figures from its good/total counts per window: what the SLO page shows. */
import { BURN_WINDOWS, firingSeverities, sloStatus, type AlertSeverity, type BurnRates, type SloQueryWindow, type SloStatus } from './burnRateAlerts'
import type { SloDefinition } from './sloDefinition'
import { budgetMinutes, budgetRemaining, burnRate, errorBudget, errorRatio, remainingOutageMinutes, sli, type GoodTotal } from './sloMath'

export type WindowCounts = Partial<Record<SloQueryWindow, GoodTotal>>

export interface SloEvaluation {
  slo: SloDefinition
  /** Good / total over the SLO window, undefined without requests. */
  sli: number | undefined
  /** The objective as a fraction (99.9 % → 0.999). */
  objective: number
  /** 1 − objective. */
  errorBudget: number
  /** Fraction of the budget left (negative when overspent), undefined without data. */
  budgetRemaining: number | undefined
  /**
   * Availability only: the whole budget and what is left of it as minutes of full outage.
   * A latency budget is not outage time (a slow request is not an unavailable one).
   */
  outageMinutes: { budget: number; remaining: number | undefined } | undefined
  burnRates: BurnRates
  firing: Record<AlertSeverity, boolean>
  status: SloStatus
}

export function evaluateSlo(slo: SloDefinition, counts: WindowCounts): SloEvaluation {
  const windowCounts = counts[slo.window]
  const burnRates: BurnRates = {}
  for (const w of BURN_WINDOWS) burnRates[w] = burnRate(errorRatio(counts[w]), slo.objectivePercent)
  const remaining = budgetRemaining(windowCounts, slo.objectivePercent)
  const budget = errorBudget(slo.objectivePercent)
  return {
    slo,
    sli: sli(windowCounts),
    objective: 1 - budget,
    errorBudget: budget,
    budgetRemaining: remaining,
    outageMinutes:
      slo.kind === 'availability'
        ? {
            budget: budgetMinutes(slo.objectivePercent, slo.window),
            remaining: remainingOutageMinutes(windowCounts, slo.objectivePercent, slo.window),
          }
        : undefined,
    burnRates,
    firing: firingSeverities(burnRates),
    status: sloStatus({ budgetRemaining: remaining, burnRates }),
  }
}
