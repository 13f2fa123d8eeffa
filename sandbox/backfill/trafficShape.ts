/**
 * The daily rhythm of a back-office: quiet at night, busy in office hours with a peak (1.0) in
 * the early afternoon, local time. Both the backfilled history and live traffic follow it, so
 * the live series continue the history without a step.
 */
export function dailyFactor(epochMs: number): number {
  const d = new Date(epochMs)
  const hour = d.getHours() + d.getMinutes() / 60
  // Smooth bump centred on 14:00, width ~4.5 h, on top of a night-time floor.
  const bump = Math.exp(-((hour - 14) ** 2) / (2 * 4.5 ** 2))
  return 0.25 + 0.75 * bump
}

/** Week-over-week growth: last week's traffic was this fraction of this week's. */
export const LAST_WEEK_FACTOR = 0.9
