/**
 * Multi-window, multi-burn-rate alerting (Google SRE workbook, ch. 5 "Alerting on SLOs",
 * table 5-8): an alert fires when the burn rate exceeds the factor over BOTH a long window
 * (enough budget spent to matter) and a short one (still happening, so it resets quickly).
 *
 * The factors are the workbook's, derived for a 30-day window (factor = budget fraction spent ×
 * window / long window: 2 % × 720 h / 1 h = 14.4). The issue fixes them for every window; over
 * 7 or 28 days they are the same burn speeds, i.e. the same budget fraction per hour of a 30-day
 * budget.
 */
import { SLO_WINDOWS, type SloWindow } from './sloDefinition'

export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const
export type BurnWindow = (typeof BURN_WINDOWS)[number]

/** Every window the page and the rules need: the burn windows and the SLO windows. */
export const ALL_SLO_QUERY_WINDOWS = [...BURN_WINDOWS, ...SLO_WINDOWS] as const
export type SloQueryWindow = BurnWindow | SloWindow

export type AlertSeverity = 'page' | 'ticket'

export interface BurnRateAlert {
  severity: AlertSeverity
  longWindow: BurnWindow
  shortWindow: BurnWindow
  /** Fires when the burn rate is strictly above this over both windows. */
  factor: number
}

export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
  { severity: 'page', longWindow: '1h', shortWindow: '5m', factor: 14.4 },
  { severity: 'page', longWindow: '6h', shortWindow: '30m', factor: 6 },
  { severity: 'ticket', longWindow: '1d', shortWindow: '2h', factor: 3 },
  { severity: 'ticket', longWindow: '3d', shortWindow: '6h', factor: 1 },
]

/** Burn rate per window; undefined where that window had no requests. */
export type BurnRates = Partial<Record<BurnWindow, number | undefined>>

/**
 * One alert condition. A window without requests burns nothing, so it cannot fire: a quiet
 * service does not page (and "no data" is reported by the SLO status, not by an alert).
 */
export function alertCondition(alert: BurnRateAlert, burn: BurnRates): boolean {
  const long = burn[alert.longWindow]
  const short = burn[alert.shortWindow]
  return long !== undefined && short !== undefined && long > alert.factor && short > alert.factor
}

export function firingSeverities(burn: BurnRates): Record<AlertSeverity, boolean> {
  const fires = (s: AlertSeverity): boolean => BURN_RATE_ALERTS.some((a) => a.severity === s && alertCondition(a, burn))
  return { page: fires('page'), ticket: fires('ticket') }
}

export type SloStatus = 'ok' | 'burning-fast' | 'burning-slow' | 'exhausted' | 'nodata'

/**
 * The SLO's state: `nodata` without requests over the SLO window (never "ok" or 100 %), then
 * `exhausted` when no budget is left (whatever the current speed: the objective is already
 * missed), then `burning-fast` when a page alert condition holds, `burning-slow` for a ticket
 * condition, else `ok`.
 */
export function sloStatus(input: { budgetRemaining: number | undefined; burnRates: BurnRates }): SloStatus {
  if (input.budgetRemaining === undefined || Number.isNaN(input.budgetRemaining)) return 'nodata'
  if (input.budgetRemaining <= 0) return 'exhausted'
  const firing = firingSeverities(input.burnRates)
  if (firing.page) return 'burning-fast'
  if (firing.ticket) return 'burning-slow'
  return 'ok'
}

/** The windows to query for SLOs over `windows`: the burn windows, then each SLO window once. */
export function windowsFor(windows: readonly SloWindow[]): SloQueryWindow[] {
  return [...BURN_WINDOWS, ...SLO_WINDOWS.filter((w) => windows.includes(w))]
}
