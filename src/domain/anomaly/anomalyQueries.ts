/**
 * PromQL of the usual-week band. Each figure is the preset's own RED query (redFigureQuery.ts,
 * the redQueries.ts template) with `offset 1w` … `offset <N>w` on its selectors; all figures ×
 * all weeks are tagged (`rate_w1`, `p95_w4`, …) and joined with `or` into ONE query:
 * - the overview: ONE instant query for every service (`sum by (<service label>)`), whatever
 *   the number of services and weeks: 1 request per refresh;
 * - the service page: ONE range query for the bands of its three charts, at the charts' step.
 * Mean and stddev are computed from the N values in usualBand.ts (pure, property-tested), so a
 * service missing one week keeps its band from the others instead of vanishing from a `+`.
 */
import { re, type PromQL } from '../promql/builder'
import { DEFAULT_RED_WINDOW } from '../metrics/redQueries'
import { parseDurationSeconds } from '../promql/duration'
import type { RedPreset } from '../metrics/redPresets'
import { figureQuery, type FigureScope } from '../metricsViews/redFigureQuery'
import { taggedUnion, type TaggedPart } from '../metricsViews/promqlParts'
import { serviceMatchers, type ServiceScope } from '../metricsViews/serviceQueries'
import { ANOMALY_FIGURES, type AnomalyFigure } from './usualBand'

export type WeekTag = `${AnomalyFigure}_w${number}`

/** `rate_w1`, `errorRatio_w1`, `p95_w1`, …, `p95_w<weeks>`. */
export function weekTags(weeks: number): WeekTag[] {
  return ANOMALY_FIGURES.flatMap((f) => weekNumbers(weeks).map((w): WeekTag => `${f}_w${w}`))
}

export function weekNumbers(weeks: number): number[] {
  if (!Number.isInteger(weeks) || weeks < 1) throw new Error(`weeks must be a whole number ≥ 1, got ${weeks}`)
  return Array.from({ length: weeks }, (_, i) => i + 1)
}

function parts(weeks: number, at: (offset: string) => FigureScope, preset: RedPreset): TaggedPart<WeekTag>[] {
  return ANOMALY_FIGURES.flatMap((figure) =>
    weekNumbers(weeks).map((w) => ({ tag: `${figure}_w${w}` as WeekTag, expr: figureQuery(preset, figure, at(`${w}w`)) })),
  )
}

export interface BandQueryOptions {
  weeks: number
  window?: string
  /** Only these services (one standalone card); undefined or empty = every service. */
  services?: readonly string[]
}

/** Rate, error ratio and p95 of every service at this time 1…N weeks ago, in one instant query. */
export function overviewBandQuery(preset: RedPreset, options: BandQueryOptions): PromQL {
  const services = options.services ?? []
  return taggedUnion(
    parts(
      options.weeks,
      (offset) => ({
        groupBy: [preset.serviceLabel],
        matchers: services.length > 0 ? [re(preset.serviceLabel, services)] : [],
        window: options.window ?? DEFAULT_RED_WINDOW,
        offset,
      }),
      preset,
    ),
  )
}

/**
 * The rate window of a chart's band: the chart's own window, but never under the cards' 5 m.
 * Older weeks are often coarser than today's data (a 60 s scrape then, downsampling, a
 * backfill), and `rate()` over a 1 m window with 60 s samples has no answer at all: the band
 * would vanish. The band is the usual level, so the smoother 5 m is also the better comparison.
 */
export function bandRateWindow(chartWindowS: number): string {
  return `${Math.max(chartWindowS, parseDurationSeconds(DEFAULT_RED_WINDOW) ?? 300)}s`
}

/** The same figures of one service (and operation) over a range, for the charts' bands. */
export function chartBandQuery(preset: RedPreset, scope: ServiceScope, window: string, weeks: number): PromQL {
  return taggedUnion(parts(weeks, (offset) => ({ groupBy: [], matchers: serviceMatchers(preset, scope), window, offset }), preset))
}
