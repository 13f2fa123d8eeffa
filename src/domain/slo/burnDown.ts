/**
 * Error-budget burn-down over an SLO window: how much of the window's budget was left at each
 * coarse step. The budget is counted in requests, `budget × requests over the window`, so the
 * line starts at 1, falls only when bad requests happen, and ends at the SLO's budget remaining
 * (sloMath.budgetRemaining over the same window): flat means nothing was spent.
 *
 * Steps are whole multiples of the step from the Unix epoch (a query_range grid): the chart
 * covers the window ending at the last complete step, never a partial one drawn as data.
 */
import { errorBudget, type GoodTotal } from './sloMath'
import { SLO_WINDOW_DAYS, SLO_WINDOWS, type SloWindow } from './sloDefinition'

/** Good/total counts of one step, `(endS − stepS, endS]`. */
export interface StepCounts extends GoodTotal {
  endS: number
}

export interface BurnDownPoint {
  timeS: number
  /** Fraction of the window's budget left at `timeS` (negative when overspent). */
  remaining: number
}

const DAY_S = 86400
/** About this many points per window (the chart is a trend, not a trace of every minute). */
export const BURN_DOWN_TARGET_POINTS = 120
/** Whole-hour steps so every window's grid nests in the finest one. */
const STEPS_S = [3600, 7200, 10800, 21600, 43200, 86400]

/** The step of a window's burn-down: the smallest whole-hour step giving at most ~120 points. */
export function burnDownStepS(window: SloWindow): number {
  const want = (SLO_WINDOW_DAYS[window] * DAY_S) / BURN_DOWN_TARGET_POINTS
  return STEPS_S.find((s) => s >= want) ?? DAY_S
}

export interface BurnDownPlan {
  /** The one query_range: the finest step of the windows asked, from the earliest start. */
  query: { startS: number; endS: number; stepS: number }
  /** Per window: its own coarser grid, ending at its last complete step at or before `atS`. */
  windows: Partial<Record<SloWindow, { startS: number; endS: number; stepS: number }>>
}

/**
 * One range query serves every window: the finest step divides the coarser ones (2 h and 6 h),
 * so each window's steps are sums of whole query steps. 30 d at 2 h is 360 points per series.
 */
export function burnDownPlan(windows: readonly SloWindow[], atS: number): BurnDownPlan {
  const wanted = SLO_WINDOWS.filter((w) => windows.includes(w))
  if (wanted.length === 0) throw new Error('a burn-down needs at least one SLO window')
  const fine = Math.min(...wanted.map(burnDownStepS))
  const plan: BurnDownPlan['windows'] = {}
  for (const w of wanted) {
    const stepS = burnDownStepS(w)
    if (stepS % fine !== 0) throw new Error(`burn-down steps do not nest: ${stepS} s over ${fine} s`)
    const endS = Math.floor(atS / stepS) * stepS
    plan[w] = { startS: endS - SLO_WINDOW_DAYS[w] * DAY_S, endS, stepS }
  }
  const starts = Object.values(plan).map((p) => p.startS)
  return { query: { startS: Math.min(...starts) + fine, endS: Math.floor(atS / fine) * fine, stepS: fine }, windows: plan }
}

/**
 * Sums fine steps into the steps of `grid` (each `(end − step, end]`); steps outside the grid
 * are left out, and a grid step with no fine step at all has no counts (it is not 0 requests
 * seen, it is nothing seen). Sorted by time.
 */
export function regroupSteps(steps: readonly StepCounts[], grid: { startS: number; endS: number; stepS: number }): StepCounts[] {
  const out = new Map<number, StepCounts>()
  for (const s of steps) {
    if (s.endS <= grid.startS || s.endS > grid.endS) continue
    const endS = grid.startS + Math.ceil((s.endS - grid.startS) / grid.stepS) * grid.stepS
    const acc = out.get(endS) ?? { endS, good: 0, total: 0 }
    acc.good += clampGood(s)
    acc.total += s.total
    out.set(endS, acc)
  }
  return [...out.values()].sort((a, b) => a.endS - b.endS)
}

function clampGood(s: GoodTotal): number {
  return Math.min(Math.max(s.good, 0), s.total)
}

/**
 * The burn-down of one SLO from its step counts: a first point at the window start (the whole
 * budget), then one per step. Undefined without a single request in the window: no data is no
 * chart, never a flat 100 % line.
 */
export function burnDown(steps: readonly StepCounts[], objectivePercent: number, windowStartS: number): BurnDownPoint[] | undefined {
  const budget = errorBudget(objectivePercent)
  const sorted = [...steps].filter((s) => Number.isFinite(s.total) && s.total >= 0 && !Number.isNaN(s.good)).sort((a, b) => a.endS - b.endS)
  const total = sorted.reduce((sum, s) => sum + s.total, 0)
  if (!(total > 0)) return undefined
  const allowed = budget * total
  const points: BurnDownPoint[] = [{ timeS: windowStartS, remaining: 1 }]
  let bad = 0
  for (const s of sorted) {
    bad += s.total - clampGood(s)
    points.push({ timeS: s.endS, remaining: 1 - bad / allowed })
  }
  return points
}
