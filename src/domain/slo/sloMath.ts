/**
 * Error-budget arithmetic (Google SRE workbook, ch. 2 "Implementing SLOs" and ch. 5 "Alerting
 * on SLOs"). Every function returns `undefined` for "no data" (no requests in the window):
 * an SLO with nothing measured is never shown as 100 % or as a full budget.
 *
 * Objectives are percentages as a host writes them (99.9). `100 - 99.9` is 0.09999999999999432 in
 * binary floating point, so the budget is rounded to 12 significant digits: 0.001 exactly as
 * written, which is also what the exported rules say.
 */
import { SLO_WINDOW_DAYS, type SloWindow } from './sloDefinition'

/** Good and total request counts over one window. */
export interface GoodTotal {
  good: number
  total: number
}

/** Fraction of requests allowed to be bad: 1 − objective (99.9 % → 0.001). */
export function errorBudget(objectivePercent: number): number {
  if (!(objectivePercent > 0 && objectivePercent < 100)) {
    throw new Error(`objective must be above 0 and below 100 percent, got ${objectivePercent}`)
  }
  return Number(((100 - objectivePercent) / 100).toPrecision(12))
}

/**
 * The SLI, good / total, in [0, 1]; undefined without requests. Good is clamped to [0, total]:
 * good and total come from different series (a bucket and the count, or the counter minus its
 * error subset), and `increase()` extrapolates each on its own, so a few hundredths of a request
 * can stick out either way.
 */
export function sli(counts: GoodTotal | undefined): number | undefined {
  if (counts === undefined) return undefined
  const { good, total } = counts
  if (!Number.isFinite(total) || total <= 0 || Number.isNaN(good)) return undefined
  return Math.min(Math.max(good, 0), total) / total
}

/** Fraction of bad requests (1 − SLI); undefined without requests. */
export function errorRatio(counts: GoodTotal | undefined): number | undefined {
  const s = sli(counts)
  if (s === undefined || counts === undefined) return undefined
  // (total − good) / total rather than 1 − s: exact for small ratios.
  return (counts.total - Math.min(Math.max(counts.good, 0), counts.total)) / counts.total
}

/**
 * How many times faster than sustainable the budget is spent: error ratio / (1 − objective).
 * 1 spends exactly the budget over the SLO window; 14.4 spends 2 % of a 30-day budget in 1 h.
 */
export function burnRate(badRatio: number | undefined, objectivePercent: number): number | undefined {
  if (badRatio === undefined || !Number.isFinite(badRatio)) return undefined
  return badRatio / errorBudget(objectivePercent)
}

/**
 * Fraction of the error budget left over the SLO window: 1 − (error ratio / budget). 1 with no
 * errors, 0 when the SLI equals the objective, negative when the budget is overspent (kept so
 * the page can say by how much).
 */
export function budgetRemaining(windowCounts: GoodTotal | undefined, objectivePercent: number): number | undefined {
  const spent = burnRate(errorRatio(windowCounts), objectivePercent)
  return spent === undefined ? undefined : 1 - spent
}

/** The whole budget as minutes of full outage over the window (99.9 % over 30 d → 43.2 min). */
export function budgetMinutes(objectivePercent: number, window: SloWindow): number {
  return errorBudget(objectivePercent) * SLO_WINDOW_DAYS[window] * 24 * 60
}

/**
 * The remaining budget as minutes of full outage (availability SLOs: a full outage makes every
 * request bad). Negative when overspent; undefined without data.
 */
export function remainingOutageMinutes(
  windowCounts: GoodTotal | undefined,
  objectivePercent: number,
  window: SloWindow,
): number | undefined {
  const remaining = budgetRemaining(windowCounts, objectivePercent)
  return remaining === undefined ? undefined : remaining * budgetMinutes(objectivePercent, window)
}
